"""Reads of the portal's shared parts: the weekly digest's content, the outbox, preferences.

Read-only access to other apps' models (minutes, questions, sittings, PDIN editions): the
digest is computed when the task runs, from what the database holds then.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from .models import (
    MANDATORY_KINDS,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationStatus,
    email_by_default,
)

# How far ahead the digest lists coming dates.
DIGEST_HORIZON = datetime.timedelta(days=28)

# The kinds a member sees on the preferences page, in this order (mandatory ones apart).
MEMBER_KINDS = (
    NotificationKind.CONVOCATION,
    NotificationKind.MEETING_REMINDER,
    NotificationKind.POSITIONING_REMINDER,
    NotificationKind.MINUTES_PUBLISHED,
    NotificationKind.QUESTION_ANSWERED,
    NotificationKind.WEEKLY_DIGEST,
    NotificationKind.EDITION_REMINDER,
    NotificationKind.REGISTRATION_CONFIRMED,
    NotificationKind.WAITLIST_OFFER,
    NotificationKind.ACCOUNT,
)


@dataclass
class DigestContent:
    """What the weekly digest lists: news of the week (``since`` ≤ t < ``until``) and coming dates."""

    since: datetime.datetime
    until: datetime.datetime
    minutes: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    editions: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.minutes or self.questions or self.meetings or self.editions)


def digest_content(*, since: datetime.datetime, until: datetime.datetime) -> DigestContent:
    """The digest of the week from ``since`` to ``until`` (aware datetimes), in four queries.

    - minutes published in the week (members read every published version);
    - questions answered in the week (``answered_on``, a day in Paris, from ``since``'s day
      to the day before ``until``'s);
    - sittings starting within ``DIGEST_HORIZON`` (28 days) after ``until``;
    - PDIN editions whose date falls within the same horizon.
    """
    from pdin.models import Edition
    from sessions.models import Meeting, Minutes, MinutesStatus
    from workstreams.models import Question, QuestionStatus

    from .schedule import local_day

    horizon = until + DIGEST_HORIZON
    minutes = list(
        Minutes.objects.filter(
            status=MinutesStatus.PUBLISHED, published_at__gte=since, published_at__lt=until
        )
        .select_related("meeting")
        .order_by("published_at", "pk")
    )
    questions = list(
        Question.objects.filter(
            status=QuestionStatus.ANSWERED,
            answered_on__gte=local_day(since),
            answered_on__lt=local_day(until),
        )
        .select_related("workstream")
        .order_by("answered_on", "pk")
    )
    meetings = list(
        Meeting.objects.filter(starts_at__gte=until, starts_at__lt=horizon)
        .select_related("venue")
        .order_by("starts_at", "pk")
    )
    editions = list(
        Edition.objects.filter(date__gte=local_day(until), date__lt=local_day(horizon))
        .select_related("series", "venue")
        .order_by("date", "pk")
    )
    return DigestContent(
        since=since, until=until, minutes=minutes, questions=questions, meetings=meetings, editions=editions
    )


def digest_recipients(*, on: datetime.date) -> QuerySet:
    """Members in mandate on ``on`` who turned the weekly digest on (it is opt-in), with their account."""
    from members.models import Member

    return (
        Member.objects.in_mandate(on)
        .filter(
            notification_preferences__kind=NotificationKind.WEEKLY_DIGEST,
            notification_preferences__by_email=True,
        )
        .select_related("user")
        .order_by("pk")
    )


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    mandatory: bool
    by_email: bool


def preferences_of(*, member) -> list[PreferenceRow]:
    """Each kind on the preferences page with the member's current choice (one query)."""
    chosen = dict(NotificationPreference.objects.filter(member=member).values_list("kind", "by_email"))
    return [
        PreferenceRow(
            kind=kind,
            label=NotificationKind(kind).label,
            mandatory=kind in MANDATORY_KINDS,
            by_email=True if kind in MANDATORY_KINDS else chosen.get(kind, email_by_default(kind)),
        )
        for kind in MEMBER_KINDS
    ]


def outbox_list(*, status: str = "", kind: str = "") -> QuerySet[Notification]:
    """The outbox for staff, newest first, optionally filtered; bodies are left out (deferred)."""
    queryset = Notification.objects.defer("body_text", "body_html", "attachments", "headers").order_by(
        "-created_at", "-pk"
    )
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def outbox_counts() -> dict[str, int]:
    """How many notifications are in each status, in one query: ``{"sent": 12, "failed": 1, …}``."""
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in NotificationStatus.values}
    return Notification.objects.aggregate(**aggregates)
