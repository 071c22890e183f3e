"""The French catalogue is complete: every string marked in the code has its French entry."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_every_marked_string_is_in_the_french_catalogue(tmp_path):
    # makemessages writes next to the sources it scans: run it on a copy of the code.
    copy = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "var", ".git", "locale", "tests", "bench", "*.pdf"
        ),
    )
    (copy / "locale").mkdir()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "cln_portal.settings.base",
        "DATABASE_URL": "sqlite://",
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--verbosity", "0"],
        cwd=copy,
        env=env,
        check=True,
    )
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))}
    committed = polib.pofile(str(CATALOGUE))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    missing = sorted(msgid for _ctx, msgid in fresh - known)
    assert not missing, f"run `make messages`: {len(missing)} strings missing, e.g. {missing[:5]}"
    assert committed.percent_translated() == 100
    assert not [e for e in committed if "fuzzy" in e.flags]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is installed by make test")
def test_french_plural_rule_applies():
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(CATALOGUE)], check=True)
    with translation.override("fr"):
        # French puts zero in the singular ("0 notification renvoyée"), English does not.
        assert translation.ngettext("%d notification renvoyée.", "%d notifications renvoyées.", 0) == (
            "%d notification renvoyée."
        )
