"""Reads of the workstreams app, each in a fixed number of queries.

Who sees what: archived axes and everything in them are for staff only; members (and
accounts without a member record) see every other axis; the public sees none.
"""

import datetime
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from cln_portal.compiled import CompiledQuery
from cln_portal.permissions import is_staff
from members.models import Member, person_title

from .models import (
    INVOLVED_LEVELS,
    Action,
    AnswerRequest,
    Contact,
    NextStep,
    Participation,
    ParticipationLevel,
    PositioningCampaign,
    PositioningChoice,
    PositioningLevel,
    PositioningResponse,
    Proposal,
    Question,
    QuestionStatus,
    QuestionTheme,
    Workstream,
    WorkstreamStatus,
    availability_slots,
)


def workstreams_visible_to(*, user) -> QuerySet[Workstream]:
    """Axes ``user`` may see: none for the public, all but archived ones for others, all for staff."""
    if not user.is_authenticated:
        return Workstream.objects.none()
    if is_staff(user):
        return Workstream.objects.all()
    return Workstream.objects.exclude(status=WorkstreamStatus.ARCHIVED)


def workstream_list_for_member(*, member: Member | None) -> list[Workstream]:
    """Every axis but archived ones, in order, annotated with ``is_joined`` (for ``member``)
    and ``participant_count``.

    One query. With ``member`` None, ``is_joined`` is False everywhere.
    """
    return _WORKSTREAMS_FOR_MEMBER.list(with_member=member is not None, member_id=member.pk if member else 0)


def _workstreams_for_member(with_member: bool, member_id: int) -> QuerySet[Workstream]:
    if with_member:
        is_joined = Exists(Participation.objects.filter(workstream=OuterRef("pk"), member_id=member_id))
    else:
        is_joined = Value(False)
    return (
        Workstream.objects.exclude(status=WorkstreamStatus.ARCHIVED)
        .annotate(is_joined=is_joined, participant_count=Count("participations", distinct=True))
        .order_by("order", "pk")
    )


# The dashboard's list of axes, compiled once per process (cln_portal/compiled.py).
_WORKSTREAMS_FOR_MEMBER = CompiledQuery(_workstreams_for_member, member_id=int)


# The member fields ``Member.full_name`` and ``Member.title`` read.
PARTICIPANT_FIELDS = ("first_name", "last_name", "erased_at", "sector", "role", "title_form", "position")


# What ``workstreams/_question.html`` prints of a question and of the people and sittings it
# names (``Member.full_name``, ``Meeting.date_display``): a SELECT of every column of two
# members and two sittings cost more to build than the rest of the query.
PERSON_NAME_FIELDS = ("first_name", "last_name", "erased_at", "sector")
QUESTION_PAGE_FIELDS = (
    "workstream_id",
    "theme_id",
    "order",
    "text",
    "status",
    "answer",
    "answered_by_service",
    "answered_on",
    "assigned_service",
    "created_at",
    "raised_at__starts_at",
    "answered_at_meeting__starts_at",
    *(f"raised_by__{name}" for name in PERSON_NAME_FIELDS),
    *(f"answered_by__{name}" for name in PERSON_NAME_FIELDS),
)


