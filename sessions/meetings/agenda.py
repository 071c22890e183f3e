"""Agenda suggestions (issue 14): what the register proposes for a sitting's agenda, and
adding one to the agenda in one click.

Three kinds of suggestion, for one sitting (``agenda_suggestions``):

- **answers to present**: questions answered (« répondue ») since the previous sitting of
  the same kind (for a working group: of the same axis), not presented at any sitting yet;
- **questions open for long**: questions still open or « réponse en cours » asked at least
  ``AGENDA_OPEN_QUESTION_DAYS`` days (setting, default 60) before the sitting's start,
  oldest first, with the service in charge;
- **members' proposals**: proposals of the participatory programming
  (``pdin.models.Proposal``, the only proposals members support) still open and supported
  by at least ``AGENDA_PROPOSAL_MIN_SUPPORTS`` members (setting, default 3), most
  supported first. The axis proposals (``workstreams.models.Proposal``) have no support.

A working group's suggestions are limited to its axis; other sittings see every axis not
archived. Whatever is already on the sitting's agenda is left out.

When a question counts as presented: an answered question on the agenda of a sitting is
recorded as presented there (``Question.answered_at_meeting``) once the sitting is held,
that is when someone is marked present on its attendance sheet
(``sessions.meetings.services.attendance_mark`` and ``attendance_prefill`` call
``agenda_presented_answers_record``), or at once when the item is added to a sitting
already held. Not when the item is added before the sitting: the register would then say
« présentée en séance » of a sitting that has not taken place. An answer already
presented at another sitting keeps that first sitting.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from cln_portal.dates import format_day_fr
from cln_portal.markup import french_typography, markdown_plain
from members.services import audit_record
from pdin.models import Proposal as ProgrammeProposal
from pdin.models import ProposalStatus
from workstreams.models import Question, QuestionStatus, WorkstreamStatus
from workstreams.services import question_presented_record

from .. import audit_actions
from ..models import AgendaItem, AttendanceStatus, Meeting, MeetingKind

# The kinds a suggestion form posts (``kind`` field of the one-click form).
ANSWERED = "answered"
OPEN = "open"
PROPOSAL = "proposal"
KINDS = (ANSWERED, OPEN, PROPOSAL)

TITLE_MAX = 300


def open_question_days() -> int:
    """Days after which a question still waiting for its answer is suggested (setting, default 60)."""
    return int(getattr(settings, "AGENDA_OPEN_QUESTION_DAYS", 60))


def proposal_min_supports() -> int:
    """Supports from which a members' proposal is suggested (setting, default 3)."""
    return int(getattr(settings, "AGENDA_PROPOSAL_MIN_SUPPORTS", 3))


@dataclass
class AgendaSuggestions:
    """The three lists of suggestions for one sitting (see the module docstring)."""

    previous: Meeting | None
    answered: list = field(default_factory=list)
    open_for_long: list = field(default_factory=list)
    proposals: list = field(default_factory=list)
    open_days: int = 60
    min_supports: int = 3

    @property
    def is_empty(self) -> bool:
        return not (self.answered or self.open_for_long or self.proposals)


def previous_sitting(meeting: Meeting) -> Meeting | None:
    """The last sitting of the same kind before ``meeting`` (for a working group: of the same axis)."""
    earlier = Meeting.objects.filter(kind=meeting.kind, starts_at__lt=meeting.starts_at).exclude(
        pk=meeting.pk
    )
    if meeting.kind == MeetingKind.WORKING_GROUP:
        earlier = earlier.filter(workstream_id=meeting.workstream_id)
    return earlier.order_by("-starts_at", "-pk").first()


def _questions_in_scope(meeting: Meeting):
    questions = Question.objects.exclude(workstream__status=WorkstreamStatus.ARCHIVED).exclude(
        agenda_items__meeting=meeting
    )
    if meeting.kind == MeetingKind.WORKING_GROUP and meeting.workstream_id:
        questions = questions.filter(workstream_id=meeting.workstream_id)
    return questions


def agenda_suggestions(*, meeting: Meeting) -> AgendaSuggestions:
    """What the register suggests for ``meeting``'s agenda; four queries.

    ``answered``: questions (with ``workstream``, ``theme``, ``answered_by``) by answer
    date. ``open_for_long``: questions with ``age_days`` (whole days from when they were
    asked to the sitting's start), oldest first. ``proposals``: PDIN proposals with
    ``support_count``, most supported first.
    """
    previous = previous_sitting(meeting)
    result = AgendaSuggestions(
        previous=previous, open_days=open_question_days(), min_supports=proposal_min_supports()
    )
    answered = _questions_in_scope(meeting).filter(
        status=QuestionStatus.ANSWERED, answered_at_meeting__isnull=True
    )
    if previous is not None:
        answered = answered.filter(answered_on__gte=previous.date)
    result.answered = list(
        answered.filter(Q(answered_on__isnull=True) | Q(answered_on__lte=meeting.date))
        .select_related("workstream", "theme", "answered_by")
        .order_by("answered_on", "workstream__order", "pk")
    )
    limit = meeting.starts_at - datetime.timedelta(days=result.open_days)
    pending = (
        _questions_in_scope(meeting)
        .filter(status__in=[QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS])
        .annotate(asked=Coalesce(F("raised_at__starts_at"), F("created_at")))
        .filter(asked__lte=limit)
        .select_related("workstream", "theme")
        .order_by("asked", "pk")
    )
    for question in pending:
        question.age_days = (meeting.starts_at - question.asked).days
        result.open_for_long.append(question)
    result.proposals = list(
        ProgrammeProposal.objects.filter(status=ProposalStatus.OPEN)
        .exclude(agenda_items__meeting=meeting)
        .annotate(support_count=Count("supports"))
        .filter(support_count__gte=result.min_supports)
        .select_related("author__member")
        .order_by("-support_count", "created_at", "pk")
    )
    return result


