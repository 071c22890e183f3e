"""Reads of the public programme."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Edition


@dataclass
class Programme:
    """The public programme: the next edition (if any), then the others grouped by year.

    ``years`` is a list of ``(year, [editions])``, newest year first and newest edition
    first within a year; editions without a date come last under ``year`` None.
    """

    coming: Edition | None = None
    years: list[tuple[int | None, list[Edition]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.coming is None and not self.years


def _edition_queryset() -> QuerySet[Edition]:
    return Edition.objects.select_related("series", "venue")


def edition_is_past(edition: Edition, *, today: datetime.date) -> bool:
    """Whether the edition's last day (the month's last day for a month-only date) is over."""
    last_day = edition.date_last_day
    return last_day is not None and last_day < today


def programme_get(*, today: datetime.date | None = None) -> Programme:
    """The programme of every edition, in one query.

    The coming edition is the nearest one whose date is not over (``today`` defaults to
    the current date in Europe/Paris); it is taken out of the yearly list so it shows once.
    """
    today = today or timezone.localdate()
    editions = list(_edition_queryset().order_by("-date", "-number"))

    upcoming = [e for e in editions if e.date is not None and not edition_is_past(e, today=today)]
    coming = min(upcoming, key=lambda e: (e.date, e.number)) if upcoming else None

    listed = [e for e in editions if e is not coming]
    # Dated editions are already newest first; undated ones go to the end.
    listed.sort(key=lambda e: e.date is None)
    years = [
        (year, list(group)) for year, group in groupby(listed, key=lambda e: e.date.year if e.date else None)
    ]
    return Programme(coming=coming, years=years)


def edition_get(*, series_slug: str, number: int) -> Edition:
    """One edition by its series and number, with its series and venue; 404 when unknown."""
    return get_object_or_404(_edition_queryset(), series__slug=series_slug, number=number)