def workstream_get_detail(*, slug: str, user) -> Workstream:
    """An axis with everything its page shows.

    Seven queries whatever the size of the axis: the axis, its themes, its questions,
    proposals (with their action), contacts, next steps, and its pilots and participants
    (``participants``, a list of ``Participant``). Each theme carries its questions as
    ``question_list`` and the axis those without a theme as ``unthemed_questions``, in
    order; questions carry ``is_followed`` for ``user``'s member record. Raises ``Http404``
    for an unknown slug or an axis ``user`` may not see.

    The questions are read in one query and shared out between the themes here: as two
    prefetches (by theme, then without one) the same heavy query (two subqueries, four
    joins) was built twice, a fifth of the page's CPU (issue 17).
    """
    member = getattr(user, "member", None)
    if member is None:
        is_followed = Value(False)
    else:
        is_followed = Exists(
            Question.followers.through.objects.filter(question=OuterRef("pk"), member=member)
        )
    queryset = workstreams_visible_to(user=user).prefetch_related(
        Prefetch("themes", queryset=QuestionTheme.objects.order_by("order", "pk")),
        Prefetch(
            "proposals",
            queryset=Proposal.objects.select_related(
                "member", "meeting", "action", "action__owner", "action__meeting"
            ).order_by("order", "pk"),
        ),
        Prefetch("contacts", queryset=Contact.objects.select_related("followed_by").order_by("order", "pk")),
        Prefetch("next_steps", queryset=NextStep.objects.select_related("owner").order_by("order", "pk")),
    )
    workstream = queryset.filter(slug=slug).first()
    if workstream is None:
        raise Http404
    # Questions typed into draft minutes are shown to staff only until the minutes are published.
    questions = (
        Question.objects.visible_to(user)
        .filter(workstream=workstream)
        .select_related("answered_by", "raised_by", "raised_at", "answered_at_meeting")
        .only(*QUESTION_PAGE_FIELDS)
        .annotate(is_followed=is_followed)
        .order_by("order", "pk")
    )
    by_theme: dict[int | None, list[Question]] = {}
    for question in questions:
        by_theme.setdefault(question.theme_id, []).append(question)
    for theme in workstream.themes.all():
        theme.question_list = by_theme.get(theme.pk, [])
    workstream.unthemed_questions = by_theme.get(None, [])
    workstream.participants = participants_of(workstream)
    return workstream


@dataclass(frozen=True)
class Participant:
    """One line of an axis' list of pilots and participants: « Anaïs Garnier, conseillère
    Nord (pilote) » as ``line``, and whose it is (``member_id``)."""

    member_id: int
    is_pilot: bool
    line: str


def participants_of(workstream: Workstream) -> list[Participant]:
    """The axis' pilots first, then its participants, each by last and first name. One query.

    Rows, not model instances: an axis may have hundreds of participants, and the page only
    prints a line per person (a model instance per person and per member cost most of the
    page at 10 times the demo's size, issue 17). Titles are worked out once per distinct
    (position, role, form, sector), in the active language.
    """
    pilot = gettext("pilote")
    titles: dict[tuple, str] = {}
    participants = []
    rows = (
        Participation.objects.filter(workstream=workstream)
        .order_by("-level", "member__last_name", "member__first_name")
        .values_list("level", "member_id", *(f"member__{name}" for name in PARTICIPANT_FIELDS))
    )
    for level, member_id, first_name, last_name, erased_at, sector, role, title_form, position in rows:
        key = (position, role, title_form, sector)
        title = titles.get(key)
        if title is None:
            title = titles[key] = person_title(
                position=position, role=role, title_form=title_form, sector=sector
            )
        name = Member(sector=sector).anonymised_label if erased_at else f"{first_name} {last_name}"
        is_pilot = level == ParticipationLevel.PILOT
        line = f"{name}, {title} ({pilot})" if is_pilot else f"{name}, {title}"
        participants.append(Participant(member_id=member_id, is_pilot=is_pilot, line=line))
    return participants


def open_questions(*, now: datetime.datetime | None = None) -> list[Question]:
    """Questions waiting for an answer (open or in progress) in every axis not archived,
    oldest first, each with ``age_days`` (whole days since asked) and ``follower_count``.

    One query. The age counts from the sitting where it was asked, else from when it was
    recorded (a member's question between sittings).
    """
    now = now or timezone.now()
    questions = (
        Question.objects.filter(status__in=[QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS])
        .exclude(workstream__status=WorkstreamStatus.ARCHIVED)
        .select_related("workstream", "theme", "raised_by", "raised_at")
        .annotate(
            asked=Coalesce(F("raised_at__starts_at"), F("created_at")),
            follower_count=Count("followers", distinct=True),
            # The open request whose service sent its answer, for staff to publish.
            service_answer_id=Subquery(
                AnswerRequest.objects.filter(
                    question=OuterRef("pk"), closed_at__isnull=True, submitted_at__isnull=False
                ).values("pk")[:1]
            ),
        )
        .order_by("asked", "workstream__order", "order", "pk")
    )
    result = list(questions)
    for question in result:
        question.age_days = max((now - question.asked).days, 0)
    return result


