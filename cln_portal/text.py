"""Text helpers shared by the portal: folding (accents, case, apostrophes and ligatures),
numbers written the French way, length messages, bidirectional controls removed.

``fold`` is also the ``unaccent`` SQL function of SQLite connections (``make run``), so a
search finds "numérique" when "numerique" is typed on SQLite as on PostgreSQL.
"""

import unicodedata

from django.utils.numberformat import format as number_format
from django.utils.translation import gettext

# U+202F NARROW NO-BREAK SPACE between thousands: "20 000" (Imprimerie nationale rules).
THOUSANDS_SEPARATOR = "\u202f"
# Bidirectional embedding/override (U+202A–U+202E) and isolate (U+2066–U+2069) controls: in a
# title, they can make a text read backwards or hide part of it ("Trojan Source").
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])

# Apostrophes typed or stored in several forms, all read as "'".
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
# Ligatures that NFKD keeps (PostgreSQL's unaccent splits them too).
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str | None) -> str | None:
    """``text`` lower-cased, without accents (NFKD, combining marks dropped), œ as oe, ’ as '.

    The ``unaccent`` SQL function of SQLite connections; ``None`` stays ``None`` (SQL NULL).
    """
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.lower().translate(APOSTROPHES).translate(LIGATURES)


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give SQLite connections an ``unaccent(text)`` function
    (see ``fold``). PostgreSQL has its own, from the ``unaccent`` extension (workstreams migration 0003)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, fold, deterministic=True)


def format_number_fr(value: int) -> str:
    """An integer the French way: ``20000`` → "20 000" (narrow no-break space between thousands)."""
    return number_format(value, ",", grouping=3, thousand_sep=THOUSANDS_SEPARATOR, force_grouping=True)


def too_long_message(max_length: int) -> str:
    """The French message of a text over ``max_length`` characters, the number written the
    French way: « Ce texte dépasse 20 000 caractères : raccourcissez-le. ». Contains no ``%``,
    so Django may format it with the validator's parameters; for a field's
    ``error_messages["max_length"]``, set when the form is built (the active language)."""
    return gettext("Ce texte dépasse %(max)s caractères : raccourcissez-le.") % {
        "max": format_number_fr(max_length)
    }


def strip_bidi_controls(text: str) -> str:
    """``text`` without bidirectional embedding, override and isolate controls (see ``BIDI_CONTROLS``)."""
    return text.translate(BIDI_CONTROLS)
