"""When a reminder is due, in Europe/Paris wall-clock time, correct across daylight saving.

The council says "the day before at 9 h": that is 9 h in Paris on the eve, whatever the
UTC offset of either day. Adding ``timedelta(days=1)`` to a UTC datetime gets it wrong
on 29 March and 25 October 2026 (an hour early or late), so every reminder computes its
moment here, from a calendar day and a wall-clock time.

Periodic tasks (``meetings.send_meeting_reminders`` and the others) run every 15 minutes
and send what is due: for each object they compute its due moments with
:func:`days_before` (or :func:`due_at`), keep those that :func:`is_due` now, and pass the
moment as ``scheduled_for`` to ``notification_queue``, so that the unique outbox row
makes the next run (15 minutes later, or a second beat) send nothing more.
:func:`due_reminders` does the three steps at once.

All datetimes returned are aware, in the council's time zone (``settings.TIME_ZONE``,
Europe/Paris).
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

# How late a due reminder may still go out (a worker down for a while, a slow beat):
# the 15-minute beat leaves ample margin; after that a reminder is stale and dropped.
DEFAULT_GRACE = datetime.timedelta(hours=6)


def local_zone() -> datetime.tzinfo:
    """The council's time zone (``settings.TIME_ZONE``: Europe/Paris)."""
    return timezone.get_default_timezone()


def local_now() -> datetime.datetime:
    """Now, as an aware datetime in Europe/Paris (follows ``time_machine`` in tests)."""
    return timezone.now().astimezone(local_zone())


def local_day(moment: datetime.datetime | datetime.date) -> datetime.date:
    """The calendar day of ``moment`` in Europe/Paris (a date is returned as is).

    A sitting at 00:30 on 30 March is on 30 March in Paris but on 29 March in UTC.
    """
    if isinstance(moment, datetime.datetime):
        if timezone.is_naive(moment):
            raise ValueError("An aware datetime is required.")
        return moment.astimezone(local_zone()).date()
    return moment


def due_at(*, day: datetime.date, at: datetime.time) -> datetime.datetime:
    """The aware datetime of wall-clock time ``at`` on ``day`` in Europe/Paris.

    Daylight saving: on the spring-forward night (29 March 2026) times from 2:00 to 2:59
    do not exist and move forward by the gap (2:30 → 3:30 CEST); on the fall-back night
    (25 October 2026) times from 2:00 to 2:59 happen twice and the first one (CEST) is
    taken. ``at`` must be naive (its ``tzinfo`` is ignored).
    """
    naive = datetime.datetime.combine(day, at.replace(tzinfo=None))
    moment = naive.replace(tzinfo=local_zone(), fold=0)
    # Round trip through UTC normalises a non-existent wall-clock time (the spring gap).
    return moment.astimezone(datetime.UTC).astimezone(local_zone())


def days_before(
    *, moment: datetime.datetime | datetime.date, days: int, at: datetime.time
) -> datetime.datetime:
    """``days`` calendar days before ``moment``'s day in Paris, at wall-clock time ``at``.

    ``days_before(moment=sitting.starts_at, days=1, at=time(9))`` is 9 h on the eve in
    Paris, in March and October alike. ``days=0`` is the same day. ``moment`` is an aware
    datetime (raises ``ValueError`` when naive) or a date (a PDIN edition's day, a form's
    deadline).
    """
    return due_at(day=local_day(moment) - datetime.timedelta(days=days), at=at)


def is_due(
    *,
    due: datetime.datetime,
    now: datetime.datetime | None = None,
    grace: datetime.timedelta = DEFAULT_GRACE,
    until: datetime.datetime | None = None,
) -> bool:
    """Whether a notification due at ``due`` should go out at ``now`` (default: now).

    True from ``due`` for ``grace`` (6 hours by default), and never at or after ``until``
    (e.g. the sitting's start: a reminder after the event is pointless).
    """
    now = now or timezone.now()
    if until is not None and now >= until:
        return False
    return due <= now < due + grace


def due_reminders(
    *,
    moment: datetime.datetime | datetime.date,
    days: Iterable[int],
    at: datetime.time,
    now: datetime.datetime | None = None,
    grace: datetime.timedelta = DEFAULT_GRACE,
    until: datetime.datetime | None = None,
) -> list[datetime.datetime]:
    """The reminder moments of one object that are due now, for ``scheduled_for``.

    ``days`` are offsets before ``moment``'s day in Paris (e.g. ``(7, 1)`` for a sitting,
    ``(7, 2, 1)`` for the positioning form's deadline), each at wall-clock time ``at``.
    Usually zero or one moment is returned; more only after a long outage.
    """
    return [
        due
        for due in sorted({days_before(moment=moment, days=offset, at=at) for offset in days})
        if is_due(due=due, now=now, grace=grace, until=until)
    ]


def weekly_occurrence(
    *, weekday: int, at: datetime.time, now: datetime.datetime | None = None
) -> datetime.datetime:
    """The latest weekly moment (``weekday``: 0 = Monday, at ``at`` in Paris) at or before ``now``.

    The weekly digest uses it as its ``scheduled_for``: every run in the same week finds
    the same moment, so the digest goes out once a week, however often the task runs.
    """
    now = now or timezone.now()
    today = local_day(now)
    day = today - datetime.timedelta(days=(today.weekday() - weekday) % 7)
    moment = due_at(day=day, at=at)
    if moment > now:
        moment = due_at(day=day - datetime.timedelta(days=7), at=at)
    return moment