def _title(prefix: str, text: str) -> str:
    """The item's title: ``prefix`` and the text on one line, without its markup's syntax, in
    French typography, cut to fit."""
    title = french_typography(prefix + " ".join(markdown_plain(text).split()))
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"


def meeting_is_held(meeting: Meeting) -> bool:
    """Whether the sitting took place: someone is marked present on its attendance sheet."""
    return meeting.attendances.filter(status=AttendanceStatus.PRESENT).exists()


@transaction.atomic
def agenda_suggestion_add(*, meeting: Meeting, kind: str, pk: int, actor) -> AgendaItem:
    """Add one suggestion to the end of ``meeting``'s agenda, linked to its question or proposal.

    ``kind`` is ``"answered"`` (an answer to present), ``"open"`` (a question waiting for
    its answer) or ``"proposal"`` (a PDIN proposal); ``pk`` is the question's or
    proposal's. The item takes the question's axis. On a sitting already held, an answer
    is recorded as presented at once (``agenda_presented_answers_record``). Raises
    ``ValidationError`` (French) for an unknown kind, a record that no longer exists or no
    longer fits (answered since, withdrawn, taken up), an answer given after the sitting's
    day (:func:`answer_day`), or one already on the agenda.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    item = AgendaItem(meeting=meeting)
    if kind in (ANSWERED, OPEN):
        question = Question.objects.select_related("workstream").filter(pk=pk).first()
        if question is None:
            raise ValidationError(gettext("Cette question n’existe plus."))
        if kind == ANSWERED and question.status != QuestionStatus.ANSWERED:
            raise ValidationError(gettext("Cette question n’a plus de réponse à présenter."))
        if kind == ANSWERED and answer_day(question) > meeting.date:
            raise ValidationError(
                gettext(
                    "Cette réponse date du %(answer)s, après la séance du %(meeting)s : "
                    "elle ne peut pas y être présentée."
                )
                % {
                    "answer": format_day_fr(answer_day(question), weekday=False),
                    "meeting": format_day_fr(meeting.date, weekday=False),
                }
            )
        if kind == OPEN and not question.is_pending:
            raise ValidationError(gettext("Cette question n’attend plus de réponse."))
        if meeting.agenda_items.filter(question=question).exists():
            raise ValidationError(gettext("Cette question est déjà à l’ordre du jour."))
        prefix = (
            gettext("Réponse à présenter : ")
            if kind == ANSWERED
            else gettext("Question en attente de réponse : ")
        )
        item.title = _title(prefix, question.text)
        item.question = question
        item.workstream = question.workstream
        about = question
    elif kind == PROPOSAL:
        proposal = ProgrammeProposal.objects.filter(pk=pk).first()
        if proposal is None:
            raise ValidationError(gettext("Cette proposition n’existe plus."))
        if proposal.status != ProposalStatus.OPEN:
            raise ValidationError(gettext("Cette proposition a déjà été retenue."))
        if meeting.agenda_items.filter(pdin_proposal=proposal).exists():
            raise ValidationError(gettext("Cette proposition est déjà à l’ordre du jour."))
        item.title = _title(gettext("Proposition des membres : "), proposal.title)
        item.pdin_proposal = proposal
        about = proposal
    else:
        raise ValidationError(gettext("Suggestion inconnue : rechargez la page et réessayez."))
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"]
    item.order = 0 if last is None else last + 1
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=audit_actions.AGENDA_SUGGESTION_ADDED,
        about=meeting,
        changes={"agenda": [None, f"{about._meta.model_name} {about.pk}"]},
    )
    if item.question_id and meeting_is_held(meeting):
        agenda_presented_answers_record(meeting=meeting, actor=actor)
    return item


def answer_day(question: Question) -> datetime.date:
    """The day ``question``'s answer existed from: its date (``answered_on``), else the day the
    question was recorded (Paris). A sitting held before it cannot have presented it."""
    return question.answered_on or timezone.localtime(question.created_at).date()


def agenda_presented_answers_record(*, meeting: Meeting, actor) -> int:
    """Record every answered question on ``meeting``'s agenda as presented there; return how many.

    Called once the sitting is held (see the module docstring). Questions already
    presented (here or at another sitting) are left as they are, so it can run any number
    of times; one query when there is nothing to record. An answer given after the sitting's
    day (:func:`answer_day`) is not recorded: it cannot have been presented there.
    """
    questions = Question.objects.filter(
        agenda_items__meeting=meeting, status=QuestionStatus.ANSWERED, answered_at_meeting__isnull=True
    ).distinct()
    return sum(
        question_presented_record(question=question, meeting=meeting, actor=actor)
        for question in questions
        if answer_day(question) <= meeting.date
    )
