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
from bisect import bisect_right
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
    # words only ("IA" in "l’IA", not in "MIAM"), case-sensitive ("ia" is no acronym). The
    # word must not follow a letter, "&", "#" or "-" either: ``_appearances`` checks that
    # after the search, because a pattern that starts with a look-behind is tried at every
    # character (5 times slower on a long page) while one that starts with the words skips
    # to their first letters.
    words = "|".join(re.escape(a) for a in sorted(sorted(acronyms), key=len, reverse=True))
    return re.compile(rf"({words})(?![\w-])")


_NOT_BEFORE = re.compile(r"[\w&#-]")


def _appearances(html: str, pattern: re.Pattern) -> list[tuple[int, str]]:
    """``(position, acronym)`` of every whole-word appearance, in order. Acronyms are letters,
    so no appearance can start inside a rejected one: filtering after the search finds the
    same ones as a look-behind would."""
    return [
        (match.start(), match.group(1))
        for match in pattern.finditer(html)
        if not (match.start() and _NOT_BEFORE.match(html, match.start() - 1))
    ]


@functools.lru_cache(maxsize=16)
def _glossary_in(language: str | None) -> dict[str, str]:
    """``GLOSSARY`` translated into ``language`` (the active one), kept per process."""
    return {word: str(expansion) for word, expansion in GLOSSARY.items()}


# The start or end tag of an element whose text is skipped, or a comment (whose tags are not
# tags). Attribute values may hold ">" inside quotes.
_SKIPPED_TAG = re.compile(
    r"""<!--.*?-->|<(/?)("""
    + "|".join(sorted(SKIPPED_ELEMENTS))
    + r""")(?![\w-])(?:[^>"']|"[^"]*"|'[^']*')*>""",
    re.S | re.I,
)


def _skipped_regions(html: str, end: int) -> tuple[list[int], list[int], list[str]]:
    """The regions of ``html[:end]`` whose text is skipped: sorted starts, their ends and the
    element's name ("!--" for a comment). Only the outermost element counts, and only its
    own end tag (of the same name, nesting counted) ends it; an element left open runs to
    the end of ``html``."""
    starts: list[int] = []
    ends: list[int] = []
    names: list[str] = []
    skipping: str | None = None
    depth = 0
    for match in _SKIPPED_TAG.finditer(html, 0, end):
        name = match.group(2)
        if not name:
            if skipping is None:  # a comment
                starts.append(match.start())
                ends.append(match.end())
                names.append("!--")
            continue
        closing, name = match.group(1), name.lower()
        if skipping is None:
            if not closing and not match.group(0).endswith("/>"):
                skipping, depth = name, 1
                starts.append(match.end())
                names.append(name)
        elif name == skipping:
            depth += -1 if closing else 1
            if depth == 0:
                ends.append(match.start())
                skipping = None
    if skipping is not None:
        ends.append(len(html))
    return starts, ends, names


def _in_tag(html: str, at: int) -> bool:
    """Whether position ``at`` is inside a tag (an attribute value)."""
    opening = html.rfind("<", 0, at)
    if opening == -1:
        return False
    tag = _MARKUP.match(html, opening)
    return tag is not None and tag.end() > at


def abbreviate_first(html: str, glossary: Mapping[str, str]) -> str:
    """``html`` with the first occurrence of each acronym of ``glossary`` wrapped in ``<abbr>``.

    ``glossary`` maps an acronym ("PDIN") to its expansion (plain text, escaped here). An
    acronym whose first occurrence is already inside an ``<abbr>`` is left alone; text
    inside ``SKIPPED_ELEMENTS`` is neither changed nor counted, nor are attribute values and
    comments. Returns ``html`` unchanged when nothing is to be spelt out.

    Only the appearances of acronyms not yet spelt out are looked at, each where it stands
    (inside a tag? inside a skipped element?), so a long page costs a few scans of the
    regular expressions, not a walk of all its tags in Python.
    """
    if not glossary:
        return html
    pattern = _acronym_pattern(glossary)
    found = _appearances(html, pattern)
    if not found:
        return html
    left = {word for _at, word in found}
    last = max(at for at, _word in found)
    region_starts, region_ends, region_names = _skipped_regions(html, last)
    edits: list[tuple[int, str]] = []
    for at, word in found:
        if word not in left:
            continue
        if _in_tag(html, at):
            continue
        region = bisect_right(region_starts, at) - 1
        if region >= 0 and at < region_ends[region]:
            if region_names[region] == "abbr":
                left.discard(word)  # the page spells it out itself: count it as done
            continue
        left.discard(word)
        edits.append((at, word))
        if not left:
            break
    if not edits:
        return html
    pieces, position = [], 0
    for at, word in edits:
        pieces += [html[position:at], f'<abbr title="{escape(glossary[word])}">{word}</abbr>']
        position = at + len(word)
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
