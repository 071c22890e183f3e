"""The rate limits hold across gunicorn workers: they count in Redis, not in each process (issue 16).

Two gunicorn sync workers serve the production cache and rate-limit settings
(``limits_settings.py``: the test settings with ``base.py``'s ``CACHES`` and allauth
limits) on a free loopback port, against this run's test database and a Redis cache of
their own (the ``gunicorn`` fixture, ``tests/servers.py``). Requests come from
4 threads at once, so both workers answer some of them: with a cache per process (before
issue 16) each worker let the whole limit through.
"""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer we count, not a page to follow


@pytest.fixture(scope="module")
def servers(gunicorn):
    """One gunicorn process, 2 sync workers, production limits, the shared Redis cache."""
    return gunicorn(settings_module="tests.members.limits_settings", workers=2)


@pytest.fixture(scope="module")
def portal(servers):
    """``http://127.0.0.1:<port>``."""
    return servers.bases[0]


def _request_login_code(base: str, email: str) -> int:
    """Ask for a login code as a browser does (page, then form with its CSRF token); the status."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
    )
    url = base + "/comptes/login/code/"
    page = opener.open(url, timeout=20).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    request = urllib.request.Request(  # noqa: S310 -- loopback
        url,
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": email}).encode(),
        headers={"Origin": base, "Referer": url},
    )
    try:
        return opener.open(request, timeout=20).status
    except urllib.error.HTTPError as answer:
        return answer.code


def _send(base: str, emails: list[str]) -> list[int]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda email: _request_login_code(base, email), emails))


def test_login_codes_for_one_address_are_limited_across_workers(servers, portal):
    servers.flush_cache()
    codes = _send(portal, ["anais@example.org"] * 12)
    # "request_login_code": 3 per minute per address (base.py); a code sent answers a redirect.
    assert codes.count(302) == 3, codes


def test_login_codes_from_one_ip_are_limited_across_workers(servers, portal):
    servers.flush_cache()
    codes = _send(portal, [f"personne{n}@example.org" for n in range(30)])
    # 20 per minute per IP address; allauth shows the others the form with its refusal.
    assert codes.count(302) == 20, codes
    assert all(code in (200, 429) for code in codes if code != 302), codes
