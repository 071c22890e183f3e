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
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape
from typing import Literal
from xml.etree import ElementTree

import markdown
import nh3
from django.utils.html import escape, format_html, strip_tags
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

# French typography, the portal's one convention (STYLE.md): U+202F (narrow no-break
# space) before ; ! ?, U+00A0 (no-break space) before : and inside « », so that a line
# never breaks there; ’ for the apostrophe; times as "18 h 30" with no-break spaces; a
# quotation inside a quotation in “ ” (« … “ … ” … »), never « « ».
# Never touched: tags (attribute values, hrefs), character references ("&amp;": its ";"
# is no French punctuation), URLs and e-mail addresses written in the text, and whatever
# <code>, <pre>, <kbd>, <samp>, <style> or <script> hold.
_PROTECTED = re.compile(
    r"(<[^>]*>"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"
    r"|(?:https?://|mailto:|www\.)[^\s<>«»\"]*[^\s<>«»\".,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)
_RAW_TAG = re.compile(r"<(/?)(code|pre|kbd|samp|style|script)\b", re.IGNORECASE)
# Tags that end a run of text: a « left open does not reach past them.
_BLOCK_TAG = re.compile(
    r"</?(?:p|li|h[1-6]|td|th|caption|figcaption|div|section|title|dt|dd|blockquote|br)\b", re.I
)
_APOSTROPHE_ENTITY = re.compile(r"&#(?:x0*27|0*39);", re.IGNORECASE)
_SPACES = "[ \t\r\n\u00a0\u202f]"
# Spaces before ; ! ? (or none, after a letter or a closing sign) become U+202F.
_BEFORE_HIGH_PUNCT = re.compile(rf"(?:{_SPACES}+|(?<=[^\W\d_]|[)\]»”]))([!?]+|;)(?=\s|$|[»”)\].,…])")
# Spaces before : (or none, after a letter) become U+00A0; "a:b" is left alone.
_BEFORE_COLON = re.compile(rf"(?:{_SPACES}+|(?<=[^\W\d_]))(:)(?=\s|$|[»”)\]])")
_AFTER_OPEN_GUILLEMET = re.compile(rf"«{_SPACES}*")
_BEFORE_CLOSE_GUILLEMET = re.compile(rf"{_SPACES}*»")
_INSIDE_ENGLISH_QUOTES = re.compile(rf"(“){_SPACES}+|{_SPACES}+(”)")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# "18h30", "18 H 30", "18:30", "9h", "9h00": hours 0 to 23, minutes 00 to 59 ("00" left out).
_TIME = re.compile(
    rf"(?<![\w:.,/])([01]?\d|2[0-3])(?:{_SPACES}?[hH]{_SPACES}?([0-5]\d)?|:([0-5]\d))(?![\w:])"
)
# A run of text holding none of these is left as it is by every rule above: most runs of a
# rendered document (the indentation between tags, plain words) skip the substitutions.
_NEEDS_TYPOGRAPHY = re.compile(r"[«»“”'\d;:!?]")
_DIGIT = re.compile(r"\d")


def french_typography(text: str) -> str:
    """French typography in text or HTML, by the convention above; the same kind back.

    Only the text between tags changes, never a tag, a character reference, a URL or an
    e-mail address in the text, nor code. "Objectif :" gets U+00A0 before the colon (also
    "<strong>Objectif</strong> :" and "avril 2021 :"), "Pourquoi ?" U+202F before the mark,
    « » U+00A0 inside; "l'été" (or escape()'s "l&#x27;été") becomes "l’été", "18h30"
    "18 h 30", « a « b » c » « a “b” c ». Applying it twice gives the same text.
    """
    parts = _PROTECTED.split(text)
    raw = None  # the element whose content stays as it is ("code", "style"…)
    depth = 0  # « open in the current run of text
    for index, part in enumerate(parts):
        if not part:
            continue
        if index % 2:  # a tag, a reference, a URL or an address
            tag = _RAW_TAG.match(part)
            if tag and not tag[1] and raw is None:
                raw = tag[2].lower()
            elif tag and tag[1] and tag[2].lower() == raw:
                raw = None
            elif _BLOCK_TAG.match(part):
                depth = 0
            elif raw is None and _APOSTROPHE_ENTITY.fullmatch(part) and _between_letters(parts, index):
                parts[index] = "’"
            continue
        if raw is not None or not _NEEDS_TYPOGRAPHY.search(part):
            continue
        part, depth = _nest_quotations(part, depth)
        # Each rule runs only where the sign it places a space around is: the substitutions
        # are the cost, and a run of text rarely holds more than one kind.
        if "'" in part:
            part = _APOSTROPHE.sub("’", part)
        if _DIGIT.search(part):
            part = _TIME.sub(_time, part)
        if "!" in part or "?" in part or ";" in part:
            part = _BEFORE_HIGH_PUNCT.sub(NNBSP + r"\1", part)
        if ":" in part:
            part = _BEFORE_COLON.sub(NBSP + r"\1", part)
        if "«" in part:
            part = _AFTER_OPEN_GUILLEMET.sub("«" + NBSP, part)
        if "»" in part:
            part = _BEFORE_CLOSE_GUILLEMET.sub(NBSP + "»", part)
        if "“" in part or "”" in part:
            part = _INSIDE_ENGLISH_QUOTES.sub(r"\1\2", part)
        parts[index] = part
    return "".join(parts)


def french_quotes(text: str) -> str:
    """``text`` between French quotation marks, no-break spaces inside: "«\u00a0text\u00a0»".

    For a value the code quotes inside an interface message ("valeurs possibles : « a », « b »"),
    so that it reads like the typeset catalogue text around it.
    """
    return f"«{NBSP}{text}{NBSP}»"


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


def _between_letters(parts: list, index: int) -> bool:
    before, after = parts[index - 1], parts[index + 1] if index + 1 < len(parts) else ""
    return bool(before) and bool(after) and before[-1].isalnum() and after[0].isalnum()


def _nest_quotations(text: str, depth: int) -> tuple[str, int]:
    """« inside an open « becomes “, its » ”; ``depth`` is the number open before ``text``."""
    if "«" not in text and ("»" not in text or not depth):
        return text, depth
    out = []
    for char in text:
        if char == "«":
            depth += 1
            out.append("«" if depth == 1 else "“")
        elif char == "»" and depth:
            out.append("»" if depth == 1 else "”")
            depth -= 1
        else:
            out.append(char)
    return "".join(out), depth


def _time(match: re.Match) -> str:
    hours, minutes = int(match[1]), match[2] or match[3]
    # As cln_portal.dates.format_time_fr writes them: "9 h", not "9 h 00".
    return f"{hours}{NBSP}h{NBSP}{minutes}" if minutes and minutes != "00" else f"{hours}{NBSP}h"


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


_converters = threading.local()


def _markdown_converter() -> markdown.Markdown:
    """This thread's Markdown converter, reset for a new text.

    Building one loads its extensions and compiles its patterns (about half the cost of a
    short text's conversion, and the minutes convert dozens); an instance is not safe to
    share between threads, hence one per thread. ``reset()`` forgets the previous text
    (Python-Markdown's documented way to convert several texts with one instance).
    """
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=["sane_lists", _LanguageSpanExtension()], output_format="html"
        )
        _converters.markdown = converter
    return converter.reset()


