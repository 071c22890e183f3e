"""Template filters of the programme: ``{{ edition.start_time|heure }}`` → "8 h 30"."""

import datetime

from django import template

from pdin.models import french_time

register = template.Library()


@register.filter
def heure(value: datetime.time | None) -> str:
    """A time as French typography writes it: "9 h", "8 h 30"; "" for None."""
    return french_time(value) if value else ""
