"""``make bench``: the portal's speed as ratios to a trivial view measured in the same run.

    .venv/bin/python bench/run.py [--duration 10] [--connections 8]

1. Recreates its own PostgreSQL database (``cln_bench``, or ``BENCH_DATABASE``), migrates, collects static files,
   loads the demo (``sessions.demo.demo_seed``).
2. Counts the SQL queries of seven pages on their uncached path (page cache off) at the
   demo's size, keeps a copy of the demo's database, scales the data up (40 sittings, 500
   members, 60 editions, 5,000 registrations: ``bench/scale.py``), counts again, then
   measures the CPU per request (``bench/cpu.py``) on both databases, requests interleaved
   in one process: the counts must be equal and the CPU within 20 %, and the CPU at the
   scaled size at most half the reference's: the tree before issue 17 (the commit named in
   ``bench/baseline.json``), measured first in the same run the same way on a database of
   its own (``reference_measure``; ``--no-reference``: the figures stored in that file).
3. Times the reference minutes' PDF rendering (median of 5), and the import of the seed
   compte-rendu with its render (``bench/import_seed.py``, own database).
4. Serves the portal with gunicorn (2 sync workers, no access log, DEBUG off) on
   127.0.0.1 and loads each page with wrk: requests/s and p50/p95 latency, each beside the
   same server's ``/sante/`` (a view touching neither database nor template) as ratios;
   then the published PDFs through nginx in front of gunicorn (``deploy/nginx.conf``, run
   by ``bench/nginx.py``: the portal checks, nginx sends the file by X-Accel-Redirect),
   each beside a static file of the same size through the same nginx (whitenoise).
5. Runs ``bench/fanout.py`` (the reminder to 1,000 members through a real worker) if present.

Everything printed is also written to ``bench/results/<date>.txt``. Absolute numbers vary
with the machine and its load; the ratios are what to compare between runs.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from bench.nginx import Nginx  # noqa: E402 -- after the path

POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "cln_bench")
LUA = Path(__file__).with_name("report.lua")
RESULTS = Path(__file__).with_name("results")
VAR = BASE_DIR / "var" / "bench"
# The CPU figures of the tree before issue 17's work (--save-baseline on that commit).
BASELINE = Path(__file__).with_name("baseline.json")

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
            # The shared cache of production (rate limits, cached_db sessions, the page cache),
            # on a Redis database of the bench's own, emptied first (bench/run.py main).
            "CACHE_URL": BENCH_CACHE_URL,
            # As docker-compose.yml's web service: nginx sends the stored files (bench/nginx.py).
            "MEDIA_X_ACCEL_REDIRECT": "/internal/media/",
        }
    )
    os.environ.pop("REDIS_URL", None)  # tasks of the demo seed run inline


BENCH_CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9")
# The reference tree's run (--reference): a database and a Redis database of its own.
REFERENCE_DATABASE = "cln_bench_reference"
REFERENCE_CACHE_URL = "redis://127.0.0.1:6379/8"


def cache_empty() -> None:
    """Empty the bench's Redis database: no page or version left by an earlier run."""
    import redis

    redis.Redis.from_url(BENCH_CACHE_URL).flushdb()


def database_recreate() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


# The demo's data kept aside before scaling up, to measure both sizes side by side.
DEMO_DATABASE = f"{DATABASE}_demo"


