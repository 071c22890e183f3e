"""The catalogues: every string marked in the code has its French entry, typeset in French, and its English one."""

import os
import re
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


# -- French typography of the interface strings (issue 13): the msgstr is the msgid typeset

# A breakable space (or a line break) before : ; ! ? », or after «.
_BREAKABLE = re.compile(r"[ \t\r\n][:;!?»]|«[ \t\r\n]")


def _french_catalogue_script():
    """scripts/french_catalogue.py, the script that fills locale/fr after makemessages."""
    import importlib.util

    path = Path(settings.BASE_DIR) / "scripts" / "french_catalogue.py"
    spec = importlib.util.spec_from_file_location("french_catalogue", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _untypeset(catalogue: polib.POFile) -> list[str]:
    """The French msgstrs (each plural form apart) where a line could break before : ; ! ? » or after «."""
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        found += [form for form in forms if _BREAKABLE.search(form)]
    return found


def test_every_french_interface_string_is_typeset():
    untypeset = _untypeset(polib.pofile(str(CATALOGUE)))
    assert not untypeset, (
        f"{len(untypeset)} French strings with a breakable space before : ; ! ? or inside « », e.g. "
        f"{untypeset[:3]}: run scripts/french_catalogue.py (or typeset the msgstr written by hand)"
    )


def test_the_typography_check_catches_a_plain_space(tmp_path):
    catalogue = polib.pofile(str(CATALOGUE))
    entry = next(e for e in catalogue if not e.msgid_plural and "\u00a0:" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("\u00a0:", " :", 1)
    assert _untypeset(catalogue) == [entry.msgstr]


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Votre place est confirmée :", "Votre place est confirmée\u00a0:"),
        ("Que faire ? Réessayez ; merci !", "Que faire\u202f? Réessayez\u202f; merci\u202f!"),
        ("Le tirage « %(title)s »", "Le tirage «\u00a0%(title)s\u00a0»"),
        ("Ligne %(line)s : {name} l'a", "Ligne %(line)s\u00a0: {name} l’a"),
        # The code passes the no-break space itself: nothing is added next to it.
        ("du %(meeting)s%(nbsp)s: une erreur%(nnbsp)s?", "du %(meeting)s%(nbsp)s: une erreur%(nnbsp)s?"),
        ("50 %% : %s", "50 %%\u00a0: %s"),
        # Tags, addresses and data the user must copy stay as written.
        (
            'Contact : <a href="mailto:%(email)s?subject=a : b">%(email)s</a> ou a.b@x.fr ;',
            'Contact\u00a0: <a href="mailto:%(email)s?subject=a : b">%(email)s</a> ou a.b@x.fr\u202f;',
        ),
        ("Par ex. « Mo-Fr 09:00-12:00; PH off ».", "Par ex. «\u00a0Mo-Fr 09:00-12:00; PH off\u00a0»."),
        # A time in a sentence is written one way.
        (
            "Le lundi à 8 h : envoi ; à 18:30 !",
            "Le lundi à 8\u00a0h\u00a0: envoi\u202f; à 18\u00a0h\u00a030\u202f!",
        ),
    ],
)
def test_the_french_catalogue_typesets_the_msgid_but_not_placeholders_tags_or_data(msgid, msgstr):
    typeset = _french_catalogue_script().typeset
    assert typeset(msgid) == msgstr
    assert typeset(msgstr) == msgstr


def test_the_french_catalogue_keeps_a_translation_written_by_hand(tmp_path):
    po = tmp_path / "django.po"
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Annuler : oui", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Ligne %(n)s : vide", msgstr="Ligne %(n)s : vide"))
    catalogue.append(polib.POEntry(msgid="Source : la Ville", msgstr="Source\u00a0: la ville"))
    catalogue.append(
        polib.POEntry(msgid="Changé :", msgstr="Ancien\u00a0:", flags=["fuzzy"], previous_msgid="Ancien :")
    )
    catalogue.append(
        polib.POEntry(msgid="%d ligne :", msgid_plural="%d lignes :", msgstr_plural={0: "", 1: ""})
    )
    catalogue.save(str(po))
    assert _french_catalogue_script().complete(str(po)) == 4
    done = {e.msgid: e for e in polib.pofile(str(po))}
    assert done["Annuler : oui"].msgstr == "Annuler\u00a0: oui"
    assert done["Ligne %(n)s : vide"].msgstr == "Ligne %(n)s\u00a0: vide"
    assert done["Source : la Ville"].msgstr == "Source\u00a0: la ville"  # written by a person
    assert done["Changé :"].msgstr == "Changé\u00a0:" and not done["Changé :"].flags
    assert done["%d ligne :"].msgstr_plural == {0: "%d ligne\u00a0:", 1: "%d lignes\u00a0:"}
    # Run again: nothing left to do.
    assert _french_catalogue_script().complete(str(po)) == 0
