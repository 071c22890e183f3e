"""« Ouvert maintenant » from the standard's ``horaires`` (OpenStreetMap opening_hours syntax).

Parsed by opening-hours-py (the Rust ``opening-hours`` crate): French public holidays
(``PH``) come from its calendar for country ``FR``, and times are read in Europe/Paris, so
the change to summer time is handled by the zone, not by us.
"""

import datetime
import zoneinfo

from django.utils import timezone
from opening_hours import OpeningHours, ParserError

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def parse(horaires: str) -> OpeningHours | None:
    """The parsed expression, or ``None`` when empty or not valid OSM syntax."""
    if not (horaires or "").strip():
        return None
    try:
        return OpeningHours(horaires, timezone=PARIS, country="FR")
    except (ParserError, SyntaxError, ValueError):
        return None


def is_valid(horaires: str) -> bool:
    """True for an empty value or a valid OSM opening_hours expression."""
    return not (horaires or "").strip() or parse(horaires) is not None


def is_open(horaires: str, at: datetime.datetime | None = None) -> bool | None:
    """Is the place open at ``at`` (default: now)? ``None`` when its hours are unknown or unreadable."""
    parsed = parse(horaires)
    if parsed is None:
        return None
    moment = (at or timezone.now()).astimezone(PARIS)
    if parsed.is_unknown(moment):
        return None
    return parsed.is_open(moment)


def next_change(horaires: str, at: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the place next opens or closes (Paris time), or ``None``."""
    parsed = parse(horaires)
    if parsed is None:
        return None
    return parsed.next_change((at or timezone.now()).astimezone(PARIS))
