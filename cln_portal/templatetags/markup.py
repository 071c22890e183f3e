"""Template filters for the council's texts: ``markdown``, ``markdown_inline``, ``phrase``, ``plain`` and ``typo``."""

import functools

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cln_portal.markup import french_typography, markdown_plain, render_markdown, render_phrase

register = template.Library()


@functools.lru_cache(maxsize=2048)
def _markdown_without_notes(text: str, inline: bool):
    return render_markdown(text, inline=inline)


def _render(text, footnotes, inline: bool):
    # Without footnotes the HTML depends on the text alone: each process converts a text once
    # (an axis page shows tens of questions and answers; Markdown took a fifth of its CPU).
    # With footnotes, the set numbers its calls as the document goes: converted every time.
    if footnotes is None and type(text) in (str, SafeString):
        return _markdown_without_notes(str(text), inline)
    return render_markdown(text, footnotes=footnotes, inline=inline)


@register.filter
def markdown(text: str, footnotes=None):
    """``{{ text|markdown:footnotes }}``: the Markdown subset as safe HTML."""
    return _render(text, footnotes, inline=False)


@register.filter
def markdown_inline(text: str, footnotes=None):
    """Like ``markdown`` without the paragraph wrapper, for list items."""
    return _render(text, footnotes, inline=True)


@register.filter
def typo(text) -> str:
    """Escape plain text and apply French typography (no-break spaces before : ; ! ?)."""
    return mark_safe(french_typography(escape(str(text))))  # noqa: S308 -- escaped first


@register.filter
def plain(text) -> str:
    """``{{ question.text|plain }}``: the text without its markup's syntax, French typography
    applied (e-mails' text parts, labels for screen readers, anything cut to a length)."""
    return markdown_plain(str(text or ""))


@register.filter
def phrase(text) -> str:
    """``{{ question.text|phrase|truncatechars_html:140 }}``: inline markup without links, for a
    text inside a link or a table cell (see ``cln_portal.markup.render_phrase``)."""
    return render_phrase(str(text or ""))
