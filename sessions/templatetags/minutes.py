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


@register.filter
def person_name(member, public_names: bool = False) -> str:
    """A person's name as the minutes print it: ``public_name`` in public minutes (RGPD consent),
    the full name otherwise; "" for no one."""
    if member is None:
        return ""
    return member.public_name if public_names else member.full_name


@register.filter
def attendee_label(attendance, public_names: bool = False) -> str:
    """An attendance line: "Anaïs Garnier (conseillère Nord)", with ``title`` the role at that date.

    In public minutes a person who did not consent to publication is printed by
    ``Member.public_name`` alone ("A. G., conseillère Nord"), which already holds the title.
    """
    member = attendance.member
    if public_names and not member.name_public:
        return member.public_name
    return f"{member.full_name} ({attendance.title})"
