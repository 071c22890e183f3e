"""Real gunicorn processes on this run's test database, for the tests that need several
processes (``test_several_processes.py``, ``members/test_shared_limits.py``).

Used through the ``gunicorn`` fixture of ``tests/conftest.py``: each process runs
``cln_portal.wsgi`` with the settings module it is given, DEBUG off, plain HTTP on a free
loopback port, the test database, and a Redis cache of its own (``TEST_GUNICORN_CACHE_URL``,
database 12 unless set; flushed before and after). Tasks run inline in the web process (no
broker). Each process is a session leader: stopping it stops its workers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from cln_portal.testing import free_port, redis_flush, redis_ready, wait_until

CACHE_URL = os.environ.get("TEST_GUNICORN_CACHE_URL", "redis://127.0.0.1:6379/12")


@dataclass
class Servers:
    """Started gunicorn processes: their base URLs, the Redis cache they share, their log."""

    bases: list[str]
    cache_url: str
    log_path: Path
    processes: list[subprocess.Popen] = field(repr=False)

    def flush_cache(self) -> None:
        """Empty the processes' shared cache (rate limits, pages, sessions' cache)."""
        redis_flush(self.cache_url)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        for process in self.processes:
            _stop(process)


def _answers(base: str) -> bool:
    with contextlib.suppress(OSError):
        with urllib.request.urlopen(base + "/sante/", timeout=2) as answer:  # noqa: S310 -- loopback
            return answer.status == 200  # noqa: PLR2004
    return False


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def start_servers(
    *,
    settings_module: str,
    log_dir: Path,
    processes: int = 1,
    workers: int = 1,
    hosts: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Servers:
    """Start ``processes`` gunicorn processes of ``workers`` sync workers each and wait until
    every one answers ``/sante/``; raises ``RuntimeError`` with their log otherwise.

    ``hosts``: names accepted besides 127.0.0.1 (``ALLOWED_HOSTS``); ``env``: more variables
    (e.g. ``MEDIA_ROOT``). ``SITE_URL`` is the first process's address.
    """
    if not redis_ready(CACHE_URL):
        raise RuntimeError(f"Redis does not answer at {CACHE_URL} (make test starts it).")
    db = settings.DATABASES["default"]
    ports = [free_port() for _ in range(processes)]
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DEBUG": "0",
        "SECRET_KEY": "gunicorn-test-secret-key-not-for-production",
        "ALLOWED_HOSTS": ",".join(("127.0.0.1", *hosts)),
        "SITE_URL": f"http://127.0.0.1:{ports[0]}",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": CACHE_URL,
        # Plain HTTP on loopback: cookies sent without TLS.
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        **(env or {}),
    }
    environment.pop("REDIS_URL", None)  # tasks run inline in the web process: no broker needed
    log_path = log_dir / "gunicorn.log"
    redis_flush(CACHE_URL)
    command = [sys.executable, "-m", "gunicorn", "cln_portal.wsgi", "--workers", str(workers)]
    with log_path.open("wb") as log:
        started = [
            subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
                [*command, "--bind", f"127.0.0.1:{port}"],
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for port in ports
        ]
    servers = Servers([f"http://127.0.0.1:{port}" for port in ports], CACHE_URL, log_path, started)
    up = wait_until(
        lambda: all(p.poll() is None for p in started) and all(_answers(b) for b in servers.bases),
        timeout=timeout,
        interval=0.2,
    )
    if not up:
        servers.stop()
        raise RuntimeError(f"gunicorn did not start:\n{servers.log()}")
    return servers
