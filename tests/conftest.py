"""Fixtures shared by the whole suite: people with accounts, isolated media, the browser."""

import datetime
import os

import pytest
from hypothesis import settings as hypothesis_settings

# The Playwright sync API runs an event loop in the test thread; Django then refuses the
# ORM calls that pytest-django makes there (database set-up, flush after a live_server
# test) unless told that this thread is safe. It is: nothing else runs in it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "motdepasse-de-test-2025"

# Hypothesis: random examples on a developer's machine (new ones each run find new bugs);
# in CI (.ci/run sets CI=true) the same examples every run, so that a red build is
# reproducible and a green one is not luck. HYPOTHESIS_PROFILE=ci gives the CI profile here.
# (Hypothesis loads a "ci" profile of its own when it sees CI in the environment, even empty:
# both profiles are built on "default", never on whatever was loaded at import.)
_default = hypothesis_settings.get_profile("default")
hypothesis_settings.register_profile("ci", parent=_default, derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", parent=_default)
_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
HYPOTHESIS_PROFILE = "ci" if _CI else os.environ.get("HYPOTHESIS_PROFILE", "dev")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_report_header(config):
    return (
        f"hypothesis profile: {HYPOTHESIS_PROFILE} "
        f"(derandomize={hypothesis_settings.default.derandomize}; CI={os.environ.get('CI', '')!r})"
    )


def pytest_configure(config):
    # Whitenoise warns on each start that STATIC_ROOT (filled only by collectstatic, which
    # tests do not run) is missing; the tests serve static files through the finders.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium through Playwright (make test runs it)"
    )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its files (PDFs, annexes, logos) in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def page_cache(settings):
    """The page cache on (off in the test settings), in an emptied cache: with tests that
    commit (``transaction=True``), since the data version only moves when a transaction does."""
    from django.core.cache import cache

    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded one (``playwright install`` cannot work here)."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """French, Paris time: what the portal's public uses."""
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def password() -> str:
    return PASSWORD


def _person(*, email: str, first_name: str, last_name: str, role: str, is_staff: bool, **member_fields):
    from members.models import Member, User

    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=is_staff)
    Member.objects.create(
        user=user,
        first_name=first_name,
        last_name=last_name,
        role=role,
        mandate_start=datetime.date(2025, 9, 1),
        **member_fields,
    )
    return user


@pytest.fixture
def member_user(db):
    """A council member in mandate, with an account (password: the ``password`` fixture)."""
    from members.models import Role, Sector, TitleForm

    return _person(
        email="camille.membre@example.org",
        first_name="Camille",
        last_name="Membre",
        role=Role.COUNCILLOR,
        sector=Sector.NORD,
        title_form=TitleForm.FEMININE,
        is_staff=False,
    )


@pytest.fixture
def staff_user(db):
    """A chargé de mission with staff rights (Django admin), not a superuser.

    Staff must use a second factor (members.middleware): this one has a TOTP
    authenticator, so ``client.force_login(staff_user)`` reaches staff pages. For another
    staff account, call ``give_totp(user)`` before logging it in.
    """
    from members.models import Role, TitleForm

    user = _person(
        email="dominique.agent@example.org",
        first_name="Dominique",
        last_name="Agent",
        role=Role.OFFICER,
        title_form=TitleForm.MASCULINE,
        is_staff=True,
    )
    give_totp(user)
    return user


def give_totp(user) -> str:
    """Give ``user`` a TOTP authenticator (allauth MFA); return its secret (base32)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, django_db_blocker, tmp_path_factory):
    """``start(settings_module=…, processes=1, workers=1, hosts=(), env=None)``: real gunicorn
    processes on this run's test database and one Redis cache (``tests/servers.py``); returns
    their ``Servers`` (``.bases``, ``.flush_cache()``). All are stopped, and the cache
    emptied, when the module's tests are done."""
    from .servers import start_servers

    started = []

    def start(**kwargs):
        try:
            servers = start_servers(log_dir=tmp_path_factory.mktemp("gunicorn"), **kwargs)
        except RuntimeError as error:
            pytest.fail(str(error))
        started.append(servers)
        return servers

    try:
        yield start
    finally:
        for servers in started:
            servers.stop()
            servers.flush_cache()