def question_status_counts(*, workstream: Workstream | None = None) -> dict[str, int]:
    """How many questions are in each status (all axes, or one): ``{"open": 38, …}``."""
    queryset = Question.objects.all() if workstream is None else workstream.questions.all()
    counts = dict(queryset.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in QuestionStatus.values}


# --- Positioning form ---------------------------------------------------------------------


def campaign_open_for_member(*, member: Member | None) -> tuple[PositioningCampaign | None, bool]:
    """The campaign ``member`` may answer today and whether they have answered it.

    One query. Returns ``(None, False)`` when no campaign accepts answers today or
    ``member`` is None.
    """
    if member is None:
        return None, False
    found = _CAMPAIGN_OPEN.list(member_id=member.pk, today=timezone.localdate())
    if not found:
        return None, False
    return found[0], found[0].has_answered


# Asked on every dashboard: compiled once per process (cln_portal/compiled.py).
_CAMPAIGN_OPEN = CompiledQuery(
    lambda member_id, today: (
        PositioningCampaign.objects.filter(
            confirmed_at__isnull=True, opens_on__lte=today, deadline__gte=today
        )
        .annotate(
            has_answered=Exists(
                PositioningResponse.objects.filter(campaign=OuterRef("pk"), member_id=member_id)
            )
        )
        .order_by("deadline", "pk")[:1]
    ),
    member_id=int,
    today=datetime.date,
)


@dataclass
class AxisResult:
    """The results of one axis of a campaign."""

    workstream: Workstream
    counts: dict[str, int]
    involved: int
    best_slots: list[tuple[str, int]] = field(default_factory=list)
    below_minimum: bool = False
    bars: list[dict] = field(default_factory=list)


@dataclass
class MemberRow:
    """One member's line of the results matrix: their level for each axis, in axis order."""

    member: Member
    response: PositioningResponse | None
    levels: list[str]
    involved: int = 0
    above_maximum: bool = False


@dataclass
class CampaignResults:
    campaign: PositioningCampaign
    axes: list[AxisResult]
    rows: list[MemberRow]
    not_answered: list[Member]
    levels: list[tuple[str, str]]
    chart_height: int = 0
    chart_width: int = 0


