"""Public pages of the programme: anybody may see them, no account needed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cln_portal.dates import DatePrecision, format_flexible_date

from .selectors import edition_get, edition_is_past, programme_get


def programme(request: HttpRequest) -> HttpResponse:
    """The site's home: the coming edition, then past editions by year (public)."""
    return render(request, "pdin/programme.html", {"programme": programme_get()})


def edition_detail(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """One edition's page (public)."""
    edition = edition_get(series_slug=series_slug, number=number)
    today = timezone.localdate()
    context = {
        "edition": edition,
        "date_long": format_flexible_date(
            edition.date, edition.date_end, edition.date_precision, weekday=True
        ),
        "show_time": edition.date_precision == DatePrecision.DAY and edition.start_time is not None,
        "is_past": edition_is_past(edition, today=today),
    }
    return render(request, "pdin/edition_detail.html", context)
