"""Acronyms spelt out where they first appear on a page: ``<abbr title="…">PDIN</abbr>``.

Residents far from the council's vocabulary meet « PDIN », « CLN », « DSI » or « QPV » in
titles and texts typed by staff as much as in templates, so the expansion is added to the
HTML the portal sends, not to each template: ``AbbreviationMiddleware`` passes every HTML
page through ``abbreviate_first``. The first occurrence of each acronym in the main content
(``<main>``) gets an ``<abbr>`` with its expansion; so does the first one in the header
(the « Programme PDIN » link), which comes before the skip link's target and is read
separately. Later occurrences stay as they are (WCAG technique H28: the first one is enough).

Only text between tags is touched, never an attribute value, and never the text of the
elements listed in ``SKIPPED_ELEMENTS`` (an ``<option>`` cannot hold markup, the ``<title>``
is plain text, an existing ``<abbr>`` already says it). Pages without ``<main>`` (the admin,
the PDF's HTML) are left alone.
"""

import functools
import re
from bisect import bisect_left
from collections.abc import Callable, Mapping

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

# The acronyms of the council's documents and pages, with their expansion (lower case unless
# a proper name, as French writes them in running text).
GLOSSARY = {
    "PDIN": _("Petit-déjeuner de l’inclusion numérique"),
    "CLN": _("Conseil local du numérique"),
    "DSI": _("direction des systèmes d’information (le service informatique de la Ville)"),
    "QPV": _("quartier prioritaire de la politique de la ville"),
    "IA": _("intelligence artificielle"),
    "RGPD": _("règlement général sur la protection des données"),
    "CNIL": _("Commission nationale de l’informatique et des libertés"),
    "LSF": _("langue des signes française"),
    "GUSP": _("gestion urbaine et sociale de proximité"),
    "CME": _("Conseil municipal des enfants"),
    "INSEE": _("Institut national de la statistique et des études économiques"),
    "SCIC": _("société coopérative d’intérêt collectif"),
    "CSV": _("fichier de tableur, valeurs séparées par des virgules"),
    "JSON": _("fichier de données pour les programmes informatiques"),
}

SKIPPED_ELEMENTS = frozenset(
    {"abbr", "script", "style", "title", "textarea", "option", "select", "code", "pre", "svg", "template"}
)

# A tag (attribute values may hold ">" inside quotes), a comment, or a character reference.
_MARKUP = re.compile(
    r"""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>|&#?[a-zA-Z0-9]+;""",
    re.S,
)
_MAIN_START = re.compile(r"<main\b")
_BODY_START = re.compile(r"<body\b[^>]*>")


def _acronym_pattern(acronyms) -> re.Pattern:
    return _acronym_pattern_of(frozenset(acronyms))


@functools.lru_cache(maxsize=32)
def _acronym_pattern_of(acronyms: frozenset[str]) -> re.Pattern:
    # Longest first, so that a longer acronym is never cut by a shorter one (then in
    # alphabetical order, so that the pattern is the same whatever the order given); whole
    # words only ("IA" in "l’IA", not in "MIAM"), case-sensitive ("ia" is no acronym).
    words = "|".join(re.escape(a) for a in sorted(sorted(acronyms), key=len, reverse=True))
    return re.compile(rf"(?<![\w&#-])({words})(?![\w-])")


@functools.lru_cache(maxsize=16)
def _glossary_in(language: str | None) -> dict[str, str]:
    """``GLOSSARY`` translated into ``language`` (the active one), kept per process."""
    return {word: str(expansion) for word, expansion in GLOSSARY.items()}


