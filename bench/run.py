"""``make bench``: the portal's speed as ratios to a trivial view measured in the same run.

    .venv/bin/python bench/run.py [--duration 10] [--connections 8]

1. Recreates its own PostgreSQL database (``cln_bench``), migrates, collects static files,
   loads the demo (``sessions.demo.demo_seed``).
2. Counts the SQL queries of four pages (public programme, an edition, the member
   dashboard, a minutes page) at the demo's size, scales the data up (40 sittings, 500
   members, 60 editions, 5,000 registrations: ``bench/scale.py``) and counts again: the
   counts must be equal (no query count grows with the data).
3. Times the reference minutes' PDF rendering (median of 5), and the import of the seed
   compte-rendu with its render (``bench/import_seed.py``, own database).
4. Serves the portal with gunicorn (2 sync workers, no access log, DEBUG off) on
   127.0.0.1 and loads each page with wrk: requests/s and p50/p95 latency, each beside the
   same server's ``/sante/`` (a view touching neither database nor template) as ratios;
   then the already published PDF.
5. Runs ``bench/fanout.py`` (the reminder to 1,000 members through a real worker) if present.

Everything printed is also written to ``bench/results/<date>.txt``. Absolute numbers vary
with the machine and its load; the ratios are what to compare between runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "cln_bench"
LUA = Path(__file__).with_name("report.lua")
RESULTS = Path(__file__).with_name("results")
VAR = BASE_DIR / "var" / "bench"

lines: list[str] = []


def say(text: str = "") -> None:
    print(text, flush=True)  # noqa: T201
    lines.append(text)


def configure() -> None:
    """Production settings (DEBUG off, whitenoise manifest) over plain HTTP on 127.0.0.1."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cln_portal.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SITE_URL": "http://127.0.0.1:8000",
            "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(VAR / "static"),
            "MEDIA_ROOT": str(VAR / "media"),
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("REDIS_URL", None)  # tasks of the demo seed run inline


def database_recreate() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def pages(seed) -> dict[str, tuple[str, bool]]:
    """name -> (path, needs the member's session)."""
    from django.urls import reverse

    from pdin.models import Edition

    edition = Edition.objects.filter(registration_open=True).order_by("-number").first()
    edition = edition or Edition.objects.order_by("-number").first()
    return {
        "programme (public)": ("/", False),
        "edition page (public)": (edition.get_absolute_url(), False),
        "member dashboard": (reverse("home:dashboard"), True),
        "minutes page": (seed.minutes.get_absolute_url(), True),
    }


def member_client():
    from django.test import Client

    from members.models import User

    client = Client()
    client.force_login(User.objects.get(email="anais.garnier@example.org"))
    return client


def query_counts(targets: dict[str, tuple[str, bool]]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    member, public = member_client(), Client()
    for name, (path, logged_in) in targets.items():
        client = member if logged_in else public
        client.get(path)  # warm caches (council, ContentTypes) as a running server has them
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(queries)
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "cln_portal.wsgi",
        "--workers", "2",
        "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=BASE_DIR, env=os.environ.copy())  # noqa: S603
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=1) as answer:  # noqa: S310
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /sante/")


