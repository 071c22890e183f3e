"""Several web processes, one state (issue 17): two gunicorn processes on this run's test
database and one Redis cache (database 6, flushed before and after) share the rate limits,
the page cache's invalidations and the stored PDFs.

What must hold across processes lives in PostgreSQL or Redis: rate limits and pages in the
cache, sessions in the database behind the cache (``cached_db``), the outbox's claims as rows
locked with ``SELECT … FOR UPDATE SKIP LOCKED`` (notifications/services.py), files under the
storage's root.
"""

import contextlib
import datetime
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from cln_portal.testing import free_port, redis_flush, redis_ready, wait_until
from sessions.models import Visibility

from .meetings.factories import build_minutes
from .pdin.factories import OpenEditionFactory

CACHE_URL = "redis://127.0.0.1:6379/6"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [pytest.mark.django_db(transaction=True)]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer we look at, not a page to follow


def _start(port: int, env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cln_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _answers(base: str) -> bool:
    with contextlib.suppress(OSError):
        with urllib.request.urlopen(base + "/sante/", timeout=2) as answer:  # noqa: S310 -- loopback
            return answer.status == 200
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


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("shared-media")


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory, media_root):
    """``[base_a, base_b]``: two gunicorn processes, same database, same Redis, same media."""
    if not redis_ready(CACHE_URL):
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (make test starts it).")
    db = settings.DATABASES["default"]
    ports = [free_port(), free_port()]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.processes_settings",
        "DEBUG": "0",
        "SECRET_KEY": "processes-secret-key-not-for-production",
        "ALLOWED_HOSTS": f"127.0.0.1,{HOST}",
        "SITE_URL": f"http://127.0.0.1:{ports[0]}",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": CACHE_URL,
        "MEDIA_ROOT": str(media_root),
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }
    env.pop("REDIS_URL", None)  # tasks run inline in the web process: no broker needed
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    redis_flush(CACHE_URL)
    with log_path.open("wb") as log:
        processes = [_start(port, env, log) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        started = wait_until(
            lambda: all(p.poll() is None for p in processes) and all(_answers(b) for b in bases), timeout=60
        )
        if not started:
            pytest.fail(f"gunicorn did not start:\n{log_path.read_text(errors='replace')}")
        yield bases
    finally:
        for process in processes:
            _stop(process)
        redis_flush(CACHE_URL)


@pytest.fixture(autouse=True)
def _shared_media(settings, media_root):
    settings.MEDIA_ROOT = media_root


def _opener():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
    )


# Both processes answer for one site, as replicas behind a proxy do (the cache keys hold the host).
HOST = "portail.example.org"


def _get(opener, url: str):
    request = urllib.request.Request(url, headers={"Host": HOST})  # noqa: S310 -- loopback
    with opener.open(request, timeout=20) as answer:
        return answer.status, answer.headers, answer.read()


def _post(opener, url: str, data: dict, page: str) -> int:
    request = urllib.request.Request(  # noqa: S310 -- loopback
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={
            "Host": HOST,
            "Origin": f"http://{HOST}",
            "Referer": f"http://{HOST}/{page.split('/', 3)[3]}",
        },
    )
    try:
        with opener.open(request, timeout=20) as answer:
            return answer.status
    except urllib.error.HTTPError as answer:
        answer.close()
        return answer.code


def test_the_login_code_limit_holds_across_two_processes(servers):
    redis_flush(CACHE_URL)
    codes = []
    for n in range(8):  # turn and turn about
        base = servers[n % 2]
        opener = _opener()
        url = base + "/comptes/login/code/"
        _status, _headers, page = _get(opener, url)
        token = TOKEN.search(page.decode()).group(1)
        codes.append(_post(opener, url, {"csrfmiddlewaretoken": token, "email": "anais@example.org"}, url))
    # "request_login_code": 3 per minute per address (base.py); a code sent answers a redirect.
    assert codes.count(302) == 3, codes


def test_a_write_through_one_process_refreshes_the_cached_page_in_both(servers):
    redis_flush(CACHE_URL)
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=10, title="L’IA au quotidien")
    path = edition.get_absolute_url()
    a, b = servers

    first = _get(_opener(), a + path)
    second = _get(_opener(), b + path)
    assert (first[1]["X-Page-Cache"], second[1]["X-Page-Cache"]) == ("miss", "hit")
    assert "10 places restantes" in second[2].decode()

    visitor = _opener()
    _status, _headers, page = _get(visitor, b + path)
    token = TOKEN.search(page.decode()).group(1)
    registered = _post(
        visitor,
        b + path + "inscription/",
        {
            "csrfmiddlewaretoken": token,
            "name": "Nadia Amrani",
            "email": "nadia.amrani@example.org",
            "organisation": "",
            "accessibility_needs": "",
            "consent": "on",
            "website": "",
        },
        b + path,
    )
    assert registered == 302

    for base in (a, b):
        html = _get(_opener(), base + path)[2].decode()
        assert "9 places restantes" in html
        assert "Nadia" not in html


def test_a_stored_pdf_is_served_by_both_processes(servers):
    minutes = build_minutes()
    minutes.visibility = Visibility.PUBLIC
    minutes.pdf.save("compte-rendu.pdf", ContentFile(b"%PDF-1.7 stored once\n%%EOF\n"), save=True)
    for base in servers:
        status, headers, body = _get(_opener(), f"{base}/comptes-rendus/{minutes.pk}/pdf/")
        assert status == 200
        assert headers["Content-Type"] == "application/pdf"
        assert body == b"%PDF-1.7 stored once\n%%EOF\n"
