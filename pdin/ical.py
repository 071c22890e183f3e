"""iCalendar (RFC 5545) files of the programme: a feed per series and one file per edition.

- Times are in Europe/Paris (``TZID=Europe/Paris``) and each file carries the VTIMEZONE block.
- UIDs are stable (``pdin-edition-<pk>@<host>``): a calendar application that fetches the feed
  again updates the event instead of adding a copy. ``DTSTAMP`` and ``LAST-MODIFIED`` are the
  edition's last change, so two fetches of an unchanged programme give the same bytes.
- A day without a time is an all-day event (``VALUE=DATE``); a range of days is a multi-day
  all-day event. ``DTEND`` is exclusive, as RFC 5545 (3.6.1) defines it: the day after the
  last day.
- An edition known only by its month ("septembre 2022") has no day: it is left out of the
  feeds (an event on the 1st would invent a date the council never gave). It appears on the
  programme page as a month.
"""

import datetime
import re
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, Timezone, vText

from cln_portal.dates import DatePrecision
from cln_portal.links import absolute_url
from cln_portal.schedule import local_zone

from .models import Edition

PRODID = "-//Conseil local du numérique//Programme PDIN//FR"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def edition_uid(edition: Edition) -> str:
    """The stable UID of an edition: it never changes, even when its title or date do."""
    return f"pdin-edition-{edition.pk}@{_host()}"


def is_calendar_event(edition: Edition) -> bool:
    """Whether the edition has a day (or a range of days) and so can be a calendar event."""
    return edition.date is not None and edition.date_precision != DatePrecision.MONTH


def _event(edition: Edition) -> Event:
    event = Event()
    event.add("uid", edition_uid(edition))
    stamp = edition.updated_at or edition.created_at
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("summary", f"{edition.label} – {edition.title}")
    if edition.has_time:
        event.add("dtstart", edition.starts_at)
        event.add("dtend", edition.ends_at)
    else:
        # All-day: DTEND is the day after the last day (exclusive end, RFC 5545 3.6.1).
        event.add("dtstart", edition.date)
        event.add("dtend", edition.date_last_day + datetime.timedelta(days=1))
    if edition.venue:
        event.add("location", ", ".join(p for p in [edition.venue.name, edition.venue.full_address] if p))
    url = absolute_url(edition.get_absolute_url())
    event.add("url", url)
    # Calendar clients show plain text: the Markdown emphasis marks are dropped.
    plain = re.sub(r"(\*\*|\*)(\S.*?\S|\S)\1", r"\2", edition.description)
    description = "\n\n".join(p for p in [edition.subtitle, plain, url] if p)
    event.add("description", vText(description))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def calendar_of(editions, *, name: str) -> bytes:
    """An iCalendar file of ``editions`` (month-only ones skipped), with the VTIMEZONE of Paris."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    # Always included (all-day events need none, but a client adding a timed one later
    # should find it); built from the tz database, with the transitions of the years the
    # programme spans rather than from 1970.
    calendar.add_component(
        Timezone.from_tzinfo(
            local_zone(),
            tzid="Europe/Paris",
            first_date=datetime.date(2022, 1, 1),
            last_date=datetime.date(2036, 1, 1),
        )
    )
    for edition in editions:
        if is_calendar_event(edition):
            calendar.add_component(_event(edition))
    return calendar.to_ical()


def edition_ics(edition: Edition) -> str:
    """The .ics file of one edition, as text (for a download or an e-mail attachment)."""
    return calendar_of([edition], name=f"{edition.label} – {edition.title}").decode()