def abbreviate_first(html: str, glossary: Mapping[str, str]) -> str:
    """``html`` with the first occurrence of each acronym of ``glossary`` wrapped in ``<abbr>``.

    ``glossary`` maps an acronym ("PDIN") to its expansion (plain text, escaped here). An
    acronym whose first occurrence is already inside an ``<abbr>`` is left alone; text
    inside ``SKIPPED_ELEMENTS`` is neither changed nor counted. Returns ``html`` unchanged
    when nothing is to be spelt out.
    """
    if not glossary:
        return html
    pattern = _acronym_pattern(glossary)
    # Every appearance of an acronym, anywhere (text, attribute or skipped element alike), in
    # one pass of the regular expression. A text chunk holds an acronym exactly when one of
    # these starts inside it (a chunk is bounded by ">" or ";" before and "<" or "&" after,
    # which the pattern's word boundaries treat alike inside and outside it), so the other
    # chunks are not looked at. And past the last appearance of every acronym not yet spelt
    # out, nothing is left to change: the rest of the page is not walked at all.
    found = [(match.start(), match.group(1)) for match in pattern.finditer(html)]
    if not found:
        return html
    starts = [at for at, _word in found]
    last = {word: at for at, word in found}
    seen: set[str] = set()
    edits: list[tuple[int, int, str]] = []  # (start, end, new text) of the chunks that change
    skipping: str | None = None  # the element whose text is skipped
    depth = 0  # nested elements of that name, so that only its own end tag ends the skip
    position = 0

    def horizon() -> int:
        return max((at for word, at in last.items() if word not in seen), default=-1)

    def holds_acronym(start: int, end: int) -> bool:
        index = bisect_left(starts, start)
        return index < len(starts) and starts[index] < end

    def wrap(match: re.Match) -> str:
        word = match.group(1)
        if word in seen:
            return word
        seen.add(word)
        return f'<abbr title="{escape(glossary[word])}">{word}</abbr>'

    def text(start: int, end: int) -> None:
        chunk = html[start:end]
        changed = pattern.sub(wrap, chunk)
        if changed != chunk:
            edits.append((start, end, changed))

    until, counted = horizon(), 0
    for match in _MARKUP.finditer(html):
        if len(seen) != counted:
            until, counted = horizon(), len(seen)
        if position > until:
            break
        start = match.start()
        if holds_acronym(position, start):
            if skipping is None:
                text(position, start)
            elif skipping == "abbr":
                # An acronym the page spells out itself is spelt out: count it as done.
                seen.update(pattern.findall(html, position, start))
        position = match.end()
        name = match.group(2)
        if not name:
            continue
        closing, name = match.group(1), name.lower()
        if skipping is None:
            if not closing and name in SKIPPED_ELEMENTS and not match.group(0).endswith("/>"):
                skipping, depth = name, 1
        elif name == skipping:
            depth += -1 if closing else 1
            if depth == 0:
                skipping = None
    else:
        if skipping is None and holds_acronym(position, len(html)):
            text(position, len(html))
    if not edits:
        return html
    pieces, position = [], 0
    for start, end, changed in edits:
        pieces += [html[position:start], changed]
        position = end
    pieces.append(html[position:])
    return "".join(pieces)


def abbreviate_page(html: str, glossary: Mapping[str, str]) -> str:
    """A whole page: the header (from ``<body>`` to ``<main>``) and the main content with the
    rest of the page, each with its own first occurrences. Unchanged without ``<main>``."""
    main = _MAIN_START.search(html)
    body = _BODY_START.search(html)
    if main is None or body is None or body.end() > main.start():
        return html
    header = html[body.end() : main.start()]
    return (
        html[: body.end()]
        + abbreviate_first(header, glossary)
        + abbreviate_first(html[main.start() :], glossary)
    )


class AbbreviationMiddleware:
    """Spell out the acronyms of ``GLOSSARY`` in every HTML page (``abbreviate_page``).

    Expansions are translated in the language of the response. Streaming responses, files
    and compressed bodies pass through untouched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or response.has_header("Content-Encoding")
        ):
            return response
        charset = response.charset or "utf-8"
        try:
            html = response.content.decode(charset)
        except UnicodeDecodeError:
            return response
        glossary = _glossary_in(translation.get_language())
        changed = abbreviate_page(html, glossary)
        if changed != html:
            response.content = changed.encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
