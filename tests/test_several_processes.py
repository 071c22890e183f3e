"""Several web processes, one state (issue 17): two gunicorn processes on this run's test
database and one Redis cache (the ``gunicorn`` fixture, ``tests/servers.py``) share the rate
limits, the page cache's invalidations, the kept accounts' and the stored PDFs.

What must hold across processes lives in PostgreSQL or Redis: rate limits and pages in the
cache, sessions in the database behind the cache (``cached_db``), the outbox's claims as rows
locked with ``SELECT … FOR UPDATE SKIP LOCKED`` (notifications/services.py), files under the
storage's root.
"""

import datetime
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.files.base import ContentFile

from sessions.models import Visibility

from .meetings.factories import build_minutes
from .pdin.factories import OpenEditionFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = [pytest.mark.django_db(transaction=True)]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer we look at, not a page to follow


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("shared-media")


@pytest.fixture(scope="module")
def processes(gunicorn, media_root):
    """Two gunicorn processes, same database, same Redis, same media."""
    return gunicorn(
        settings_module="tests.processes_settings",
        processes=2,
        workers=1,
        hosts=(HOST,),
        env={"MEDIA_ROOT": str(media_root)},
    )


@pytest.fixture(scope="module")
def servers(processes):
    """``[base_a, base_b]``: the two processes' addresses."""
    return processes.bases


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


def test_the_login_code_limit_holds_across_two_processes(processes, servers):
    processes.flush_cache()
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


def test_a_write_through_one_process_refreshes_the_cached_page_in_both(processes, servers):
    processes.flush_cache()
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


def _status(opener, url: str) -> tuple[int, str]:
    """The status of a GET and where it redirects, if it does."""
    try:
        status, headers, _body = _get(opener, url)
    except urllib.error.HTTPError as answer:
        answer.close()
        return answer.code, answer.headers.get("Location", "")
    return status, headers.get("Location", "")


def _log_in(opener, base: str, email: str, password: str) -> None:
    url = base + "/comptes/login/"
    token = TOKEN.search(_get(opener, url)[2].decode()).group(1)
    assert (
        _post(opener, url, {"csrfmiddlewaretoken": token, "login": email, "password": password}, url) == 302
    )


def test_a_password_changed_through_one_process_logs_the_other_session_out_in_both(
    processes, servers, member_user, password
):
    """The account kept in Redis (members.middleware.user_get_kept) goes stale for every
    process when one of them writes: the other session is logged out everywhere at once."""
    processes.flush_cache()
    a, b = servers
    laptop, phone = _opener(), _opener()
    _log_in(laptop, a, member_user.email, password)
    _log_in(phone, b, member_user.email, password)
    for base in (a, b):  # each process reads the account, then keeps it
        assert _status(laptop, base + "/espace/mes-donnees/") == (200, "")

    change = b + "/comptes/password/change/"
    token = TOKEN.search(_get(phone, change)[2].decode()).group(1)
    new = "Un-tout-nouveau-mdp-2026!"
    form = {"csrfmiddlewaretoken": token, "oldpassword": password, "password1": new, "password2": new}
    assert _post(phone, change, form, change) == 302

    for base in (a, b):
        status, location = _status(laptop, base + "/espace/mes-donnees/")
        assert status == 302
        assert location.startswith("/comptes/login/")
    assert _status(phone, a + "/espace/mes-donnees/") == (200, "")


def test_a_stored_pdf_is_served_by_both_processes(servers):
    minutes = build_minutes()
    minutes.visibility = Visibility.PUBLIC
    minutes.pdf.save("compte-rendu.pdf", ContentFile(b"%PDF-1.7 stored once\n%%EOF\n"), save=True)
    for base in servers:
        status, headers, body = _get(_opener(), f"{base}/comptes-rendus/{minutes.pk}/pdf/")
        assert status == 200
        assert headers["Content-Type"] == "application/pdf"
        assert body == b"%PDF-1.7 stored once\n%%EOF\n"
