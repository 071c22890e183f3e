"""A real Celery worker process and a real SMTP sink, for integration tests and the fan-out benchmark.

Production relies on a worker that reads tasks from Redis and sends through SMTP; these
helpers run exactly that on this machine, on loopback only:

- :class:`SmtpSink`: an aiosmtpd server on 127.0.0.1 (a free port) that keeps every
  message it accepts, or refuses them all with a temporary error (``fail = True``);
- :class:`WorkerProcess`: ``celery -A cln_portal worker`` in a subprocess with the
  production settings (``cln_portal.settings.base``), pointed by environment variables
  at a given database, Redis database and SMTP port;
- :func:`use_broker`: makes *this* process send tasks to Redis instead of running them
  eagerly (test settings run them eagerly), and restores it afterwards.

Only dedicated Redis databases are flushed (never db 0 of the developer's ``make worker``):
the caller names one, e.g. ``redis://127.0.0.1:6379/14`` for the tests.
"""

import contextlib
import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import redis
from django.conf import settings

from cln_portal.celery import app

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_flush(url: str) -> None:
    """Empty one Redis database (the one ``url`` names, e.g. ``/14``), nothing else."""
    if url.rstrip("/").rsplit("/", 1)[-1] in ("", "0"):
        raise ValueError("Refusing to flush Redis database 0: name a dedicated database.")
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def wait_until(condition: Callable[[], bool], *, timeout: float = 30.0, interval: float = 0.05) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def redis_pending(url: str) -> int:
    """Messages still in the broker at ``url``: waiting in the default queue or not yet acknowledged."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        return client.llen("celery") + client.hlen("unacked")
    finally:
        client.close()


def redis_ready(url: str) -> bool:
    """Whether Redis answers at ``url``."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


class SmtpSink:
    """An SMTP server on 127.0.0.1 that records what it receives (thread-safe).

    ``messages`` holds parsed ``EmailMessage`` objects; ``fail = True`` makes it answer
    "451 4.3.0" (try again later) to every message, as a mail server in trouble does.
    """

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.refused = 0
        self.fail = False
        self._lock = threading.Lock()
        self._controller = None

    # aiosmtpd handler hook
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.fail:
            with self._lock:
                self.refused += 1
            return "451 4.3.0 Serveur de test indisponible, réessayez plus tard"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> "SmtpSink":
        # Here, not at module level: aiosmtpd is a dev dependency, and only this sink needs it.
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def url(self) -> str:
        """The ``EMAIL_URL`` that sends here."""
        return f"smtp://127.0.0.1:{self.port}"

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.refused = 0
        self.fail = False

    def wait_for(self, count: int, *, timeout: float = 30.0) -> bool:
        """Wait until at least ``count`` messages arrived; False on timeout."""
        return wait_until(lambda: self.count() >= count, timeout=timeout)


# Celery's worker log: "Task <name>[<id>] received", then "succeeded in", "retry:", "raised
# unexpected" or "failed" for each time it ran (a retried task is received again, same id).
_TASK_LINE = re.compile(r"Task [\w.]+\[([0-9a-f-]+)\] (received|succeeded|retry|raised|failed|rejected)")


class WorkerProcess:
    """``celery -A cln_portal worker`` in a subprocess, with its log in ``log_path``.

    ``database_url``, ``redis_url`` and ``email_url`` are passed as the production settings
    read them (``DATABASE_URL``, ``REDIS_URL``, ``EMAIL_URL``); ``extra_env`` adds more
    (e.g. ``NOTIFICATION_RETRY_DELAY``). ``pool``/``concurrency`` as for Celery.
    """

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str,
        email_url: str,
        log_path: Path,
        pool: str = "prefork",
        concurrency: int = 2,
        extra_env: dict[str, str] | None = None,
        name: str = "integration",
    ):
        self.log_path = Path(log_path)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cln_portal.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": "integration-secret-key-not-for-production",  # noqa: S105
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "EMAIL_URL": email_url,
            "SITE_URL": settings.SITE_URL,
            "CELERY_SKIP_CHECKS": "1",
            **(extra_env or {}),
        }
        self.command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cln_portal",
            "worker",
            "--pool",
            pool,
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"{name}-{os.getpid()}@%h",
        ]
        self.process: subprocess.Popen | None = None
        self._log = None

    def start(self, *, timeout: float = 60.0) -> "WorkerProcess":
        """Start the worker and wait until it says it is ready (raises RuntimeError otherwise)."""
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
            self.command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"The Celery worker stopped at start:\n{self.log()}")
            return b" ready." in self.log_path.read_bytes()

        if wait_until(ready, timeout=timeout, interval=0.1):
            return self
        self.stop()
        raise RuntimeError(f"The Celery worker was not ready within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def mark(self) -> int:
        """Where the log ends now: ``settled(since=…)`` then looks only at what comes after."""
        return len(self.log())

    def settled(self, *, since: int = 0, received: int = 1) -> bool:
        """Whether at least ``received`` task runs were received since ``since`` and each has ended."""
        runs, ended = Counter(), Counter()
        for task_id, event in _TASK_LINE.findall(self.log()[since:]):
            (runs if event == "received" else ended)[task_id] += 1
        return sum(runs.values()) >= received and all(ended[task_id] >= n for task_id, n in runs.items())

    def stop(self, *, timeout: float = 15.0) -> None:
        """Warm shutdown (SIGTERM to the worker's process group), then kill if it lingers."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


@contextlib.contextmanager
def use_broker(redis_url: str):
    """Within the block, ``task.delay()`` in this process publishes to Redis at ``redis_url``."""
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}

    def reset_pools():
        # Only forget them: kombu keeps one pool per broker URL and hands it back next time.
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    try:
        yield app
    finally:
        reset_pools()
        app.conf.update(**saved)
