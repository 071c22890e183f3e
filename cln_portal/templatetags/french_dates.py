"""Template filters for dates in French: ``{{ meeting.starts_at|datetime_fr }}``.

"vendredi 13 février 2026 à 9 h", "lundi 1er juin 2026 à 9 h 30", in Europe/Paris,
whatever language or time zone the request activated (e-mails are rendered by tasks).
"""

import datetime

from django import template

from cln_portal.dates import format_datetime_fr, format_day_fr, format_time_fr

register = template.Library()


@register.filter
def datetime_fr(value: datetime.datetime | None, weekday: bool = True) -> str:
    """``{{ dt|datetime_fr }}``: "vendredi 13 février 2026 à 9 h" ("Friday 13 February 2026 at
    9 am" in English); ``datetime_fr:False``: "13 février 2026 à 9 h"; "" for None."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return format_day_fr(value, weekday=bool(weekday))
    return format_datetime_fr(value, weekday=bool(weekday))


@register.filter
def day_fr(value: datetime.date | datetime.datetime | None, weekday: bool = True) -> str:
    """``{{ d|day_fr }}``: "vendredi 13 février 2026" (``day_fr:False``: "13 février 2026")."""
    if not value:
        return ""
    return format_day_fr(value, weekday=bool(weekday))


@register.filter
def weekday_fr(value: datetime.date | datetime.datetime | None) -> str:
    """``{{ d|weekday_fr }}``: "lundi 1er juin" ("Monday 1 June"), a day of the coming week."""
    if not value:
        return ""
    return format_day_fr(value, year=False)


@register.filter
def time_fr(value: datetime.time | datetime.datetime | None) -> str:
    """``{{ t|time_fr }}``: "9 h", "9 h 30"."""
    if value is None:
        return ""
    return format_time_fr(value)
