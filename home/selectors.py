"""Reads of the pages that gather from several apps: the weekly digest, the dashboard's
minutes, the directory, the Atom feed, the staff home. Each runs a fixed number of queries.

Read-only access to every app's models: this app is the top floor, no app imports it.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from cln_portal.compiled import CompiledQuery
from cln_portal.schedule import local_day
from members.models import COUNCIL_ROLES, Member, Role
from pdin.models import Edition
from pdin.selectors import coming_editions_for_staff
from sessions.meetings.selectors import meetings_awaiting_answers
from sessions.minutes.selectors import (
    MINUTES_LIST_FIELDS,
    corrections_pending,
    minutes_in_progress,
    minutes_reader,
    minutes_visible_as,
)
from sessions.models import Meeting, Minutes, MinutesStatus, Visibility
from workstreams.models import Participation, Question, QuestionStatus
from workstreams.selectors import answers_to_publish_count, campaigns_not_confirmed, open_questions_by_service

from .notification_kinds import WEEKLY_DIGEST

# How far ahead the digest lists coming dates.
DIGEST_HORIZON = datetime.timedelta(days=28)


@dataclass
class DigestContent:
    """What the weekly digest lists: news of the week (``since`` ≤ t < ``until``) and coming dates."""

    since: datetime.datetime
    until: datetime.datetime
    minutes: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    editions: list = field(default_factory=list)
    answers_to_publish: int = 0

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
    horizon = until + DIGEST_HORIZON
    minutes = list(
        Minutes.objects.filter(
            status=MinutesStatus.PUBLISHED, published_at__gte=since, published_at__lt=until
        )
        .select_related("meeting")
        .order_by("published_at", "pk")
    )
    questions = list(
        # Members receive the digest: a question of draft minutes is not news yet.
        Question.objects.public()
        .filter(
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
    return (
        Member.objects.in_mandate(on)
        .filter(
            notification_preferences__kind=WEEKLY_DIGEST,
            notification_preferences__by_email=True,
        )
        .select_related("user")
        .order_by("pk")
    )


def member_directory(*, on: datetime.date | None = None) -> QuerySet[Member]:
    """The member directory: council members and staff in mandate on ``on``, with the axes they joined.

    Two queries (people, then their participations with the axis). Contact details are on
    the rows; the template shows them only where ``contact_visible`` is set.
    """
    return (
        Member.objects.in_mandate(on)
        .filter(role__in=[*COUNCIL_ROLES, Role.OFFICER], erased_at__isnull=True)
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("workstream").order_by(
                    "workstream__order", "workstream__pk"
                ),
            )
        )
        .order_by("last_name", "first_name")
    )


def latest_published_minutes(*, user) -> QuerySet[Minutes]:
    """The latest published version of each sitting's minutes ``user`` may read (one query).

    A correction is published as a new version: listing the superseded one beside it would
    only confuse readers.
    """
    return _latest_published(minutes_reader(user), user.pk or 0)


def _latest_published(reader: str, user_id: int) -> QuerySet[Minutes]:
    newer = Minutes.objects.filter(
        meeting=OuterRef("meeting"), status=MinutesStatus.PUBLISHED, version__gt=OuterRef("version")
    )
    return minutes_visible_as(reader, user_id).filter(status=MinutesStatus.PUBLISHED).exclude(Exists(newer))


# The dashboard's list, compiled once per process (cln_portal/compiled.py).
_DASHBOARD_MINUTES = CompiledQuery(
    lambda reader, user_id, limit: _latest_published(reader, user_id).only(*MINUTES_LIST_FIELDS)[:limit],
    user_id=int,
)


def dashboard_minutes(*, user, limit: int) -> list[Minutes]:
    """The ``limit`` newest of ``latest_published_minutes``, with only the fields a list
    prints (``MINUTES_LIST_FIELDS``: the frozen page is about 40 KB a version). One query."""
    return _DASHBOARD_MINUTES.list(reader=minutes_reader(user), user_id=user.pk or 0, limit=limit)


def feed_items(*, limit: int = 30) -> list:
    """The Atom feed's entries: new editions and published public minutes, newest first.

    Each entry is ``(moment, kind, object)`` with ``kind`` "edition" or "minutes". Minutes
    are read from ``sessions`` (status published, visibility public), never written.
    """
    editions = Edition.objects.filter(is_demo=False).select_related("series", "venue").order_by("-created_at")
    minutes = (
        Minutes.objects.filter(
            status=MinutesStatus.PUBLISHED, visibility=Visibility.PUBLIC, published_at__isnull=False
        )
        .select_related("meeting")
        .order_by("-published_at")
    )
    items = [(e.created_at, "edition", e) for e in editions[:limit]]
    items += [(m.published_at, "minutes", m) for m in minutes[:limit]]
    items.sort(key=lambda item: item[0], reverse=True)
    return items[:limit]


@dataclass
class StaffHome:
    """What waits for staff, one list per block of the staff home (each may be empty)."""

    minutes: list = field(default_factory=list)
    corrections: list = field(default_factory=list)
    questions_by_service: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    editions: list = field(default_factory=list)
    # Answers services sent through their link, waiting for staff to publish them.
    answers_to_publish: int = 0

    @property
    def question_count(self) -> int:
        return sum(len(group.questions) for group in self.questions_by_service)


def staff_home_content(*, now: datetime.datetime | None = None) -> StaffHome:
    """Everything the staff home lists, from each app's selectors, in eight queries whatever
    the amount of data: minutes not published (1), corrections proposed (1), questions
    waiting by service (1), services' answers to publish (1, a count), sittings with answers
    missing (2), positioning campaigns not confirmed (1), coming editions with their places (1)."""
    now = now or timezone.now()
    today = local_day(now)
    return StaffHome(
        minutes=minutes_in_progress(),
        corrections=corrections_pending(),
        questions_by_service=open_questions_by_service(now=now),
        answers_to_publish=answers_to_publish_count(),
        meetings=meetings_awaiting_answers(now=now),
        campaigns=campaigns_not_confirmed(today=today),
        editions=coming_editions_for_staff(today=today),
    )
