"""schema.org ``Event`` data (JSON-LD) of an edition, and its safe embedding in a page.

The data block is a ``<script type="application/ld+json">``: data, never run, which the
CSP (``script-src 'self'``) does not concern. Every ``<``, ``>`` and ``&`` of the JSON is
written as a ``\\u00XX`` escape, as Django's ``json_script`` does, so a title containing
``</script>`` cannot close the block.
"""

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cln_portal.dates import DatePrecision
from cln_portal.links import absolute_url

from .models import Edition

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _date_value(edition: Edition, *, end: bool = False) -> str | None:
    if edition.date is None:
        return None
    if edition.date_precision == DatePrecision.MONTH:
        # ISO 8601 reduced precision: the month only, as the seed gives it.
        return None if end else edition.date.strftime("%Y-%m")
    if edition.has_time:
        return (edition.ends_at if end else edition.starts_at).isoformat()
    return (edition.date_last_day if end else edition.date).isoformat()


def edition_jsonld(edition: Edition, *, council=None) -> dict:
    """The schema.org Event of an edition: name, dates, place, organiser, offer when registering.

    ``startDate`` is an ISO 8601 date-time with its Paris offset, a date for an all-day
    edition, or a year-month for a month-only one. Uses ``places_left`` when the edition
    carries it (``selectors.edition_page_get``).
    """
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{edition.label} – {edition.title}",
        "url": absolute_url(edition.get_absolute_url()),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "inLanguage": "fr",
        "organizer": {
            "@type": "Organization",
            "name": getattr(council, "name", "") or "Conseil local du numérique",
            "url": settings.SITE_URL,
        },
    }
    if edition.subtitle or edition.description:
        data["description"] = edition.subtitle or edition.description
    start, end = _date_value(edition), _date_value(edition, end=True)
    if start:
        data["startDate"] = start
    if end:
        data["endDate"] = end
    if edition.venue:
        venue = edition.venue
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        for key, value in (
            ("streetAddress", venue.address),
            ("postalCode", venue.postal_code),
            ("addressLocality", venue.city),
        ):
            if value:
                address[key] = value
        data["location"] = {"@type": "Place", "name": venue.name, "address": address}
    if edition.series_id:
        data["superEvent"] = {"@type": "EventSeries", "name": edition.series.name}
    if edition.capacity:
        data["maximumAttendeeCapacity"] = edition.capacity
        places_left = getattr(edition, "places_left", None)
        if edition.registration_open and places_left is not None:
            data["remainingAttendeeCapacity"] = places_left
            data["offers"] = {
                "@type": "Offer",
                "price": "0",
                "priceCurrency": "EUR",
                "url": absolute_url(edition.get_absolute_url()) + "#inscription",
                "availability": "https://schema.org/InStock" if places_left else "https://schema.org/SoldOut",
            }
    speakers = getattr(edition, "speakers", None)
    if speakers:
        data["performer"] = [{"@type": "Person", "name": s.name} for s in speakers]
    return data


def jsonld_script(data: dict) -> SafeString:
    """``<script type="application/ld+json">`` with ``data`` as escaped JSON."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
