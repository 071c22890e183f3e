"""« Ouvert maintenant » from the standard's ``horaires`` (OpenStreetMap opening_hours syntax).

Parsed by opening-hours-py (the Rust ``opening-hours`` crate): French public holidays
(``PH``) come from its calendar for country ``FR``, and times are read in Europe/Paris, so
the change to summer time is handled by the zone, not by us.
"""

import datetime
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext
from opening_hours import OpeningHours, ParserError

from cln_portal.dates import format_day_fr, format_time_fr

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


def status_display(horaires: str, at: datetime.datetime | None = None) -> str:
    """One sentence for « open now » in the active language, times as the rest of the site
    writes them: "Ouvert maintenant, jusqu’à 18 h", "Fermé maintenant, ouvre demain à 9 h 30"
    ("Open now, until 6 pm", "Closed now, opens tomorrow at 9:30 am"); the day is named
    ("lundi 7 décembre") when the change is further off. "Horaires non renseignés" when
    the hours are unknown or unreadable.
    """
    moment = (at or timezone.now()).astimezone(PARIS)
    state = is_open(horaires, moment)
    if state is None:
        return gettext("Horaires non renseignés")
    change = next_change(horaires, moment)
    if change is None:
        return gettext("Ouvert maintenant") if state else gettext("Fermé maintenant")
    change = change.astimezone(PARIS)
    time = format_time_fr(change.time())
    days_ahead = (change.date() - moment.date()).days
    if days_ahead == 0:
        text = (
            gettext("Ouvert maintenant, jusqu’à %(time)s")
            if state
            else gettext("Fermé maintenant, ouvre à %(time)s")
        )
        return text % {"time": time}
    if days_ahead == 1:
        text = (
            gettext("Ouvert maintenant, jusqu’à demain à %(time)s")
            if state
            else gettext("Fermé maintenant, ouvre demain à %(time)s")
        )
        return text % {"time": time}
    text = (
        gettext("Ouvert maintenant, jusqu’à %(day)s à %(time)s")
        if state
        else gettext("Fermé maintenant, ouvre %(day)s à %(time)s")
    )
    return text % {"day": format_day_fr(change.date(), year=days_ahead > 300), "time": time}