def database_copy_demo() -> None:
    """Copy the bench's database, as it is now, to ``DEMO_DATABASE`` (PostgreSQL template copy;
    this process's connections are closed first: a template must have none)."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DEMO_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DEMO_DATABASE}" TEMPLATE "{DATABASE}"')


def pages() -> dict[str, tuple[str, bool]]:
    """name -> (path, needs the member's session): the pages the goals are about."""
    from django.urls import reverse

    from pdin.models import Edition, Venue
    from workstreams.models import Workstream

    edition = Edition.objects.filter(registration_open=True).order_by("-number").first()
    edition = edition or Edition.objects.order_by("-number").first()
    venue = Venue.objects.filter(pk=edition.venue_id).first() or Venue.objects.order_by("pk").first()
    minutes = _reference_minutes()
    workstream = Workstream.objects.exclude(opinion_pdf="").order_by("pk").first()
    workstream = workstream or Workstream.objects.order_by("order", "pk").first()
    return {
        "programme": ("/", False),
        "edition page": (edition.get_absolute_url(), False),
        "venue page": (venue.get_absolute_url(), False),
        "public minutes": (reverse("meetings:public_minutes_list"), False),
        "member dashboard": (reverse("home:dashboard"), True),
        "minutes page": (minutes.get_absolute_url(), True),
        "axis page": (workstream.get_absolute_url(), True),
    }


PUBLIC_PAGES = ("programme", "edition page", "venue page", "public minutes")
MEMBER_PAGES = ("member dashboard", "minutes page", "axis page")


def _reference_minutes():
    from sessions.models import Minutes

    return Minutes.objects.filter(status="published").order_by("-meeting__starts_at", "-version").first()


def member_cookie() -> str:
    """A fresh session of the demo council member (the value of the session cookie)."""
    from django.test import Client

    from members.models import User

    client = Client()
    client.force_login(User.objects.get(email="anais.garnier@example.org"))
    return client.cookies[settings_value("SESSION_COOKIE_NAME")].value


def settings_value(name: str):
    from django.conf import settings

    return getattr(settings, name)


def query_counts(targets: dict[str, tuple[str, bool]]) -> dict[str, int]:
    """SQL queries of each page on its uncached path (page cache and kept accounts off, the
    process's caches warm)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    public = Client()
    member = Client()
    member.cookies[settings_value("SESSION_COOKIE_NAME")] = member_cookie()
    with override_settings(PAGE_CACHE_ENABLED=False, ACCOUNT_CACHE_ENABLED=False):
        for name, (path, logged_in) in targets.items():
            client = member if logged_in else public
            client.get(path)  # warm caches (council, ContentTypes) as a running server has them
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert "X-Page-Cache" not in response, path
            counts[name] = len(queries)
    return counts


def cpu_figures(
    targets: dict[str, tuple[str, bool]], *, requests: int, cached: bool = False
) -> dict[str, float]:
    """CPU ms per request of each page, in this process (``bench/cpu.py``): the uncached path,
    or page-cache hits with ``cached``."""
    from django.core.handlers.wsgi import WSGIHandler

    from bench.cpu import cpu_per_request

    handler = WSGIHandler()
    cookie = member_cookie()
    return {
        name: cpu_per_request(handler, path, cookie if logged_in else None, requests=requests, cached=cached)
        for name, (path, logged_in) in targets.items()
    }


def cpu_figures_paired(
    targets: dict[str, tuple[str, bool]], *, cookie: str, requests: int
) -> tuple[dict, dict]:
    """``(demo, scaled)``: CPU ms per request of each page on its uncached path, on the demo's
    copy (``DEMO_DATABASE``) and on the scaled data, requests interleaved (``bench/cpu.py``)."""
    from django.core.handlers.wsgi import WSGIHandler

    from bench.cpu import cpu_per_request_paired

    handler = WSGIHandler()
    demo, scaled = {}, {}
    for name, (path, logged_in) in targets.items():
        figures = cpu_per_request_paired(
            handler, path, cookie if logged_in else None, names=[DEMO_DATABASE, DATABASE], requests=requests
        )
        demo[name], scaled[name] = figures[DEMO_DATABASE], figures[DATABASE]
    return demo, scaled


def cpu_breakdowns(targets: dict[str, tuple[str, bool]]) -> dict[str, dict[str, float]]:
    from django.core.handlers.wsgi import WSGIHandler

    from bench.cpu import breakdown

    handler = WSGIHandler()
    cookie = member_cookie()
    return {
        name: breakdown(handler, path, cookie if logged_in else None)
        for name, (path, logged_in) in targets.items()
    }


def opinion_prepare() -> None:
    """Give the first axis an adopted opinion and its stored PDF (the demo has none)."""
    import datetime

    from workstreams.models import Workstream
    from workstreams.pdf import opinion_pdf_store

    workstream = Workstream.objects.order_by("order", "pk").first()
    if not workstream.has_opinion:
        Workstream.objects.filter(pk=workstream.pk).update(
            opinion_text="Le conseil recommande une version accessible et un accueil humain.",
            opinion_adopted_on=datetime.date(2025, 11, 28),
        )
    opinion_pdf_store(workstream_id=workstream.pk)


def static_twin(name: str, size: int) -> str:
    """A file of ``size`` bytes in STATIC_ROOT (served by whitenoise): its path."""
    root = Path(os.environ["STATIC_ROOT"])
    (root / "bench").mkdir(parents=True, exist_ok=True)
    (root / "bench" / name).write_bytes(secrets.token_bytes(size))
    return f"/static/bench/{name}"


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
        command[1:1] = ["-H", f"Cookie: {settings_value('SESSION_COOKIE_NAME')}={cookie}"]
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
    headers = {"Cookie": f"{settings_value('SESSION_COOKIE_NAME')}={cookie}"} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        if answer.status != 200 or answer.url != url:
            raise SystemExit(f"{url} answered {answer.status} at {answer.url}")


class Goals:
    """The issue's goals, each printed beside its figure with PASS or FAIL."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool]] = []

    def check(self, what: str, figure: str, goal: str, ok: bool) -> None:
        self.rows.append((what, figure, goal, ok))

    @property
    def missed(self) -> int:
        return sum(not ok for *_, ok in self.rows)

    def print(self) -> None:
        say()
        say("Goals (issue 17)")
        width = max(len(r[0]) for r in self.rows)
        for what, figure, goal, ok in self.rows:
            say(f"  {'PASS' if ok else 'FAIL'}  {what:<{width}}  {figure:<22} goal {goal}")
        say(f"  {len(self.rows) - self.missed} of {len(self.rows)} goals met")


def pdf_render_times(minutes, runs: int) -> tuple[float, float, int]:
    """Median seconds of the portal's render of ``minutes`` and of WeasyPrint alone on its HTML."""
    from django.utils import translation
    from weasyprint import HTML

    from cln_portal.pdf import BASE_URL, PortalURLFetcher
    from sessions.minutes.pdf import render_minutes_html, render_minutes_pdf

    portal, weasy = [], []
    with translation.override("fr"):
        html = render_minutes_html(minutes=minutes)
    for _ in range(runs):
        t0 = time.perf_counter()
        pdf = render_minutes_pdf(minutes=minutes)
        portal.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        HTML(string=html, base_url=BASE_URL, url_fetcher=PortalURLFetcher()).write_pdf(pdf_variant="pdf/ua-1")
        weasy.append(time.perf_counter() - t0)
    return statistics.median(portal), statistics.median(weasy), len(pdf)


def conditional_get(url: str, cookie: str | None, sha256: str) -> tuple[dict, int, bytes]:
    """The headers and body of a GET of ``url``, and the status of the same GET with ``If-None-Match``."""
    headers = {"Cookie": f"{settings_value('SESSION_COOKIE_NAME')}={cookie}"} if cookie else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as answer:  # noqa: S310
        first = {k.lower(): v for k, v in answer.headers.items()}
        body = answer.read()
    request = urllib.request.Request(url, headers={**headers, "If-None-Match": f'"{sha256}"'})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return first, answer.status, body
    except urllib.error.HTTPError as error:
        return first, error.code, body


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reference_measure(commit: str, *, cpu_requests: int) -> dict | None:
    """The uncached CPU of the pages on the tree of ``commit`` (the reference: the tree before
    issue 17), measured now, on this machine, the way this tree is measured.

    The commit's files are exported to ``var/bench/reference/<commit>`` (``git archive``),
    this tree's ``bench/`` is copied over them (same pages, same data, same measurement),
    and ``bench/run.py --cpu-only`` runs there on a database and a Redis database of its
    own, with this virtualenv. Returns ``{"demo": {page: ms}, "scaled": {page: ms}, …}``,
    or None (with the reason printed) when the reference could not be measured: the figures
    stored in ``bench/baseline.json`` are then used.
    """
    tree = VAR / "reference" / commit
    say(f"Measuring the reference tree {commit} (before issue 17) in this run…")
    try:
        if not (tree / "manage.py").exists():
            tree.mkdir(parents=True, exist_ok=True)
            archive = subprocess.run(  # noqa: S603
                ["git", "archive", commit],  # noqa: S607
                cwd=BASE_DIR,
                capture_output=True,
                check=True,
            )
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)  # noqa: S603, S607
        for source in (BASE_DIR / "bench").glob("*.py"):
            shutil.copy2(source, tree / "bench" / source.name)
        out = tree / "reference-cpu.json"
        out.unlink(missing_ok=True)
        env = {
            **os.environ,
            "BENCH_DATABASE": REFERENCE_DATABASE,
            "BENCH_CACHE_URL": REFERENCE_CACHE_URL,
        }
        run = subprocess.run(  # noqa: S603
            [sys.executable, "bench/run.py", "--cpu-only", str(out), "--cpu-requests", str(cpu_requests)],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if run.returncode != 0:
            raise RuntimeError((run.stderr or run.stdout).strip().splitlines()[-1])
        return json.loads(out.read_text())
    except (OSError, RuntimeError, subprocess.SubprocessError, ValueError) as error:
        say(f"  could not measure it ({error}); the stored figures ({BASELINE.name}) are used")
        return None


def cpu_rounds(reference_tree: Path, *, rounds: int, requests: int) -> tuple[dict, dict] | None:
    """``(reference, now)``: the uncached CPU ms per request of each page at the scaled size,
    on the reference tree (its database left by ``reference_measure``) and on this one, each
    the median of ``rounds`` runs of ``bench/cpu.py --json`` made in turn, reference then
    this tree: both meet the same moments of the machine, which on this virtual machine moves
    a figure by ±30 % from one minute to the next. None (reason printed) when a run fails.
    """
    runs: dict[str, list[dict]] = {"reference": [], "now": []}
    trees = {
        "reference": (reference_tree, REFERENCE_DATABASE, REFERENCE_CACHE_URL),
        "now": (BASE_DIR, DATABASE, BENCH_CACHE_URL),
    }
    out = VAR / "cpu-round.json"
    try:
        for _ in range(rounds):
            for which, (tree, database, cache_url) in trees.items():
                out.unlink(missing_ok=True)
                run = subprocess.run(  # noqa: S603
                    [sys.executable, "bench/cpu.py", "--json", str(out), "--requests", str(requests)],
                    cwd=tree,
                    env={**os.environ, "BENCH_DATABASE": database, "BENCH_CACHE_URL": cache_url},
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
                if run.returncode != 0:
                    raise RuntimeError((run.stderr or run.stdout).strip().splitlines()[-1])
                runs[which].append(json.loads(out.read_text()))
    except (OSError, RuntimeError, subprocess.SubprocessError, ValueError) as error:
        say(f"  the rounds against the reference failed ({error}); its single run is used")
        return None
    return tuple(
        {name: statistics.median(run[name] for run in runs[which]) for name in runs[which][0]}
        for which in ("reference", "now")
    )


def main(argv=None) -> int:  # noqa: C901, PLR0915 -- one run, top to bottom
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--cpu-requests", type=int, default=40, help="requests per page for the CPU figure")
    parser.add_argument(
        "--cpu-rounds", type=int, default=3, help="runs per tree, in turn, for the CPU against the reference"
    )
    parser.add_argument("--pdf-runs", type=int, default=5, help="renders of the minutes PDF (median)")
    parser.add_argument("--no-fanout", action="store_true", help="skip bench/fanout.py")
    parser.add_argument("--no-import", action="store_true", help="skip bench/import_seed.py")
    parser.add_argument(
        "--cpu-only",
        metavar="JSON",
        help="only the SQL counts and uncached CPU at demo size and scaled, written to JSON (how "
        "the reference tree is measured)",
    )
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help=f"compare with the figures stored in {BASELINE.name} instead of measuring its commit in this run",
    )
    parser.add_argument(
        "--save-baseline",
        action="store_true",
        help=f"write the CPU figures to {BASELINE.name} (the reference)",
    )
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
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else None
    if baseline and not args.no_reference and not args.cpu_only and not args.save_baseline:
        measured = reference_measure(baseline["commit"], cpu_requests=args.cpu_requests)
        if measured is not None:
            baseline = {**baseline, **measured, "measured": "in this run"}
    database_recreate()
    cache_empty()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from bench.scale import scale_up
    from sessions.demo import demo_seed

    seed = demo_seed(with_accounts=True)
    opinion_prepare()
    targets = pages()
    demo_counts = query_counts(targets)
    cookie = member_cookie()  # before the copy: the session is in both databases
    database_copy_demo()
    say()
    say("Data scaled up:")
    for note in scale_up(seed=seed):
        say(f"  {note}")
    scaled_counts = query_counts(targets)
    demo_cpu, scaled_cpu = cpu_figures_paired(targets, cookie=cookie, requests=args.cpu_requests)
    if args.cpu_only:
        Path(args.cpu_only).write_text(
            json.dumps(
                {
                    "demo": demo_cpu,
                    "scaled": scaled_cpu,
                    "demo_queries": demo_counts,
                    "scaled_queries": scaled_counts,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    cached_cpu = cpu_figures(targets, requests=args.cpu_requests, cached=True)
    shares = cpu_breakdowns(targets)
    rounds = None
    if baseline and baseline.get("measured") == "in this run":
        rounds = cpu_rounds(
            VAR / "reference" / baseline["commit"], rounds=args.cpu_rounds, requests=args.cpu_requests
        )
    goals = Goals()

    if args.save_baseline:
        BASELINE.write_text(
            json.dumps(
                {
                    "commit": git.stdout.strip(),
                    "measured": f"{started:%Y-%m-%d %H:%M %Z}",
                    "demo": demo_cpu,
                    "scaled": scaled_cpu,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
        say(f"\nCPU figures written to {BASELINE.relative_to(BASE_DIR)} as the reference")

    say()
    say(
        "SQL queries and CPU per request on the uncached path (page cache off), in-process "
        f"(bench/cpu.py; median of {args.cpu_requests} requests, CPU of the web process only; "
        "demo and scaled databases requested in turn)"
    )
    reference = f"reference {baseline['commit']}" if baseline else "no reference"
    where_measured = (
        "measured in this run the same way (bench/run.py --cpu-only on its files)"
        if baseline and baseline.get("measured") == "in this run"
        else f"figures stored in bench/{BASELINE.name}, measured {baseline['measured']}"
        if baseline
        else ""
    )
    say(
        f"  {'page':<18} {'queries':>9} {'CPU ms demo':>12} {'scaled':>8} {'scaled/demo':>12} "
        f"{reference:>22} {'now/ref':>8} {'cache hit':>10}"
    )
    # Against the reference: the rounds' medians when they ran (both trees in turn), else this
    # run's scaled figure against the reference's single one.
    if rounds is not None:
        reference_scaled, now_scaled = rounds
    elif baseline:
        reference_scaled, now_scaled = baseline["scaled"], scaled_cpu
    else:
        reference_scaled, now_scaled = {}, {}
    for name in targets:
        before, against = "", ""
        if baseline and name in baseline["demo"]:
            before = f"{baseline['demo'][name]:.1f} → {baseline['scaled'][name]:.1f} ms"
            against = f"{now_scaled[name] / reference_scaled[name]:.2f}×"
        say(
            f"  {name:<18} {demo_counts[name]:>4} → {scaled_counts[name]:<3} {demo_cpu[name]:>10.1f} "
            f"{scaled_cpu[name]:>8.1f} {scaled_cpu[name] / demo_cpu[name]:>12.2f} {before:>22} "
            f"{against:>8} {cached_cpu[name]:>7.1f} ms"
        )
    say(
        f"  (reference: the tree before issue 17, {where_measured}, demo → scaled; now/ref at the "
        "scaled size; cache hit: the same page answered by the page cache, scaled)"
    )
    if rounds is not None:
        say(
            f"  now/ref: the medians of {args.cpu_rounds} runs of bench/cpu.py per tree, made in turn "
            "(reference, this tree, …), scaled size:"
        )
        say(
            "    "
            + ", ".join(
                f"{name} {reference_scaled[name]:.1f} → {now_scaled[name]:.1f} ms" for name in targets
            )
        )
    say("  where the uncached CPU goes at the scaled size (cProfile, own time):")
    for name, parts in shares.items():
        say(
            f"    {name:<18} " + ", ".join(f"{label} {share:.0%}" for label, share in list(parts.items())[:5])
        )
    for name in targets:
        goals.check(
            f"SQL queries uncached, {name}",
            f"{demo_counts[name]} → {scaled_counts[name]}",
            "equal at demo size and scaled",
            demo_counts[name] == scaled_counts[name],
        )
    for name in targets:
        ratio = scaled_cpu[name] / demo_cpu[name]
        goals.check(
            f"uncached CPU scaled/demo, {name}",
            f"{demo_cpu[name]:.1f} → {scaled_cpu[name]:.1f} ms ({ratio:.2f}×)",
            "0.8–1.2×",
            0.8 <= ratio <= 1.2,  # noqa: PLR2004
        )
    for name in targets:
        if name in reference_scaled:
            ratio = now_scaled[name] / reference_scaled[name]
            goals.check(
                f"uncached CPU vs reference, {name}",
                f"{reference_scaled[name]:.1f} → {now_scaled[name]:.1f} ms ({ratio:.2f}×)",
                "≤ 0.5× (halved, scaled size)",
                ratio <= 0.5,  # noqa: PLR2004
            )

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from sessions.minutes.pdf import minutes_pdf_filename
    from sessions.models import Minutes
    from workstreams.models import Workstream

    minutes = Minutes.objects.get(pk=_reference_minutes().pk)
    portal_s, weasy_s, size = pdf_render_times(minutes, args.pdf_runs)
    say()
    say(
        f"Reference minutes PDF ({size // 1024} KB), median of {args.pdf_runs}: portal {portal_s:.2f} s, "
        f"WeasyPrint alone on the same HTML {weasy_s:.2f} s ({portal_s / weasy_s:.2f}×)"
    )
    goals.check(
        "minutes PDF render / WeasyPrint",
        f"{portal_s:.2f} / {weasy_s:.2f} s ({portal_s / weasy_s:.2f}×)",
        "≤ 1.2×",
        portal_s / weasy_s <= 1.2,  # noqa: PLR2004
    )
    if not args.no_import:
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

    if not minutes.pdf:
        from sessions.minutes.pdf import render_minutes_pdf

        pdf = render_minutes_pdf(minutes=minutes, final=True)
        stored = default_storage.save(f"minutes/{minutes_pdf_filename(minutes)}", ContentFile(pdf))
        Minutes.objects.filter(pk=minutes.pk).update(pdf=stored, pdf_sha256=hashlib.sha256(pdf).hexdigest())
        minutes.refresh_from_db()
    workstream = Workstream.objects.exclude(opinion_pdf="").order_by("pk").first()
    stored_pdfs = {
        "published minutes PDF": (f"{minutes.get_absolute_url()}pdf/", minutes.pdf, minutes.pdf_sha256),
        "opinion PDF": (
            f"{workstream.get_absolute_url()}avis.pdf",
            workstream.opinion_pdf,
            workstream.opinion_pdf_sha256,
        ),
    }
    twins = {
        name: static_twin(f"twin-{i}.pdf", field.size)
        for i, (name, (_p, field, _s)) in enumerate(stored_pdfs.items())
    }

    cookie = member_cookie()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    proxy = Nginx(port=free_port(), upstream_port=port, media_root=Path(os.environ["MEDIA_ROOT"]))
    run = {}
    try:
        proxy.start()
        say()
        say(
            f"Load: gunicorn 2 sync workers, DEBUG off, PostgreSQL; wrk -t2 -c{args.connections} "
            f"-d{args.duration}s on the same 2 cores. Pages straight to gunicorn; stored PDFs and "
            "their static twins through nginx (deploy/nginx.conf, bench/nginx.py, 1 worker) in front "
            "of it: the portal checks, nginx sends the PDF (X-Accel-Redirect), whitenoise the twin"
        )
        for path, logged_in in targets.values():
            check_answers(base + path, cookie if logged_in else None)

        def measure(name: str, url: str, logged_in: bool) -> None:
            run[name] = wrk(
                url,
                cookie=cookie if logged_in else None,
                duration=args.duration,
                connections=args.connections,
            )

        wrk(base + "/sante/", cookie=None, duration=2, connections=args.connections)  # warm-up
        measure("trivial (before)", base + "/sante/", False)
        for name, (path, logged_in) in targets.items():
            measure(name, base + path, logged_in)
        for name, (path, field, sha256) in stored_pdfs.items():
            url = proxy.base + path
            headers, status, body = conditional_get(url, cookie, sha256)
            goals.check(
                f"{name} through nginx: the stored file",
                f"{len(body)} bytes, {'same' if _sha256(body) == sha256 else 'other'} SHA-256",
                f"{field.size} bytes, its SHA-256",
                _sha256(body) == sha256 and "x-accel-redirect" not in headers,
            )
            etag_ok = headers.get("etag") == f'"{sha256}"'
            goals.check(
                f"{name}: ETag is its SHA-256", headers.get("etag", "none")[:24], f'"{sha256[:20]}…', etag_ok
            )
            goals.check(
                f"{name}: Cache-Control",
                headers.get("cache-control", "none"),
                "present",
                "cache-control" in headers,
            )
            goals.check(f"{name}: If-None-Match", f"status {status}", "304", status == 304)  # noqa: PLR2004
            check_answers(proxy.base + twins[name], None)
            measure(name, url, True)
            measure(f"static twin of the {name.split()[0]} PDF", proxy.base + twins[name], False)
        measure("trivial (after)", base + "/sante/", False)
    finally:
        proxy.stop()
        server.terminate()
        server.wait(timeout=30)

    trivial_rps = statistics.mean([run["trivial (before)"]["rps"], run["trivial (after)"]["rps"]])
    trivial_p95 = statistics.mean([run["trivial (before)"]["p95"], run["trivial (after)"]["p95"]])
    say()
    say(f"  {'page':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'req/s ratio':>12} {'p95 ratio':>10}")
    for name, figures in run.items():
        flag = ""
        if figures["non2xx"] or figures["errors"]:
            flag = f"  ({figures['non2xx']} non-2xx, {figures['errors']} socket errors)"
        say(
            f"  {name:<30} {figures['rps']:>8.0f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
            f"{figures['rps'] / trivial_rps:>12.3f} {figures['p95'] / trivial_p95:>10.1f}{flag}"
        )
    say("  (ratios: page / trivial view, trivial = mean of the runs before and after)")
    for names, rps_goal, p95_goal in ((PUBLIC_PAGES, 0.5, 3), (MEMBER_PAGES, 0.25, 6)):
        for name in names:
            figures = run[name]
            rps_ratio, p95_ratio = figures["rps"] / trivial_rps, figures["p95"] / trivial_p95
            clean = not (figures["non2xx"] or figures["errors"])
            goals.check(
                f"req/s ratio, {name}", f"{rps_ratio:.3f}×", f"≥ {rps_goal}×", clean and rps_ratio >= rps_goal
            )
            goals.check(
                f"p95 ratio, {name}", f"{p95_ratio:.1f}×", f"≤ {p95_goal}×", clean and p95_ratio <= p95_goal
            )
    for name in stored_pdfs:
        twin = run[f"static twin of the {name.split()[0]} PDF"]
        ratio = run[name]["rps"] / twin["rps"]
        goals.check(
            f"{name} / static twin, via nginx",
            f"{ratio:.3f}×",
            "≥ 0.5× (whitenoise, same size)",
            ratio >= 0.5,  # noqa: PLR2004
        )

    goals.print()

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

    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{started:%Y-%m-%d}.txt"
    suffix = 2
    while target.exists():
        target = RESULTS / f"{started:%Y-%m-%d}-{suffix}.txt"
        suffix += 1
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nWritten to {target.relative_to(BASE_DIR)}")  # noqa: T201
    return 1 if goals.missed else 0


if __name__ == "__main__":
    sys.exit(main())
