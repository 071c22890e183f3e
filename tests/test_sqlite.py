"""`make run` serves the demo on SQLite: migrate, seed it and use the main pages there, once.

The suite runs on PostgreSQL (STYLE.md); `make run` on SQLite, where search, constraints
and dates take other code paths (``home.search`` folds accents with the ``unaccent`` function
``cln_portal.text`` registers on SQLite). This test runs what `make run` runs, in a
subprocess with its environment (``DEBUG=1``, a fresh SQLite file, no ``REDIS_URL``: Celery
tasks run eagerly), then opens the main pages and searches with and without accents
through Django's test client in ``manage.py shell``.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run by `manage.py shell -c` on the seeded SQLite database; prints one line per check.
PAGES = r"""
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

from members.models import User

setup_test_environment()  # the test client's host, captured contexts
assert connection.vendor == "sqlite", connection.vendor
public, member = Client(), Client()
member.force_login(User.objects.get(email="anais.garnier@example.org"))
for client, name in [
    (public, "pdin:programme"),
    (public, "meetings:public_minutes_list"),
    (public, "account_login"),
    (member, "home:dashboard"),
    (member, "meetings:minutes_list"),
    (member, "home:directory"),
    (public, "places:list"),
]:
    response = client.get(reverse(name), follow=True)
    print("PAGE", name, response.status_code)
# Multi-value filters (« A|B » cells) on SQLite: a demo place offers each of these.
for value in ("Surdité", "Illettrisme"):
    response = public.get(reverse("places:list"), {"prise_en_charge": value})
    print("PLACES", value, response.status_code, len(response.context["places"]))
for text in ("numérique", "numerique", "NUMERIQUE"):
    response = member.get(reverse("home:search"), {"q": text})
    print("SEARCH", text, response.status_code, response.context["results"].total)
"""


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, (
        f"manage.py {args[0]}:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
    )
    return completed


def test_make_run_on_sqlite_migrates_seeds_serves_and_searches_without_accents(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "cln_portal.settings.base",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    _manage("migrate", "--noinput", env=env)
    _manage("seed_demo", env=env)
    output = _manage("shell", "-c", PAGES, env=env).stdout

    pages = [line.split() for line in output.splitlines() if line.startswith("PAGE ")]
    searches = {
        line.split()[1]: line.split()[2:] for line in output.splitlines() if line.startswith("SEARCH ")
    }
    assert len(pages) == 7, output
    places = [line.split() for line in output.splitlines() if line.startswith("PLACES ")]
    assert [(status, count != "0") for _w, _v, status, count in places] == [("200", True)] * 2, output
    assert all(status == "200" for _page, _path, status in pages), output
    assert searches["numérique"][0] == "200" and int(searches["numérique"][1]) > 0, output
    # Without accents, or in capitals, the same results: « numerique » finds « numérique ».
    assert searches["numerique"] == searches["numérique"] == searches["NUMERIQUE"], output


def test_make_run_sqlite_waits_for_a_writer_instead_of_answering_locked():
    """A double click under make run (threads, SQLite) wrote twice at once: 'database is locked'."""
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'cln_portal.settings.base'; django.setup(); "
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS']; "
        "print(o['transaction_mode'], o['timeout'])"
    )
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "DATABASE_URL": "sqlite:////tmp/cln-sqlite-options.sqlite3"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["IMMEDIATE", "20"]
