"""Template filters for the council's texts: ``markdown``, ``markdown_inline`` and ``typo``."""

import functools

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cln_portal.markup import french_typography, render_markdown

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
