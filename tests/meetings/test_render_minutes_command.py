"""``python manage.py render_minutes DATE --output FILE``."""

import datetime
import io
import subprocess
import sys
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from sessions.models import MinutesStatus

from ..french import fr
from .factories import MeetingFactory, MinutesFactory, build_minutes
from .pdf_checks import pages_text

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_renders_the_latest_version_of_the_minutes_of_that_date(tmp_path):
    minutes = build_minutes()
    MinutesFactory(
        meeting=minutes.meeting,
        version=2,
        title="Version corrigée du compte-rendu",
        status=MinutesStatus.DRAFT,
    )
    output = tmp_path / "minutes.pdf"
    stdout = io.StringIO()
    call_command("render_minutes", "2025-11-28", "--output", str(output), stdout=stdout)
    pdf = output.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(pages_text(pdf))
    assert "VERSION CORRIGÉE DU COMPTE-RENDU" in text
    assert "PROJET" in text
    assert "28 novembre 2025" in stdout.getvalue() and "version 2" in stdout.getvalue()
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1


def test_the_date_is_the_day_in_paris():
    """A sitting at 00:30 in Paris on 28 November is 23:30 UTC on the 27th: it is the 28th's."""
    meeting = MeetingFactory(starts_at=datetime.datetime(2025, 11, 28, 0, 30, tzinfo=PARIS))
    MinutesFactory(meeting=meeting)
    with pytest.raises(CommandError, match="Aucune séance le 27 novembre 2025"):
        call_command("render_minutes", "2025-11-27", "--output", "/tmp/unused.pdf")


@pytest.mark.parametrize("value", ["2025-13-01", "28/11/2025", "2025-11-31", "demain", "2025-1-5", ""])
def test_malformed_date_is_a_clear_french_error(value):
    with pytest.raises(CommandError, match=r"Date invalide .* attendu AAAA-MM-JJ"):
        call_command("render_minutes", value)


def test_date_without_sitting_is_a_clear_french_error():
    with pytest.raises(CommandError, match="Aucune séance le 29 novembre 2025"):
        call_command("render_minutes", "2025-11-29")


def test_sitting_without_minutes_is_a_clear_french_error():
    MeetingFactory(starts_at=datetime.datetime(2025, 11, 28, 18, 0, tzinfo=PARIS))
    with pytest.raises(CommandError, match="n’a pas encore de compte-rendu"):
        call_command("render_minutes", "2025-11-28")


def test_command_line_exits_non_zero_without_traceback():
    """Through manage.py, as staff run it: message on stderr, exit status 1, no traceback."""
    result = subprocess.run(
        [sys.executable, "manage.py", "render_minutes", "2025-02-30", "--output", "/tmp/x.pdf"],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "cln_portal.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert fr("Date invalide « 2025-02-30 »") in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["render_minutes", "seed_demo"])
def test_command_help_is_readable(command):
    """``--help`` is the first thing a newcomer types: it answers in French, exit 0."""
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help"],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "cln_portal.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "séance" in result.stdout or "données" in result.stdout
