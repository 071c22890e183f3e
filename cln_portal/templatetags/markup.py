"""Template filters for the council's texts: ``markdown``, ``markdown_inline`` and ``typo``."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from cln_portal.markup import french_typography, render_markdown

register = template.Library()


@register.filter
def markdown(text: str, footnotes=None):
    """``{{ text|markdown:footnotes }}``: the Markdown subset as safe HTML."""
    return render_markdown(text, footnotes=footnotes)


@register.filter
def markdown_inline(text: str, footnotes=None):
    """Like ``markdown`` without the paragraph wrapper, for list items."""
    return render_markdown(text, footnotes=footnotes, inline=True)


@register.filter
def typo(text) -> str:
    """Escape plain text and apply French typography (no-break spaces before : ; ! ?)."""
    return mark_safe(french_typography(escape(str(text))))  # noqa: S308 -- escaped first
