"""Complete the French catalogue after ``makemessages``.

The portal's source strings are written in French (its only public is French), so the
French translation of a message is the message itself, typeset: this fills every empty,
fuzzy or untouched ``msgstr`` with its ``msgid`` (and ``msgid_plural`` for the plural form)
through ``cln_portal.markup.french_typography`` (no-break spaces before : ; ! ? and inside
« », ’ for the apostrophe: STYLE.md), sets French plural rules, and leaves alone any message
a person translated differently. The code keeps ordinary spaces in its msgids, which the
English catalogue and the tests read as typed.

Usage: ``python scripts/french_catalogue.py locale/fr/LC_MESSAGES/django.po``
"""

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cln_portal.markup import french_typography  # noqa: E402 -- the project's own convention


def complete(path: str) -> int:
    """Fill untranslated and fuzzy entries of the .po file at ``path``; return how many."""
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
        # The French text is the msgid with French typography (no-break spaces before : ; ! ?
        # and inside « », ’), so that a line never breaks there; a message a person wrote
        # differently is left alone.
        if entry.msgid_plural:
            forms = {0: french_typography(entry.msgid), 1: french_typography(entry.msgid_plural)}
            untouched = all(
                entry.msgstr_plural.get(i) in (None, "", original, forms[i])
                for i, original in ((0, entry.msgid), (1, entry.msgid_plural))
            )
            if fuzzy or untouched:
                if entry.msgstr_plural != forms:
                    filled += 1
                entry.msgstr_plural = forms
        else:
            typeset = french_typography(entry.msgid)
            if fuzzy or entry.msgstr in ("", entry.msgid):
                if entry.msgstr != typeset:
                    filled += 1
                entry.msgstr = typeset
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
