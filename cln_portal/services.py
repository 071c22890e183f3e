"""Writes of the portal's shared parts: the weekly digest, members' e-mail choices, staff retries.

Sending itself is ``cln_portal.notifications`` (the outbox); these functions decide what
to queue and record people's choices.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import MANDATORY_KINDS, Notification, NotificationKind, NotificationStatus
from .notifications import absolute_url, notification_queue, notification_retry, preference_set
from .schedule import due_at, local_day, weekly_occurrence

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
    from .selectors import digest_content, digest_recipients

    now = now or timezone.now()
    occurrence = weekly_occurrence(weekday=DIGEST_WEEKDAY, at=DIGEST_TIME, now=now + DIGEST_CLOCK_SLACK)
    since = due_at(day=local_day(occurrence) - datetime.timedelta(days=7), at=DIGEST_TIME)
    content = digest_content(since=since, until=occurrence)
    if content.is_empty:
        logger.info("Weekly digest of %s: nothing to tell, nothing sent.", occurrence.date())
        return 0
    from members.selectors import council_get

    context = {
        "council": council_get(),
        "digest": content,
        "minutes_links": [(m, absolute_url(m.get_absolute_url())) for m in content.minutes],
        "question_links": [(q, absolute_url(q.workstream.get_absolute_url())) for q in content.questions],
        "coming_dates": _coming_dates(content),
        "reason": _("vous vous êtes abonné·e à la lettre hebdomadaire du conseil"),
    }
    queued = 0
    for member in digest_recipients(on=local_day(now)):
        address = member.email_address
        if not address:
            continue
        notification = notification_queue(
            kind=NotificationKind.WEEKLY_DIGEST,
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


def _coming_dates(content) -> list[ComingDate]:
    """Sittings and PDIN editions ahead, merged in date order, their dates written in French."""
    from .dates import DatePrecision, format_datetime_fr, format_day_fr, format_time_fr

    dates = [
        ComingDate(
            day=local_day(meeting.starts_at),
            when=format_datetime_fr(meeting.starts_at),
            title=str(meeting),
            place=meeting.venue.name if meeting.venue_id else "",
            url="",
        )
        for meeting in content.meetings
    ]
    for edition in content.editions:
        if edition.date_precision == DatePrecision.DAY:
            when = format_day_fr(edition.date)
            if edition.start_time:
                when = _("%(day)s à %(time)s") % {"day": when, "time": format_time_fr(edition.start_time)}
        else:
            when = edition.date_display
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


@transaction.atomic
def preferences_save(*, member, choices: dict[str, bool], actor) -> list[str]:
    """Record a member's e-mail choice per kind; return the kinds whose choice changed.

    ``choices`` maps a ``NotificationKind`` value to True (e-mail) or False (none).
    Mandatory kinds (convocations, statutory notices) cannot be turned off: asking raises
    ``ValidationError`` with a French message. ``actor`` is the user who made the change
    (the member, or staff acting for them), logged for the record.
    """
    from .selectors import preferences_of

    current = {row.kind: row.by_email for row in preferences_of(member=member)}
    changed = []
    for kind, by_email in choices.items():
        if kind not in NotificationKind.values:
            raise ValidationError(_("Type de notification inconnu."))
        if kind in MANDATORY_KINDS:
            if not by_email:
                raise ValidationError(
                    _("Les convocations et les avis statutaires ne peuvent pas être désactivés.")
                )
            continue
        if current.get(kind) == by_email:
            continue
        preference_set(member=member, kind=kind, by_email=by_email)
        changed.append(kind)
    if changed:
        logger.info("E-mail preferences of member %s changed by %s: %s", member.pk, actor, changed)
    return changed


def outbox_retry(*, notification_id: int, actor) -> bool:
    """Staff's retry button: queue a failed notification again; False when it is not failed.

    The delivery claims the row as usual, so a double click or a retry racing the
    automatic one sends at most once. ``actor`` is the staff user, logged.
    """
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or notification.status != NotificationStatus.FAILED:
        return False
    logger.info("Notification %s retried by %s.", notification.pk, actor)
    notification_retry(notification=notification)
    return True
