"""The rate limits hold across gunicorn workers: they count in Redis, not in each process (issue 16).

Two gunicorn sync workers serve the production cache and rate-limit settings
(``limits_settings.py``: the test settings with ``base.py``'s ``CACHES`` and allauth
limits) on a free loopback port, against this run's test
database and a Redis cache on database 12 (flushed before and after). Requests come from
4 threads at once, so both workers answer some of them: with a cache per process (before
issue 16) each worker let the whole limit through.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from cln_portal.testing import free_port, redis_flush, redis_ready

CACHE_URL = "redis://127.0.0.1:6379/12"

pytestmark = [pytest.mark.django_db(transaction=True)]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer we count, not a page to follow


@pytest.fixture(scope="module")
def portal(django_db_setup, django_db_blocker, tmp_path_factory):
    """``http://127.0.0.1:<port>``: gunicorn, 2 workers, production limits, Redis cache on db 12."""
    if not redis_ready(CACHE_URL):
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (make test starts it).")
    db = settings.DATABASES["default"]
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.members.limits_settings",
        "DEBUG": "0",
        "SECRET_KEY": "limits-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": CACHE_URL,
        # Plain HTTP on loopback: cookies sent without TLS.
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
    }
    env.pop("REDIS_URL", None)  # tasks run inline in the web process: no broker needed
    log_path = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    redis_flush(CACHE_URL)
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cln_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log_path.read_text(errors='replace')}")
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(base + "/sante/", timeout=2).status == 200:  # noqa: S310
                    break
            time.sleep(0.2)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        redis_flush(CACHE_URL)


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


def test_login_codes_for_one_address_are_limited_across_workers(portal):
    redis_flush(CACHE_URL)
    codes = _send(portal, ["anais@example.org"] * 12)
    # "request_login_code": 3 per minute per address (base.py); a code sent answers a redirect.
    assert codes.count(302) == 3, codes


def test_login_codes_from_one_ip_are_limited_across_workers(portal):
    redis_flush(CACHE_URL)
    codes = _send(portal, [f"personne{n}@example.org" for n in range(30)])
    # 20 per minute per IP address; allauth shows the others the form with its refusal.
    assert codes.count(302) == 20, codes
    assert all(code in (200, 429) for code in codes if code != 302), codes
