"""CPU per request of a page, measured in-process, and where it goes (cProfile).

Used by ``bench/run.py``; also runs on its own against the database the last ``make bench``
left (``cln_bench``)::

    .venv/bin/python bench/cpu.py [--requests 30] [--top 15] [PATH ...]

A request goes straight through Django's WSGI handler (the code gunicorn's worker calls,
without the HTTP parsing), with DEBUG off: no test client, no template signals. The figure
is the median of ``time.process_time()`` over the requests (CPU of this process only: the
database server's own work is not in it), so it moves far less with the machine's load
than a wall-clock time does.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

# Where the CPU goes, by the file a function lives in (first match wins).
CATEGORIES = (
    ("template engine", ("django/template/", "django/templatetags/", "crispy_forms/", "/templatetags/")),
    (
        "SQL compilation",
        ("django/db/models/sql/", "django/db/models/expressions", "django/db/models/lookups"),
    ),
    (
        "model instances",
        ("django/db/models/base.py", "django/db/models/query.py", "django/db/models/fields/"),
    ),
    ("database driver", ("psycopg", "django/db/backends/")),
    ("URL reversing", ("django/urls/",)),
    ("dates and formats", ("django/utils/formats", "django/utils/dateformat", "babel/", "cln_portal/dates")),
    ("translation", ("django/utils/translation/", "gettext")),
    ("middleware and handler", ("django/core/handlers/", "django/middleware/", "whitenoise/", "csp/")),
)


def wsgi_get(handler, path: str, cookie: str | None) -> int:
    """GET ``path`` through ``handler``; the status code. The body is read and closed."""
    from django.test.client import RequestFactory

    path, _, query = path.partition("?")
    environ = RequestFactory()._base_environ(PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET")
    environ["SERVER_NAME"] = "127.0.0.1"
    environ["HTTP_HOST"] = "127.0.0.1"
    if cookie:
        environ["HTTP_COOKIE"] = f"sessionid={cookie}"
    status = []
    result = handler(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        for _ in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(status[0].split()[0])


def cpu_per_request(handler, path: str, cookie: str | None, *, requests: int = 30) -> float:
    """Median CPU milliseconds of this process per GET of ``path`` (after 3 warm-up requests)."""
    for _ in range(3):
        status = wsgi_get(handler, path, cookie)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    times = []
    for _ in range(requests):
        start = time.process_time()
        wsgi_get(handler, path, cookie)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def breakdown(
    handler, path: str, cookie: str | None, *, requests: int = 10, top: int = 0
) -> dict[str, float]:
    """Share of the profiled CPU time per category of ``CATEGORIES`` (0–1), plus "other".

    With ``top``, also prints the ``top`` functions by own time.
    """
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(requests):
        wsgi_get(handler, path, cookie)
    profiler.disable()
    stats = pstats.Stats(profiler)
    shares: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        total += own
        for label, needles in CATEGORIES:
            if any(needle in filename for needle in needles):
                shares[label] += own
                break
        else:
            shares["other"] += own
    if top:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
        print(out.getvalue())  # noqa: T201
    return (
        {label: value / total for label, value in sorted(shares.items(), key=lambda kv: -kv[1])}
        if total
        else {}
    )


def main(argv=None) -> int:
    import argparse
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="paths to profile (default: the bench's pages)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=0, help="print the N functions with most own time")
    args = parser.parse_args(argv)
    from bench.run import configure

    configure()
    os.environ["STATIC_ROOT"] = str(BASE_DIR / "var" / "bench" / "static")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from bench.run import member_cookie, pages

    handler = WSGIHandler()
    cookie = member_cookie()
    targets = {path: (path, True) for path in args.paths} if args.paths else pages()
    for name, (path, logged_in) in targets.items():
        ms = cpu_per_request(handler, path, cookie if logged_in else None, requests=args.requests)
        shares = breakdown(handler, path, cookie if logged_in else None, top=args.top)
        parts = ", ".join(f"{label} {share:.0%}" for label, share in list(shares.items())[:5])
        print(f"{name:<26} {ms:6.1f} ms CPU  ({parts})")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