def _folded(text: str) -> str:
    """Sort key that puts "Élan" among the E, as a French reader expects."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


# Inline SVG chart geometry (user units): one group of bars per axis, one bar per level.
CHART_BAR = 14
CHART_GAP = 10
CHART_LABEL = 22
CHART_WIDTH = 640
# Room kept right of the longest bar for its label ("6 pas pour le moment").
CHART_LABEL_ROOM = 170


def campaign_results(*, campaign: PositioningCampaign) -> CampaignResults:
    """Everything the results page and the CSV show, in five queries whatever the size.

    Queries: the campaign's axes, the members expected to answer, the responses with
    their members, their choices. Rows list the members expected to answer (in mandate
    today) and anyone else who answered, by name; ``levels`` of a row are
    ``PositioningLevel`` values or "" for no answer. ``best_slots`` of an axis are the
    availability slots shared by the most of its involved members (pilot, contribute,
    follow), with their count.
    """
    axes = list(campaign.workstreams.order_by("order", "pk"))
    expected = list(Member.objects.council_in_mandate().order_by("last_name", "first_name"))
    responses = list(
        PositioningResponse.objects.filter(campaign=campaign)
        .select_related("member")
        .prefetch_related(
            Prefetch(
                "choices", queryset=PositioningChoice.objects.only("response_id", "workstream_id", "level")
            )
        )
    )
    by_member = {r.member_id: r for r in responses}
    members = {m.pk: m for m in expected}
    for response in responses:
        members.setdefault(response.member_id, response.member)
    ordered = sorted(members.values(), key=lambda m: (_folded(m.last_name), _folded(m.first_name)))
    slot_labels = dict(availability_slots())
    axis_ids = [a.pk for a in axes]
    level_counts = {pk: Counter() for pk in axis_ids}
    slot_counts = {pk: Counter() for pk in axis_ids}
    rows = []
    for member in ordered:
        response = by_member.get(member.pk)
        chosen = {c.workstream_id: c.level for c in response.choices.all()} if response else {}
        levels = [chosen.get(pk, "") for pk in axis_ids]
        involved = sum(level in INVOLVED_LEVELS for level in levels)
        row = MemberRow(member=member, response=response, levels=levels, involved=involved)
        if campaign.max_axes_per_member is not None and involved > campaign.max_axes_per_member:
            row.above_maximum = True
        rows.append(row)
        for pk, level in zip(axis_ids, levels, strict=True):
            if level:
                level_counts[pk][level] += 1
            if level in INVOLVED_LEVELS:
                slot_counts[pk].update(response.availability)
    results = []
    for axis in axes:
        counts = {level: level_counts[axis.pk][level] for level in PositioningLevel.values}
        involved = sum(counts[level] for level in INVOLVED_LEVELS)
        best = slot_counts[axis.pk].most_common()
        top = best[0][1] if best else 0
        result = AxisResult(
            workstream=axis,
            counts=counts,
            involved=involved,
            best_slots=[(slot_labels.get(code, code), n) for code, n in best if n == top and n > 0],
        )
        if campaign.min_participants_per_axis is not None:
            result.below_minimum = involved < campaign.min_participants_per_axis
        results.append(result)
    data = CampaignResults(
        campaign=campaign,
        axes=results,
        rows=rows,
        not_answered=[m for m in expected if m.pk not in by_member],
        levels=list(PositioningLevel.choices),
    )
    _chart_geometry(data)
    return data


def _chart_geometry(data: CampaignResults) -> None:
    """Bar positions for the inline SVG chart (no JavaScript, no inline style: attributes only)."""
    largest = max([max(a.counts.values(), default=0) for a in data.axes] + [1])
    y = 0
    usable = CHART_WIDTH - CHART_LABEL_ROOM
    for axis in data.axes:
        y += CHART_LABEL
        axis.label_y = y - 6
        for level, label in data.levels:
            count = axis.counts[level]
            axis.bars.append(
                {
                    "level": level,
                    "label": label,
                    "count": count,
                    "y": y,
                    "width": round(usable * count / largest) if count else 0,
                    "text_x": (round(usable * count / largest) if count else 0) + 4,
                    "text_y": y + CHART_BAR - 3,
                }
            )
            y += CHART_BAR + 2
        y += CHART_GAP
    data.chart_height = y
    data.chart_width = CHART_WIDTH


# --- Actions ------------------------------------------------------------------------------


def actions_for_workstream(*, workstream: Workstream) -> QuerySet[Action]:
    return workstream.actions.select_related("owner", "meeting", "proposal").order_by("due_on", "pk")


# --- Staff home ---------------------------------------------------------------------------


@dataclass
class ServiceQuestions:
    """The questions waiting for an answer from one service ("" when none is designated yet)."""

    service: str
    questions: list[Question]


def open_questions_by_service(*, now: datetime.datetime | None = None) -> list[ServiceQuestions]:
    """``open_questions`` grouped by the service they are assigned to, oldest first within a
    service; questions no service has been given come first (staff must act), then the
    services whose oldest question waits longest. One query."""
    groups: dict[str, list[Question]] = {}
    for question in open_questions(now=now):
        groups.setdefault(question.assigned_service.strip(), []).append(question)
    ordered = sorted(groups.items(), key=lambda item: (item[0] != "", item[1][0].asked, item[0]))
    return [ServiceQuestions(service=service, questions=questions) for service, questions in ordered]


def answers_to_publish_count() -> int:
    """How many answers services have sent through their link that staff have not published
    yet: open requests (``AnswerRequest``) with ``submitted_at``, on a question still waiting.
    One query."""
    return AnswerRequest.objects.filter(
        closed_at__isnull=True,
        submitted_at__isnull=False,
        question__status__in=[QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS],
    ).count()


def campaigns_not_confirmed(*, today: datetime.date | None = None) -> list[PositioningCampaign]:
    """Campaigns opened and not confirmed yet, soonest deadline first, with ``response_count``
    and ``is_open`` (still accepting answers today, else waiting for staff to confirm). One query."""
    today = today or timezone.localdate()
    campaigns = list(
        PositioningCampaign.objects.filter(confirmed_at__isnull=True, opens_on__lte=today)
        .annotate(response_count=Count("responses", distinct=True))
        .order_by("deadline", "pk")
    )
    for campaign in campaigns:
        campaign.is_open = campaign.deadline >= today
    return campaigns
