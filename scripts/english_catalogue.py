"""The English catalogue: what is left to translate, and adding translations in batches.

The portal's msgids are its French text (``locale/fr``); ``locale/en`` gives their English.
A message is done when it is in the English catalogue, translated (every plural form), not
fuzzy, and has the same placeholders (``%(name)s``, ``%s``, ``{name}``) as its msgid.
``tests/test_catalogue.py`` fails on any message that is not done.

Usage (from the repository root)::

    # 1. bring the new French msgids into locale/en (same flags as the French command)
    DEBUG=1 .venv/bin/python manage.py makemessages --locale en --no-obsolete \\
        --ignore ".venv/*" --ignore "node_modules/*" --ignore "var/*" --ignore "tests/*" --ignore "bench/*"
    # 2. list what is missing (exit status 1 when something is)
    .venv/bin/python scripts/english_catalogue.py check
    # 3. write the missing msgids to a JSON file, fill in the English, apply it
    .venv/bin/python scripts/english_catalogue.py export /tmp/todo.json
    .venv/bin/python scripts/english_catalogue.py apply /tmp/todo.json
    # 4. compile
    bash scripts/setup.sh catalogue

The JSON file maps each msgid to its English: a string, or for a plural message a list
``[singular, plural]``; an empty string (or list) is skipped. ``apply`` refuses a
translation whose placeholders differ from its msgid's.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
FRENCH = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
ENGLISH = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

# %(name)s, %(count)d, %s, %d; {name}, {0}, {}. "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")


def placeholders(text: str) -> Counter:
    """The placeholders of ``text`` with how many times each occurs (order may change).

    All of them must stay, even French typography passed as arguments (``%(nbsp)s``): msgfmt
    refuses a named argument that the msgid has and the translation lacks.
    """
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(i, "") for i in (0, 1)]
    return [entry.msgstr]


def problems(french: Path = FRENCH, english: Path = ENGLISH) -> dict[str, list[str]]:
    """Every French msgid that has no usable English translation, by reason.

    Returns ``{"missing": [...], "untranslated": [...], "fuzzy": [...], "placeholders": [...]}``
    (msgids, prefixed with their context as ``context|msgid`` when they have one).
    """
    found: dict[str, list[str]] = {"missing": [], "untranslated": [], "fuzzy": [], "placeholders": []}
    if not english.exists():
        found["missing"] = ["(no English catalogue at all)"]
        return found
    by_key = {_key(e): e for e in polib.pofile(str(english)) if not e.obsolete}
    for source in polib.pofile(str(french)):
        if source.obsolete:
            continue
        label = f"{source.msgctxt}|{source.msgid}" if source.msgctxt else source.msgid
        entry = by_key.get(_key(source))
        if entry is None:
            found["missing"].append(label)
        elif not all(_translations(entry)):
            found["untranslated"].append(label)
        elif entry.fuzzy:
            found["fuzzy"].append(label)
        else:
            wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
            for text in _translations(entry):
                # A singular form may leave out the count ("one session"); never add one.
                got = placeholders(text)
                if got - wanted or (not entry.msgid_plural and got != wanted):
                    found["placeholders"].append(label)
                    break
            else:
                if entry.msgid_plural and placeholders(_translations(entry)[1]) != placeholders(
                    entry.msgid_plural
                ):
                    found["placeholders"].append(label)
    return found


def export(path: Path, english: Path = ENGLISH) -> int:
    """Write the English catalogue's untranslated or fuzzy msgids to ``path`` (JSON); return how many."""
    todo: dict[str, str | list[str]] = {}
    for entry in polib.pofile(str(english)):
        if entry.obsolete or (all(_translations(entry)) and not entry.fuzzy):
            continue
        todo[entry.msgid] = ["", ""] if entry.msgid_plural else ""
    path.write_text(json.dumps(todo, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(todo)


def apply(translations: dict[str, str | list[str]], english: Path = ENGLISH) -> tuple[int, list[str]]:
    """Put ``translations`` (msgid -> English) into the English catalogue.

    Returns (how many entries were filled, the msgids refused because their placeholders
    differ from the msgid's or that the catalogue does not have). Filled entries lose
    their fuzzy flag.
    """
    catalogue = polib.pofile(str(english), wrapwidth=0)
    _header(catalogue)
    entries: dict[str, list[polib.POEntry]] = {}
    for entry in catalogue:
        if not entry.obsolete:
            entries.setdefault(entry.msgid, []).append(entry)
    filled, refused = 0, []
    for msgid, english_text in translations.items():
        if not english_text or msgid not in entries:
            if english_text:
                refused.append(msgid)
            continue
        for entry in entries[msgid]:
            if entry.msgid_plural:
                forms = english_text if isinstance(english_text, list) else [english_text, english_text]
                if not all(forms) or placeholders(forms[1]) != placeholders(entry.msgid_plural):
                    refused.append(msgid)
                    continue
                entry.msgstr_plural = {0: forms[0], 1: forms[1]}
            else:
                text = english_text if isinstance(english_text, str) else english_text[0]
                if placeholders(text) != placeholders(msgid):
                    refused.append(msgid)
                    continue
                entry.msgstr = text
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            filled += 1
    catalogue.save(str(english))
    return filled, refused


def _header(catalogue: polib.POFile) -> None:
    catalogue.metadata.update(
        {
            "Project-Id-Version": "cln-portal",
            "Language": "en",
            "Language-Team": "English",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
    )
    catalogue.metadata_is_fuzzy = False


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "check":
        found = problems()
        total = sum(len(v) for v in found.values())
        for reason, msgids in found.items():
            for msgid in msgids:
                print(f"{reason}: {msgid!r}")  # noqa: T201
        done = len([e for e in polib.pofile(str(FRENCH)) if not e.obsolete])
        print(f"{done - total} of {done} French messages have an English translation")  # noqa: T201
        return 1 if total else 0
    if command == "export" and len(argv) == 3:
        print(f"{export(Path(argv[2]))} messages to translate written to {argv[2]}")  # noqa: T201
        return 0
    if command == "apply" and len(argv) == 3:
        filled, refused = apply(json.loads(Path(argv[2]).read_text(encoding="utf-8")))
        for msgid in refused:
            print(f"refused (placeholders differ, or not in the catalogue): {msgid!r}")  # noqa: T201
        print(f"{filled} messages translated")  # noqa: T201
        return 1 if refused else 0
    print(__doc__)  # noqa: T201
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
