"""Reads of the workstreams app, each in a fixed number of queries."""

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Value
from django.shortcuts import get_object_or_404

from members.models import Member

from .models import Participation, Proposal, Question, QuestionTheme, Workstream


def workstream_list_for_member(*, member: Member | None) -> QuerySet[Workstream]:
    """Every axis in order, annotated with ``is_joined`` (for ``member``) and ``participant_count``.

    One query. With ``member`` None, ``is_joined`` is False everywhere.
    """
    if member is None:
        is_joined = Value(False)
    else:
        is_joined = Exists(Participation.objects.filter(workstream=OuterRef("pk"), member=member))
    return Workstream.objects.annotate(
        is_joined=is_joined, participant_count=Count("participations", distinct=True)
    ).order_by("order", "pk")


def workstream_get_detail(*, slug: str) -> Workstream:
    """An axis with its themes and questions, proposals and participants prefetched.

    Six queries whatever the size of the axis: the axis, its themes, their questions,
    questions without a theme (``unthemed_questions``), proposals, participations.
    Raises ``Http404`` for an unknown slug.
    """
    questions = Question.objects.select_related("answered_by", "raised_by", "raised_at").order_by(
        "order", "pk"
    )
    queryset = Workstream.objects.prefetch_related(
        Prefetch(
            "themes",
            queryset=QuestionTheme.objects.order_by("order", "pk").prefetch_related(
                Prefetch("questions", queryset=questions)
            ),
        ),
        Prefetch("questions", queryset=questions.filter(theme__isnull=True), to_attr="unthemed_questions"),
        Prefetch("proposals", queryset=Proposal.objects.select_related("member").order_by("order", "pk")),
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("member").order_by(
                "-level", "member__last_name", "member__first_name"
            ),
        ),
    )
    return get_object_or_404(queryset, slug=slug)
