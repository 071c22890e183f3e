"""Writes of the top floor: the weekly digest, which gathers news from every app.

Sending itself is the outbox's (``notifications.services``); this decides what to queue.
"""

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cln_portal.dates import DatePrecision, format_datetime_lazy, format_day_fr, format_time_fr
from cln_portal.links import absolute_url
from cln_portal.schedule import due_at, local_day, weekly_occurrence
from members.selectors import council_get
from notifications.services import notification_queue

from .notification_kinds import WEEKLY_DIGEST
from .selectors import digest_content, digest_recipients

logger = logging.getLogger(__name__)

# The digest's moment: Mondays at 8 h in Paris (the beat schedule, cln_portal.beat, says the same).
DIGEST_WEEKDAY = 0
DIGEST_TIME = datetime.time(8, 0)
# A beat whose clock runs a little early still counts for this week's Monday.
DIGEST_CLOCK_SLACK = datetime.timedelta(minutes=10)


def weekly_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Queue the weekly digest to every member who turned it on; return how many were queued.

    The week covered runs from the previous Monday 8 h to this Monday 8 h (Europe/Paris);
    its content is read from the database now (``selectors.digest_content``). Recipients
    are computed now too: members in mandate today who opted in. Nothing is sent when the
    week has nothing to tell. Each digest is recorded with ``scheduled_for`` = this
    Monday 8 h, so running the task twice in a week sends nothing more.
    """
    now = now or timezone.now()
    occurrence = weekly_occurrence(weekday=DIGEST_WEEKDAY, at=DIGEST_TIME, now=now + DIGEST_CLOCK_SLACK)
    since = due_at(day=local_day(occurrence) - datetime.timedelta(days=7), at=DIGEST_TIME)
    content = digest_content(since=since, until=occurrence)
    if content.is_empty:
        logger.info("Weekly digest of %s: nothing to tell, nothing sent.", occurrence.date())
        return 0
    context = {
        "council": council_get(),
        "digest": content,
        "minutes_links": [(m, absolute_url(m.get_absolute_url())) for m in content.minutes],
        "question_links": [(q, absolute_url(q.workstream.get_absolute_url())) for q in content.questions],
        "coming_dates": _coming_dates(content),
        "reason": gettext_lazy("vous vous êtes abonné·e à la lettre hebdomadaire du conseil"),
    }
    queued = 0
    for member in digest_recipients(on=local_day(now)):
        address = member.email_address
        if not address:
            continue
        notification = notification_queue(
            kind=WEEKLY_DIGEST,
            about=f"digest:{local_day(occurrence).isoformat()}",
            recipient=address,
            member=member,
            template="weekly_digest",
            context=context,
            scheduled_for=occurrence,
        )
        queued += notification is not None
    return queued


@dataclass(frozen=True)
class ComingDate:
    """One line of the digest's "Dates à venir": ``when`` is French text, ``url`` may be ""."""

    day: datetime.date
    when: str
    title: str
    place: str
    url: str


def _edition_when(edition) -> str:
    """ "vendredi 13 mars 2026 à 8 h 30", or the date at its precision, in the active language."""
    if edition.date_precision == DatePrecision.DAY:
        when = format_day_fr(edition.date)
        if edition.start_time:
            when = _("%(day)s à %(time)s") % {"day": when, "time": format_time_fr(edition.start_time)}
        return when
    return edition.date_display


# Written when each e-mail is rendered, in its recipient's language (the task runs in French).
_edition_when_lazy = lazy(_edition_when, str)
_meeting_title_lazy = lazy(str, str)


def _coming_dates(content) -> list[ComingDate]:
    """Sittings and PDIN editions ahead, merged in date order, their dates written in French."""
    dates = [
        ComingDate(
            day=local_day(meeting.starts_at),
            when=format_datetime_lazy(meeting.starts_at),
            title=_meeting_title_lazy(meeting),
            place=meeting.venue.name if meeting.venue_id else "",
            url="",
        )
        for meeting in content.meetings
    ]
    for edition in content.editions:
        when = _edition_when_lazy(edition)
        series = edition.series.short_name or edition.series.name
        dates.append(
            ComingDate(
                day=edition.date,
                when=when,
                title=f"{series} #{edition.number} – {edition.title}",
                place=edition.venue.name if edition.venue_id else "",
                url=absolute_url(edition.get_absolute_url()),
            )
        )
    return sorted(dates, key=lambda item: item.day)
