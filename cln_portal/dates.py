"""Dates known to a day, a month or a range of days, as the council's documents give them.

The seed names PDIN editions by month only ("Septembre 2022") and calendar entries by
range ("Entre le 17 et le 31 janvier 2026"): a date's precision is stored beside it and
shown as given, never invented as the 1st of the month.
"""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("jour")
    MONTH = "month", _("mois")
    RANGE = "range", _("période")


def format_flexible_date(
    start: datetime.date | None, end: datetime.date | None, precision: str, *, weekday: bool = False
) -> str:
    """Return a rendering of a flexible date in the active language (French unless English).

    ``precision`` is a :class:`DatePrecision` value. A month is "septembre 2022", a day
    "13 février 2026" (or "vendredi 13 février 2026" with ``weekday``), a range
    "entre le 17 et le 31 janvier 2026". Returns "" when ``start`` is None.

    Each text is worked out once per process and language: lists print the same few dates
    on every request, and Django's date formatting was a tenth of a card's CPU (issue 17).
    """
    if start is None:
        return ""
    return _flexible_date(start, end, str(precision), weekday, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _flexible_date(
    start: datetime.date, end: datetime.date | None, precision: str, weekday: bool, language: str | None
) -> str:
    # ``language`` is the active one: it is only part of the key.
    if precision == DatePrecision.MONTH:
        return formats.date_format(start, "F Y")
    if precision == DatePrecision.RANGE and end and end != start:
        if (start.year, start.month) == (end.year, end.month):
            first = formats.date_format(start, "j")
        elif start.year == end.year:
            first = formats.date_format(start, "j F")
        else:
            first = formats.date_format(start, "j F Y")
        if start.day == 1 and not _english():
            first = first.replace("1", "1er", 1)
        return gettext("entre le %(start)s et le %(end)s") % {
            "start": first,
            "end": formats.date_format(end, "j F Y"),
        }
    text = formats.date_format(start, "l j F Y" if weekday else "j F Y")
    # French writes the first day of a month as an ordinal: "1er décembre".
    if start.day == 1 and not _english():
        text = text.replace(" 1 ", " 1er ", 1) if weekday else "1er" + text[1:]
    return text


class FlexibleDateMixin(models.Model):
    """Abstract fields ``date``, ``date_end`` and ``date_precision``.

    ``date`` is the first day (for a month: the 1st, which is never shown); ``date_end``
    is the last day, inclusive, of a range and empty otherwise.
    """

    date = models.DateField(_("date"), null=True, blank=True)
    date_end = models.DateField(_("date de fin"), null=True, blank=True)
    date_precision = models.CharField(
        _("précision de la date"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.date_precision == DatePrecision.RANGE:
            if not self.date or not self.date_end:
                raise ValidationError(
                    {"date_end": gettext("Une période demande une date de début et une date de fin.")}
                )
            if self.date_end < self.date:
                raise ValidationError({"date_end": gettext("La date de fin doit suivre la date de début.")})
        elif self.date_end:
            raise ValidationError({"date_end": gettext("Seule une période a une date de fin.")})
        if self.date_precision == DatePrecision.MONTH and self.date and self.date.day != 1:
            raise ValidationError({"date": gettext("Un mois se note par son premier jour.")})

    @property
    def date_display(self) -> str:
        """The date as French text, at its stored precision."""
        return format_flexible_date(self.date, self.date_end, self.date_precision)

    @property
    def date_last_day(self) -> datetime.date | None:
        """The last day the date covers (the range's end, the month's last day, or the day)."""
        return last_day_covered(self.date, self.date_end, self.date_precision)


def last_day_covered(
    date: datetime.date | None, date_end: datetime.date | None, precision: str
) -> datetime.date | None:
    """The last day a flexible date covers: the range's end (``DatePrecision.RANGE``), the
    month's last day (``MONTH``), or the day itself; None without a date."""
    if date is None:
        return None
    if precision == DatePrecision.RANGE and date_end:
        return date_end
    if precision == DatePrecision.MONTH:
        next_month = (date.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return next_month - datetime.timedelta(days=1)
    return date


def _english() -> bool:
    """Whether English is active (the switch, or an e-mail to an English reader)."""
    return (translation.get_language() or "").startswith("en")


def format_day_fr(day: datetime.date | datetime.datetime, *, weekday: bool = True, year: bool = True) -> str:
    """A day as the council writes it: "vendredi 13 février 2026", "lundi 1er juin 2026"
    ("lundi 1er juin" with ``year=False``, for a day in the coming week).

    An aware datetime is first converted to the council's time zone (``TIME_ZONE``,
    Europe/Paris), whatever time zone a request activated. French, unless English is
    active ("Friday 13 February 2026"): e-mails are rendered in their recipient's language
    (``notifications.services``) and the official PDFs under ``translation.override("fr")``.
    """
    if isinstance(day, datetime.datetime):
        day = day.astimezone(timezone.get_default_timezone()).date() if timezone.is_aware(day) else day.date()
    english = _english()
    with translation.override("en" if english else "fr"):
        text = formats.date_format(day, ("l j F" if weekday else "j F") + (" Y" if year else ""))
    if day.day == 1 and not english:
        # French writes the first day of a month as an ordinal: "1er juin".
        text = text.replace(" 1 ", " 1er ", 1) if weekday else "1er" + text[1:]
    return text


def format_time_fr(moment: datetime.time | datetime.datetime) -> str:
    """A wall-clock time in French typography: "9 h", "9 h 30", "18 h 05", "0 h" (English: "9:30 am").

    Aware datetimes are shown in Europe/Paris. Plain spaces, exactly as the issue writes
    "vendredi 13 février 2026 à 9 h", so tests and templates can compare text literally.
    """
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = moment.astimezone(timezone.get_default_timezone())
        moment = moment.time()
    if _english():
        # "6 pm", "6:30 pm", "12 pm" (noon), "12 am" (midnight).
        hour = moment.hour % 12 or 12
        minutes = f":{moment.minute:02d}" if moment.minute else ""
        return f"{hour}{minutes} {'am' if moment.hour < 12 else 'pm'}"
    text = f"{moment.hour} h"
    if moment.minute:
        text += f" {moment.minute:02d}"
    return text


def format_datetime_fr(moment: datetime.datetime, *, weekday: bool = True) -> str:
    """An aware datetime, in Europe/Paris: "vendredi 13 février 2026 à 9 h".

    The form the issue asks for in e-mails: weekday, day ("1er" for the first), month,
    year, then "à 9 h" or "à 9 h 30". A naive datetime is taken as Paris wall-clock time.
    In English when English is active: "Friday 13 February 2026 at 9 am".
    """
    if timezone.is_aware(moment):
        moment = moment.astimezone(timezone.get_default_timezone())
    at = gettext("%(day)s à %(time)s")
    return at % {"day": format_day_fr(moment, weekday=weekday), "time": format_time_fr(moment)}


# For e-mail contexts: the text is written when the e-mail is rendered, in its recipient's
# language (``notifications.services.notification_queue`` renders under
# ``translation.override``), not in the language of the page or task that queued it.
format_day_lazy = lazy(format_day_fr, str)
format_datetime_lazy = lazy(format_datetime_fr, str)
