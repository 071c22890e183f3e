"""The small Markdown subset of the council's texts, sanitised, with French typography and footnotes.

Texts typed by staff (objectives, opening, section bodies, questions) are Markdown:
paragraphs, **bold**, *italics*, lists, links, level-3/4 headings and phrases in another
language, ``[Open Education Global]{lang=en}`` (Pandoc's bracketed span, for ``lang`` only:
``<span lang="en">`` in the HTML, ``/Lang`` in the PDF). They are converted with
Python-Markdown, then cleaned with nh3 (an allow-list: anything else, ``<script>`` or a
``javascript:`` link included, is dropped), so the same output is safe in a page, an e-mail
and a PDF. A footnote is called as ``[^key]`` where ``key`` names a ``meetings.Footnote``.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal
from xml.etree import ElementTree

import markdown
import nh3
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from markdown.inlinepatterns import InlineProcessor

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"lang"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

NBSP = "\u00a0"
NNBSP = "\u202f"

# A well-formed BCP 47 language tag (RFC 5646 "langtag", irregular grandfathered tags left
# out): "en", "en-GB", "pt-BR", "zh-Hant-TW", "nl-BE", "de-CH-1996", "en-x-private"…
_LANGUAGE_TAG = re.compile(
    r"""
    (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})  # language, with up to three extlangs
    (?:-[a-z]{4})?                              # script
    (?:-(?:[a-z]{2}|[0-9]{3}))?                 # region
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*    # variants
    (?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*         # extensions
    (?:-x(?:-[a-z0-9]{1,8})+)?                  # private use
    """,
    re.IGNORECASE | re.VERBOSE,
)
# [phrase]{lang=en}: the phrase may hold other inline markup, not a "]" nor a line break.
_LANGUAGE_SPAN = r"\[(?P<text>[^\]\n]+)\]\{lang=(?P<lang>[^}\s]{1,35})\}"

_FOOTNOTE_CALL = re.compile(r"\[\^([-a-zA-Z0-9_]{1,40})\]")
# A space (or none) before ; ! ? becomes a narrow no-break space, before : a no-break space,
# as French typography wants; never inside a URL ("https://") or a time ("9:30").
_BEFORE_HIGH_PUNCT = re.compile(r"(?<=[^\s\d/])[ \u00a0]?([;!?])(?=\s|$|<|»|\))")
_BEFORE_COLON = re.compile(r"(?<=[^\s\d/])[ \u00a0]:(?=\s|$|<)")
_AFTER_OPEN_GUILLEMET = re.compile(r"«[ \u00a0]?")
_BEFORE_CLOSE_GUILLEMET = re.compile(r"[ \u00a0]?»")
# Tags and character references ("&amp;", "&#x27;") are split out and left untouched: the
# ";" that ends a reference is not French punctuation.
_TAG_OR_TEXT = re.compile(r"(<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)")


def french_typography(text: str) -> str:
    """Put no-break spaces where French typography wants them, in text or HTML.

    Only text between tags is touched: attribute values (URLs) keep their characters.
    "Objectif :" gets U+00A0 before the colon, "Pourquoi ?" U+202F before the mark, and
    « » get U+00A0 inside, so that a line never breaks there.
    """
    parts = _TAG_OR_TEXT.split(text)
    for index, part in enumerate(parts):
        if not part or part.startswith(("<", "&")) and _TAG_OR_TEXT.fullmatch(part):
            continue
        part = _BEFORE_HIGH_PUNCT.sub(NNBSP + r"\1", part)
        part = _BEFORE_COLON.sub(NBSP + ":", part)
        part = _AFTER_OPEN_GUILLEMET.sub("«" + NBSP, part)
        part = _BEFORE_CLOSE_GUILLEMET.sub(NBSP + "»", part)
        parts[index] = part
    return "".join(parts)


def is_language_tag(value: str) -> bool:
    """Whether ``value`` is a well-formed BCP 47 language tag (``en``, ``en-GB``, ``zh-Hant``), 35 characters max."""
    return len(value) <= 35 and _LANGUAGE_TAG.fullmatch(value) is not None


class _LanguageSpanProcessor(InlineProcessor):
    """``[Open Education Global]{lang=en}`` → ``<span lang="en">Open Education Global</span>``.

    A tag that is not a well-formed BCP 47 language tag leaves the text as typed, so that
    the mistake shows.
    """

    def handleMatch(self, m, data):  # noqa: N802 -- Python-Markdown's name
        if not is_language_tag(m["lang"]):
            return None, None, None
        span = ElementTree.Element("span", {"lang": m["lang"]})
        span.text = m["text"]  # inline patterns then run on it: *italics* inside work
        return span, m.start(0), m.end(0)


class _LanguageSpanExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802 -- Python-Markdown's name
        # Above links (160), so "[…]" followed by "{lang=…}" is never read as a link.
        md.inlinePatterns.register(_LanguageSpanProcessor(_LANGUAGE_SPAN, md), "language_span", 175)


def _keep_valid_language(tag: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: a ``lang`` typed as raw HTML stays only when it is a language tag."""
    if attribute == "lang":
        return value if is_language_tag(value) else None
    return value


@dataclass
class FootnoteSet:
    """The footnotes of one document, numbered in the order they are first called.

    ``mode`` is ``"html"`` (a call links to a list printed by the page) or ``"print"`` (the
    note's text is placed at the call, and WeasyPrint floats it to the foot of the page).
    Keys that name no footnote are left as typed, so a typo is visible, never silent.
    """

    footnotes: Iterable = ()
    mode: Literal["html", "print"] = "html"
    cited: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key = {note.key: note for note in self.footnotes}
        self._numbers: dict[str, int] = {}

    def call(self, key: str) -> str | None:
        """The HTML of a call to footnote ``key``, or None when no footnote has that key."""
        note = self._by_key.get(key)
        if note is None:
            return None
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
            self.cited.append((self._numbers[key], note))
        number = self._numbers[key]
        if self.mode == "print":
            return format_html('<span class="footnote">{}</span>', note_html(note))
        return format_html(
            '<sup class="fn-call"><a href="#note-{0}" id="appel-{0}" aria-describedby="notes-titre">{0}</a></sup>',
            number,
        )


def note_html(note) -> SafeString:
    """A footnote's text followed by its link, as HTML."""
    text = french_typography(escape(note.text))
    if note.url and note.url.split(":", 1)[0].lower() in ("http", "https"):
        return format_html('{}\u00a0: <a href="{}">{}</a>', mark_safe(text), note.url, note.url)  # noqa: S308
    return mark_safe(text)  # noqa: S308 -- escaped above


def render_markdown(text: str, *, footnotes: FootnoteSet | None = None, inline: bool = False) -> SafeString:
    """Convert the Markdown subset to safe HTML with French typography.

    With ``inline``, a single paragraph is returned without its ``<p>`` (for list items and
    table cells). Footnote calls ``[^key]`` are replaced through ``footnotes``.
    """
    if not text:
        return mark_safe("")
    html = markdown.markdown(text, extensions=["sane_lists", _LanguageSpanExtension()], output_format="html")
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_valid_language,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    html = french_typography(html)
    if footnotes is not None:
        html = _FOOTNOTE_CALL.sub(lambda m: footnotes.call(m.group(1)) or m.group(0), html)
    else:
        # Outside a document (an axis page, an e-mail) there are no notes to call.
        html = _FOOTNOTE_CALL.sub("", html)
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 -- sanitised by nh3 above
