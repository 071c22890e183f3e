"""Complete the French catalogue after ``makemessages``, in French typography.

The portal's source strings are written in French (its only public is French), so the
French translation of a message is the message itself, typeset: this fills every empty,
fuzzy or untouched ``msgstr`` with its ``msgid`` (and ``msgid_plural`` for the plural form)
passed through ``cln_portal.markup.french_typography``, the portal's one typography
function (U+202F before ; ! ?, U+00A0 before : and inside « », ’ for the apostrophe, “ ”
inside « »: STYLE.md, issue 13), sets French plural rules, and leaves alone any message a
person translated differently. The msgids keep the spaces they were typed with: the
English catalogue is keyed by them.

Never typeset: format placeholders (``%(name)s``, ``%s``, ``{name}``: msgfmt and Python
need them as they are), HTML tags and attributes, URLs and e-mail addresses (the function
already skips those), and data written as the user must type it, such as opening hours in
the OpenStreetMap syntax (``Mo-Fr 09:00-12:00; PH off``), which are not times in prose.

Usage: ``python scripts/french_catalogue.py locale/fr/LC_MESSAGES/django.po``
"""

import re
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cln_portal.markup import french_typography  # noqa: E402 -- the project's one convention

# %(name)s, %(count)d, %s, %d, %%; {name}, {0}, {}: as scripts/english_catalogue.py reads them.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr%]|\{\w*\}")
# A time glued to another one or to a separator ("09:00-12:00;", "12:00,14:00"): data in a
# syntax the user must copy, not a time in a sentence (that one becomes "18 h 30").
_DATA = re.compile(r"[^\s«»]*\d{1,2}:\d\d[-–/;,|][^\s«»]*")
# What stands in for a kept piece while the text is typeset: a character reference to
# french_typography, which leaves references alone and never looks through them (a tag
# would end at the first ">", inside an attribute), of a private-use character no message holds.
_FIRST_MARK = 0xE000
_MARKED = re.compile(r"&#([0-9]+);")


def typeset(message: str) -> str:
    """``message`` (a msgid) in French typography, placeholders and data left as typed.

    "Ligne %(line)s : %(message)s" gives "Ligne %(line)s\\u00a0: %(message)s"; a
    placeholder glued to a sign ("%(meeting)s%(nbsp)s: …", where the code passes the
    no-break space itself) is left alone. Applying it twice gives the same text.
    """
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match[0])
        return f"&#{_FIRST_MARK + len(kept) - 1};"

    def put_back(match: re.Match) -> str:
        index = int(match[1]) - _FIRST_MARK
        return kept[index] if 0 <= index < len(kept) else match[0]

    masked = _PLACEHOLDER.sub(keep, _DATA.sub(keep, message))
    return _MARKED.sub(put_back, french_typography(masked))


def complete(path: str) -> int:
    """Fill untranslated, fuzzy and untouched entries of the .po file at ``path``; return how many changed.

    An entry is untouched when its msgstr is empty, the msgid as typed, or the msgid
    typeset: a msgstr a person wrote differently stays as it is.
    """
    catalogue = polib.pofile(path, wrapwidth=0)
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    catalogue.metadata["Language"] = "fr"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.metadata["Project-Id-Version"] = "cln-portal"
    catalogue.metadata["Language-Team"] = "French"
    # A fuzzy header is skipped by msgfmt, and with it the French plural rule.
    catalogue.metadata_is_fuzzy = False
    filled = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        if entry.msgid_plural:
            forms = {0: typeset(entry.msgid), 1: typeset(entry.msgid_plural)}
            untouched = all(
                entry.msgstr_plural.get(i) in (None, "", typed, forms[i])
                for i, typed in ((0, entry.msgid), (1, entry.msgid_plural))
            )
            if (fuzzy or untouched) and entry.msgstr_plural != forms:
                entry.msgstr_plural = forms
                filled += 1
        else:
            form = typeset(entry.msgid)
            if (fuzzy or entry.msgstr in ("", entry.msgid)) and entry.msgstr != form:
                entry.msgstr = form
                filled += 1
        if fuzzy:
            entry.flags.remove("fuzzy")
            # All the previous-message lines go: a lone "#| msgid_plural" breaks msgfmt.
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
    catalogue.save(path)
    return filled


if __name__ == "__main__":
    for po in sys.argv[1:]:
        print(f"{po}: {complete(po)} messages completed")
