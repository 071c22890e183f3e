"""Text folding shared by the portal: accents, case, apostrophes and ligatures.

``fold`` is also the ``unaccent`` SQL function of SQLite connections (``make run``), so a
search finds "numérique" when "numerique" is typed on SQLite as on PostgreSQL.
"""

import unicodedata

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
