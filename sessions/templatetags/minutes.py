"""Template filters of the minutes pages and PDF."""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from cln_portal.markup import note_html

register = template.Library()

_HEADING_TAG = re.compile(r"<(/?)h([1-5])\b")


@register.filter
def demote_headings(html: str, levels: int = 1) -> SafeString:
    """Shift the headings of sanitised HTML down by ``levels`` (h3 → h4), never past h6.

    A text typed under a section title (an annex's body) keeps the page's heading order.
    The input must already be safe (the output of the ``markdown`` filter).
    """
    levels = int(levels)
    demoted = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + levels, 6)}", str(html))
    return mark_safe(demoted)  # noqa: S308 -- only tag names of safe HTML are changed


@register.filter
def footnote_html(note) -> SafeString:
    """A footnote's text and source link as safe HTML (``cln_portal.markup.note_html``)."""
    return note_html(note)
