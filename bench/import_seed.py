"""Time the import of the seed compte-rendu and the render of its PDF, separately.

    .venv/bin/python bench/import_seed.py [--runs 5] [--source PATH]

Recreates its own PostgreSQL database (``cln_bench_import``), migrates it once, then for
each run, in a transaction rolled back afterwards (so every run starts from an empty
database, as the reference test does): reads and parses the file, imports it
(``sessions.minutes.importing.services.minutes_import``), then renders the draft's PDF
(``sessions.minutes.pdf.render_minutes_pdf``). Prints the median, min and max of each step and of
both together; the goal on the 2-core development machine is import + render under 3 s.
``bench/run.py`` (``make bench``) calls :func:`main` and prints its lines. The database is
dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "cln_bench_import"
SEED = BASE_DIR.parent / "shared" / "seed" / "compte-rendu-cln-2025-11-28.txt"
OWN = BASE_DIR / "tests" / "meetings" / "data" / "compte-rendu-essai-2025-03-14.txt"


def _psql(sql: str) -> None:
    subprocess.run(  # noqa: S603
        ["psql", f"{POSTGRES}/postgres", "-q", "-c", sql],  # noqa: S607
        check=True,
        capture_output=True,
    )


def measure(source: Path, runs: int) -> list[str]:
    """Import and render ``source`` ``runs`` times; return the report lines (English, like make bench)."""
    import django
    from django.core.management import call_command
    from django.db import transaction

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)
    # Production settings read the print stylesheet through the static files manifest.
    call_command("collectstatic", "--noinput", verbosity=0)
    from sessions.minutes.importing.parser import parse_file
    from sessions.minutes.importing.services import minutes_import
    from sessions.minutes.pdf import render_minutes_pdf

    data = source.read_bytes()
    imports, renders = [], []
    summary = None
    for _ in range(runs):
        with transaction.atomic():
            started = time.perf_counter()
            result = minutes_import(parsed=parse_file(data, source.name), actor=None)
            imports.append(time.perf_counter() - started)
            started = time.perf_counter()
            pdf = render_minutes_pdf(minutes=result.minutes)
            renders.append(time.perf_counter() - started)
            summary = result.summary
            transaction.set_rollback(True)
    totals = [a + b for a, b in zip(imports, renders, strict=True)]

    def figures(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"

    return [
        f"Import of {source.name} on an empty database, median of {runs}:",
        f"  import (read, parse, write):  {figures(imports)}",
        f"  render (draft PDF, {len(pdf) // 1024} KB): {figures(renders)}",
        f"  import + render:              {figures(totals)}  (goal: under 3 s)",
        f"  {summary.questions} questions, {summary.footnotes} notes, {summary.sections} sections, "
        f"{len(summary.people_matched)} people matched, {len(summary.people_created)} created, "
        f"{len(summary.warnings)} warnings",
    ]


def main(argv=None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs (default 5)")
    parser.add_argument(
        "--source", type=Path, default=SEED if SEED.exists() else OWN, help="compte-rendu to import"
    )
    args = parser.parse_args(argv)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cln_portal.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        }
    )
    _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    _psql(f"CREATE DATABASE {DATABASE}")
    try:
        lines = measure(args.source, args.runs)
    finally:
        from django.db import connections

        connections.close_all()
        _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    for line in lines:
        print(line, flush=True)  # noqa: T201
    return lines


if __name__ == "__main__":
    main()
