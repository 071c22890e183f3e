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


# -- English (locale/en): every French msgid translated, with the same placeholders


def _english_checker():
    """scripts/english_catalogue.py, the same check the coordinator runs to top up the catalogue."""
    import importlib.util

    path = Path(settings.BASE_DIR) / "scripts" / "english_catalogue.py"
    spec = importlib.util.spec_from_file_location("english_catalogue", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_french_string_has_an_english_translation():
    found = _english_checker().problems()
    summary = {reason: msgids[:5] for reason, msgids in found.items() if msgids}
    assert not summary, (
        f"{sum(len(m) for m in found.values())} strings without a usable English translation, e.g. "
        f"{summary}: see scripts/english_catalogue.py"
    )


def test_the_english_check_catches_a_missing_a_fuzzy_and_a_wrong_placeholder(tmp_path):
    checker = _english_checker()
    catalogue = polib.pofile(str(checker.ENGLISH))
    entries = [e for e in catalogue if not e.obsolete and not e.msgid_plural]
    with_placeholder = next(e for e in entries if "%(name)s" in e.msgid)
    with_placeholder.msgstr = with_placeholder.msgstr.replace("%(name)s", "%(nom)s")
    plain = [e for e in entries if "%" not in e.msgid]
    plain[0].msgstr = ""
    plain[1].flags.append("fuzzy")
    catalogue.remove(plain[2])
    broken = tmp_path / "django.po"
    catalogue.save(str(broken))
    found = checker.problems(english=broken)
    assert found["placeholders"] == [with_placeholder.msgid]
    assert found["untranslated"] == [plain[0].msgid]
    assert found["fuzzy"] == [plain[1].msgid]
    assert found["missing"] == [plain[2].msgid]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is installed by make test")
def test_english_catalogue_compiles_and_is_used():
    english = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(english)], check=True)
    with translation.override("en"):
        assert translation.gettext("Aller au contenu") == "Skip to content"
        assert translation.ngettext("%d notification renvoyée.", "%d notifications renvoyées.", 0) == (
            "%d notifications sent again."
        )
