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


def coming_days(horaires: str, start: datetime.date, days: int = 7) -> list[tuple[datetime.date, list]]:
    """The opening periods of ``days`` days from ``start``: ``[(day, [(opens, closes), …]), …]``.

    Times are Paris wall-clock ``datetime.time``; a day with no period is closed (public
    holidays included, when the hours say ``PH off``). Empty when the hours are unreadable.
    """
    parsed = parse(horaires)
    if parsed is None:
        return []
    begin = datetime.datetime.combine(start, datetime.time(0, 0), tzinfo=PARIS)
    end = datetime.datetime.combine(start + datetime.timedelta(days=days), datetime.time(0, 0), tzinfo=PARIS)
    schedule = {start + datetime.timedelta(days=n): [] for n in range(days)}
    for opens, closes, state, _comment in parsed.intervals(begin, end):
        if str(state).upper().endswith("OPEN") and opens.date() in schedule:
            closes_at = closes.time() if closes.date() == opens.date() else datetime.time(23, 59)
            schedule[opens.date()].append((opens.time(), closes_at))
    return list(schedule.items())
