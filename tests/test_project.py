"""The project as a whole: app labels, production settings, migrations, a page in a real browser."""

import datetime
import json
import os
import subprocess
import sys
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from sessions.models import Meeting, MeetingKind

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


# -- Django's sessions (label "sessions") beside our meetings (folder sessions/, label "meetings")


def test_django_sessions_and_our_meetings_app_are_both_installed_under_their_labels():
    assert apps.get_app_config("sessions").name == "django.contrib.sessions"
    assert apps.get_app_config("meetings").name == "sessions"
    assert apps.get_model("sessions", "Session") is Session
    meeting = apps.get_model("meetings", "Meeting")
    assert meeting.__module__ == "sessions.models"
    assert meeting._meta.db_table == "meetings_meeting"


def test_migrations_of_both_apps_are_kept_apart():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert graph.nodes[("sessions", "0001_initial")].__module__.startswith("django.contrib.sessions.")
    assert graph.nodes[("meetings", "0001_initial")].__module__.startswith("sessions.migrations.")


def test_login_stores_a_django_session_row(client, member_user, password):
    assert client.login(email=member_user.email, password=password)

    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.get_decoded()["_auth_user_id"] == str(member_user.pk)


def test_a_meeting_is_saved_beside_sessions_and_permissions_use_the_meetings_label(
    client, staff_user, password
):
    client.login(email=staff_user.email, password=password)
    meeting = Meeting.objects.create(
        kind=MeetingKind.TECHNICAL_COMMITTEE,
        starts_at=datetime.datetime(2025, 11, 28, 14, 0, tzinfo=PARIS),
    )

    assert Meeting.objects.get().pk == meeting.pk
    assert Session.objects.count() == 1
    staff_user.user_permissions.add(
        Permission.objects.get(content_type__app_label="meetings", codename="view_meeting")
    )
    staff_user = type(staff_user).objects.get(pk=staff_user.pk)  # fresh permission cache
    assert staff_user.has_perm("meetings.view_meeting")


def test_no_model_change_lacks_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # --check exits 1 when a migration is missing
        pytest.fail(f"makemigrations --check found missing migrations (exit {exc.code}):\n{out.getvalue()}")


# -- Production settings: what DEBUG off means, read by a fresh interpreter


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Runs ``code`` in a new interpreter at the project root with only ``env`` (plus PATH).

    A developer's ``.env`` file must not decide these tests, so django-environ's reading of
    it is switched off first: the point is what the code does with the environment alone.
    """
    prelude = "import environ; environ.Env.read_env = classmethod(lambda *a, **k: None)\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": "x7$k2!p9@v4#m8^w1&z6*q3(r5)t0_y-u+e=i[o]a{s}d|f;g:h'j",
    "ALLOWED_HOSTS": "cln.example.org",
    "SITE_URL": "https://cln.example.org",
    "DATABASE_URL": "postgres://cln@127.0.0.1:5432/cln",
}


def test_production_refuses_to_start_without_a_secret_key():
    result = _python("import cln_portal.settings.base", ALLOWED_HOSTS="cln.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _python("import cln_portal.settings.base", SECRET_KEY=PRODUCTION_ENV["SECRET_KEY"])

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SITE_URL"}
    result = _python("import cln_portal.settings.base", **env)

    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_debug_starts_with_nothing_set():
    result = _python("import cln_portal.settings.base", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_with_debug_off_cookies_are_secure_and_hsts_is_on():
    code = """
import json
from cln_portal.settings import base as s
print(json.dumps({name: getattr(s, name) for name in (
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS", "EMAIL_BACKEND", "CELERY_TASK_ALWAYS_EAGER")}
    | {"STATICFILES": s.STORAGES["staticfiles"]["BACKEND"]}))
"""
    result = _python(code, **PRODUCTION_ENV, REDIS_URL="redis://redis:6379/0")
    assert result.returncode == 0, result.stderr
    prod = json.loads(result.stdout)

    assert prod["DEBUG"] is False
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert prod["CELERY_TASK_ALWAYS_EAGER"] is False
    assert prod["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


# -- A page in a real browser (Debian's Chromium, see conftest.py)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_opens_in_chromium_in_french(live_server, page):
    response = page.goto(live_server.url + "/")

    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    # The home page is the PDIN programme; every title ends with the council's short name.
    assert "Programme" in page.title()
    assert page.title().endswith("– CLN")