def wrk(url: str, *, cookie: str | None, duration: int, connections: int) -> dict[str, float]:
    """requests/s, p50 and p95 in ms, and the count of non-2xx answers, from one wrk run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(LUA), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"RESULT (\d+) ([\d.]+) (\d+) (\d+) (\d+) (\d+)", output)
    if not match:
        raise SystemExit(f"wrk gave no result:\n{output}")
    done, seconds, p50, p95, bad, errors = match.groups()
    return {
        "rps": int(done) / float(seconds),
        "p50": int(p50) / 1000,
        "p95": int(p95) / 1000,
        "non2xx": int(bad),
        "errors": int(errors),
    }


def check_answers(url: str, cookie: str | None) -> None:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        if answer.status != 200 or answer.url != url:
            raise SystemExit(f"{url} answered {answer.status} at {answer.url}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--no-fanout", action="store_true", help="skip bench/fanout.py")
    args = parser.parse_args(argv)

    configure()
    VAR.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now().astimezone()
    say(
        f"CLN portal benchmark, {started:%Y-%m-%d %H:%M %Z}, on {socket.gethostname()} ({os.cpu_count()} CPUs)"
    )
    git = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    )
    say(f"commit {git.stdout.strip() or '?'} (plus uncommitted changes, if any)")
    say(
        "load average at start: {:.1f} {:.1f} {:.1f} (other work on the machine skews absolute figures)".format(
            *os.getloadavg()
        )
    )
    database_recreate()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from bench.scale import scale_up
    from sessions.demo import demo_seed

    seed = demo_seed(with_accounts=True)
    targets = pages(seed)
    demo_counts = query_counts(targets)
    say()
    say("Data scaled up:")
    for note in scale_up(seed=seed):
        say(f"  {note}")
    scaled_counts = query_counts(targets)

    say()
    say("SQL queries per page (demo size → scaled size; must be equal)")
    equal = True
    for name in targets:
        same = demo_counts[name] == scaled_counts[name]
        equal &= same
        say(f"  {name:<24} {demo_counts[name]:>3} → {scaled_counts[name]:>3}  {'ok' if same else 'GROWS'}")

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from sessions.minutes.pdf import minutes_pdf_filename, render_minutes_pdf
    from sessions.models import Minutes

    durations = []
    for _ in range(5):
        t0 = time.perf_counter()
        pdf = render_minutes_pdf(minutes=seed.minutes)
        durations.append(time.perf_counter() - t0)
    say()
    say(
        f"Reference minutes PDF: rendered in {statistics.median(durations):.2f} s (median of 5; "
        f"min {min(durations):.2f}, max {max(durations):.2f}), {len(pdf) // 1024} KB"
    )
    # Importing the seed compte-rendu and rendering it (own database, see its docstring).
    say()
    imported = subprocess.run(  # noqa: S603
        [sys.executable, str(BASE_DIR / "bench" / "import_seed.py"), "--runs", "5"],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    for line in (imported.stdout or imported.stderr).strip().splitlines()[-6:]:
        say(line)

    minutes = Minutes.objects.get(pk=seed.minutes.pk)
    if not minutes.pdf:
        stored = default_storage.save(f"minutes/{minutes_pdf_filename(minutes)}", ContentFile(pdf))
        Minutes.objects.filter(pk=minutes.pk).update(pdf=stored)

    cookie = member_client().cookies["sessionid"].value
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    try:
        say()
        say(
            f"Load: gunicorn 2 sync workers, DEBUG off, PostgreSQL; wrk -t2 -c{args.connections} "
            f"-d{args.duration}s on the same 2 cores"
        )
        for path, logged_in in targets.values():
            check_answers(base + path, cookie if logged_in else None)
        run = {}

        def measure(name: str, path: str, logged_in: bool) -> None:
            run[name] = wrk(
                base + path,
                cookie=cookie if logged_in else None,
                duration=args.duration,
                connections=args.connections,
            )

        wrk(base + "/sante/", cookie=None, duration=2, connections=args.connections)  # warm-up
        measure("trivial (before)", "/sante/", False)
        for name, (path, logged_in) in targets.items():
            measure(name, path, logged_in)
        pdf_path = f"{seed.minutes.get_absolute_url()}pdf/"
        check_answers(base + pdf_path, cookie)
        measure("published PDF", pdf_path, True)
        measure("trivial (after)", "/sante/", False)
    finally:
        server.terminate()
        server.wait(timeout=30)

    trivial_rps = statistics.mean([run["trivial (before)"]["rps"], run["trivial (after)"]["rps"]])
    trivial_p50 = statistics.mean([run["trivial (before)"]["p50"], run["trivial (after)"]["p50"]])
    say()
    say(f"  {'page':<24} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'req/s ratio':>12} {'p50 ratio':>10}")
    for name, figures in run.items():
        flag = ""
        if figures["non2xx"] or figures["errors"]:
            flag = f"  ({figures['non2xx']} non-2xx, {figures['errors']} socket errors)"
        say(
            f"  {name:<24} {figures['rps']:>8.0f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
            f"{figures['rps'] / trivial_rps:>12.3f} {figures['p50'] / trivial_p50:>10.1f}{flag}"
        )
    say("  (ratios: page / trivial view, trivial = mean of the runs before and after)")

    fanout = Path(__file__).with_name("fanout.py")
    if args.no_fanout:
        say("\nFan-out: skipped (--no-fanout)")
    elif fanout.exists():
        say()
        say("Fan-out (bench/fanout.py):")
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        result = subprocess.run([sys.executable, str(fanout)], capture_output=True, text=True, env=env)  # noqa: S603
        for line in (result.stdout + result.stderr).splitlines():
            if line.strip():
                say(f"  {line}")
        if result.returncode:
            say(f"  bench/fanout.py exited with status {result.returncode}")
    else:
        say("\nFan-out: bench/fanout.py is not there yet, skipped")

    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{started:%Y-%m-%d}.txt"
    suffix = 2
    while target.exists():
        target = RESULTS / f"{started:%Y-%m-%d}-{suffix}.txt"
        suffix += 1
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nWritten to {target.relative_to(BASE_DIR)}")  # noqa: T201
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
