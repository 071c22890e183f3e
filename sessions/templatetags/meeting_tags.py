"""Template helpers of the sitting pages, and the "Mes prochaines séances" block of the dashboard.

``{% load meeting_tags %}{% member_upcoming_meetings member %}`` renders
``meetings/meeting_dashboard_block.html`` (one query) for the member's coming sittings.
"""

from django import template

from cln_portal.dates import format_datetime_fr
from sessions.meetings.selectors import upcoming_invitations
from sessions.meetings.services import meeting_place_display, meeting_when_display

register = template.Library()


@register.filter
def meeting_when(meeting) -> str:
    """``{{ meeting|meeting_when }}``: "lundi 30 mars 2026 à 18 h – 20 h" (Europe/Paris)."""
    return meeting_when_display(meeting) if meeting else ""


@register.filter
def meeting_place(meeting) -> str:
    """``{{ meeting|meeting_place }}``: the venue's name and address on one line."""
    return meeting_place_display(meeting) if meeting else ""


@register.inclusion_tag("meetings/meeting_dashboard_block.html", takes_context=True)
def member_upcoming_meetings(context, member) -> dict:
    """The coming sittings ``member`` is convoked to, with their answer and quick answer buttons."""
    return {
        "invitations": upcoming_invitations(member=member),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def moment_fr(value) -> str:
    """``{{ dt|moment_fr }}``: "lundi 30 mars 2026 à 18 h 05" in Europe/Paris; "" for None."""
    return format_datetime_fr(value) if value else ""
