"""CPU per request of a page on its uncached path, measured in-process, and where it goes (cProfile).

Used by ``bench/run.py``; also runs on its own against the database the last ``make bench``
left (``cln_bench``, or ``BENCH_DATABASE``)::

    .venv/bin/python bench/cpu.py [--requests 30] [--top 15] [--cached] [PATH ...]

A request goes straight through Django's WSGI handler (the code gunicorn's worker calls,
without the HTTP parsing), with DEBUG off: no test client, no template signals. The figure
is the median of ``time.process_time()`` over the requests (CPU of this process only: the
database server's own work is not in it), so it moves far less with the machine's load
than a wall-clock time does.

The page cache (``cln_portal/pagecache.py``) and the kept accounts (``members.middleware``)
are off while measuring (``PAGE_CACHE_ENABLED``, ``ACCOUNT_CACHE_ENABLED`` False): a cached
answer costs 1–2 ms whatever the page, and the goals on CPU ("halved against the profile
before issue 17", "the same at demo size and scaled") are about the work of a page that is
not in the cache (first visitor after a write, every page the cache does not keep). Each
answer is checked: none may come from the cache. ``--cached`` measures cache hits instead
(every answer must be one).
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
PORTAL_APPS = (
    "cln_portal",
    "home",
    "sessions",
    "places",
    "budget",
    "workstreams",
    "pdin",
    "members",
    "notifications",
)

# Where the CPU goes, by the file a function lives in (first match wins).
CATEGORIES = (
    ("sessions and cache", ("django/contrib/sessions/", "django/core/cache/", "/redis/", "django_redis")),
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
    ("portal code", tuple(f"{BASE_DIR}/{app}/" for app in PORTAL_APPS)),
    ("Python built-ins", ("~", "<")),
)


def wsgi_get(handler, path: str, cookie: str | None) -> tuple[int, str]:
    """GET ``path`` through ``handler``; the status code and the ``X-Page-Cache`` header
    ("hit", "miss" or "" when the page cache did not look). The body is read and closed."""
    from django.test.client import RequestFactory

    path, _, query = path.partition("?")
    environ = RequestFactory()._base_environ(PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET")
    environ["SERVER_NAME"] = "127.0.0.1"
    environ["HTTP_HOST"] = "127.0.0.1"
    if cookie:
        environ["HTTP_COOKIE"] = f"sessionid={cookie}"
    answer = []
    result = handler(environ, lambda s, headers, exc_info=None: answer.append((s, headers)))
    try:
        for _ in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()
    status, headers = answer[0]
    cached = next((value for name, value in headers if name.lower() == "x-page-cache"), "")
    return int(status.split()[0]), cached


@contextlib.contextmanager
def page_cache(enabled: bool):
    """Within the block, the page cache and the kept accounts are on or off in this process
    (``PAGE_CACHE_ENABLED``, ``ACCOUNT_CACHE_ENABLED``): the uncached path reads everything
    from the database, as the first visit after a write does (a write makes both stale)."""
    from django.test.utils import override_settings

    with override_settings(PAGE_CACHE_ENABLED=enabled, ACCOUNT_CACHE_ENABLED=enabled):
        yield


def _checked_get(handler, path: str, cookie: str | None, *, cached: bool) -> None:
    status, page_cache_header = wsgi_get(handler, path, cookie)
    if status != 200:  # noqa: PLR2004
        raise SystemExit(f"{path} answered {status}")
    if (page_cache_header == "hit") != cached:
        raise SystemExit(
            f"{path}: X-Page-Cache {page_cache_header or 'absent'}, expected {'a hit' if cached else 'no hit'}"
        )


def cpu_per_request(
    handler, path: str, cookie: str | None, *, requests: int = 30, cached: bool = False
) -> float:
    """Median CPU milliseconds of this process per GET of ``path`` (after 3 warm-up requests).

    ``cached`` False (the default): the page cache is off, every answer rendered by its view;
    True: every answer is a page-cache hit. Raises ``SystemExit`` when an answer is not 200 or
    not of the kind asked for.
    """
    with page_cache(cached):
        wsgi_get(handler, path, cookie)  # stores the page when cached
        for _ in range(3):
            _checked_get(handler, path, cookie, cached=cached)
        times = []
        for _ in range(requests):
            start = time.process_time()
            wsgi_get(handler, path, cookie)
            times.append((time.process_time() - start) * 1000)
        _checked_get(handler, path, cookie, cached=cached)
    return statistics.median(times)


@contextlib.contextmanager
def databases(names: list[str]):
    """Within the block, ``use(name)`` points this process's ``default`` connection at the
    database ``name`` (same server and settings), each kept open: switching costs nothing
    in the timed requests. The connection of the settings is given back at the end."""
    from django.db import connections

    original = connections["default"]
    wrappers = {}
    for name in names:
        if name == original.settings_dict["NAME"]:
            wrappers[name] = original
        else:
            wrapper = connections.create_connection("default")
            wrapper.settings_dict = {**original.settings_dict, "NAME": name}
            wrappers[name] = wrapper

    def use(name: str) -> None:
        connections._connections.default = wrappers[name]

    try:
        yield use
    finally:
        connections._connections.default = original
        for wrapper in wrappers.values():
            if wrapper is not original:
                wrapper.close()


def cpu_per_request_paired(
    handler, path: str, cookie: str | None, *, names: list[str], requests: int = 30
) -> dict[str, float]:
    """Median CPU milliseconds per GET of ``path`` on each database of ``names`` (same
    schema, same rows up to the data added to one), the requests interleaved: one on each
    database in turn, in this one process, the page cache off.

    Measuring the demo and the scaled data minutes apart, or in two processes, compared
    the machine's moods as much as the data sizes (±30 % from one run to the next on this
    virtual machine); interleaved, both sizes meet the same moments. Raises
    ``SystemExit`` when an answer is not 200 or comes from the page cache.
    """
    times: dict[str, list[float]] = {name: [] for name in names}
    with page_cache(False), databases(names) as use:
        for name in names:
            use(name)
            for _ in range(3):
                _checked_get(handler, path, cookie, cached=False)
        for _ in range(requests):
            for name in names:
                use(name)
                start = time.process_time()
                wsgi_get(handler, path, cookie)
                times[name].append((time.process_time() - start) * 1000)
        for name in names:
            use(name)
            _checked_get(handler, path, cookie, cached=False)
    return {name: statistics.median(values) for name, values in times.items()}


def breakdown(
    handler,
    path: str,
    cookie: str | None,
    *,
    requests: int = 10,
    top: int = 0,
    cumulative: int = 0,
    cached: bool = False,
) -> dict[str, float]:
    """Share of the profiled CPU time per category of ``CATEGORIES`` (0–1), plus "other",
    on the uncached path (``cached`` False) or of cache hits.

    With ``top`` / ``cumulative``, also prints that many functions by own / cumulative time.
    """
    with page_cache(cached):
        wsgi_get(handler, path, cookie)  # stores the page when cached
        _checked_get(handler, path, cookie, cached=cached)
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
    for order, count in (("tottime", top), ("cumulative", cumulative)):
        if count:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(count)
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
    parser.add_argument(
        "--cumulative", type=int, default=0, help="print the N functions with most cumulative time"
    )
    parser.add_argument(
        "--cached", action="store_true", help="measure page-cache hits, not the uncached path"
    )
    parser.add_argument("--anonymous", action="store_true", help="request PATHs without the member's session")
    parser.add_argument(
        "--json",
        metavar="FILE",
        help="write {page: CPU ms} to FILE, without the profile (bench/run.py's rounds)",
    )
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
    targets = {path: (path, not args.anonymous) for path in args.paths} if args.paths else pages()
    if args.json:
        figures = {
            name: cpu_per_request(
                handler, path, cookie if logged_in else None, requests=args.requests, cached=args.cached
            )
            for name, (path, logged_in) in targets.items()
        }
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    for name, (path, logged_in) in targets.items():
        who = cookie if logged_in else None
        ms = cpu_per_request(handler, path, who, requests=args.requests, cached=args.cached)
        shares = breakdown(handler, path, who, top=args.top, cumulative=args.cumulative, cached=args.cached)
        parts = ", ".join(f"{label} {share:.0%}" for label, share in list(shares.items())[:5])
        print(f"{name:<26} {ms:6.1f} ms CPU  ({parts})")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