def render_markdown(text: str, *, footnotes: FootnoteSet | None = None, inline: bool = False) -> SafeString:
    """Convert the Markdown subset to safe HTML with French typography.

    With ``inline``, a single paragraph is returned without its ``<p>`` (for list items and
    table cells). Footnote calls ``[^key]`` are replaced through ``footnotes``.
    """
    if not text:
        return mark_safe("")
    html = _markdown_converter().convert(text)
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


def markdown_plain(text: str) -> str:
    """The Markdown subset as plain text, for e-mails' text parts, titles and hidden labels:
    the markup's syntax (``*…*``, ``[…]{lang=en}``, links' addresses) removed, French
    typography applied, paragraphs on lines of their own. Not escaped: the caller escapes
    (HTML templates do, the text engine must not)."""
    if not text:
        return ""
    html_text = render_markdown(text)
    html_text = re.sub(r"</p>\s*<p>|<br\s*/?>", "\n", html_text)
    return unescape(strip_tags(html_text)).strip()


_LINK_TAG = re.compile(r"</?a\b[^>]*>")


def render_phrase(text: str) -> SafeString:
    """The Markdown subset as inline HTML without its links (emphasis and ``lang`` spans kept),
    for a text shown inside a link or a table cell: a link may not hold another."""
    return mark_safe(_LINK_TAG.sub("", render_markdown(text, inline=True)))  # noqa: S308 -- sanitised by render_markdown
