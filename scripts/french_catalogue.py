"""Complete the French catalogue after ``makemessages``.

The portal's source strings are written in French (its only public is French), so the
French translation of a message is the message itself: this fills every empty or fuzzy
``msgstr`` with its ``msgid`` (and ``msgid_plural`` for the plural form), sets French
plural rules, and leaves alone any message a person translated differently.

Usage: ``python scripts/french_catalogue.py locale/fr/LC_MESSAGES/django.po``
"""

import sys

import polib


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
        if entry.msgid_plural:
            if fuzzy or not all(entry.msgstr_plural.get(i) for i in (0, 1)):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                filled += 1
        elif fuzzy or not entry.msgstr:
            entry.msgstr = entry.msgid
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
