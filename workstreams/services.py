"""Writes of the workstreams app.

Joining and leaving axes; staff editing, archiving and deleting axes; the question
lifecycle (asked → answer in progress → answered, or withdrawn) with its notifications;
proposals turned into actions; the positioning form (answer, reopen, confirm) and its
reminders. Every function raises ``ValidationError`` with a French message on bad input.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from cln_portal.dates import format_day_fr, format_day_lazy
from cln_portal.links import absolute_url
from cln_portal.schedule import due_at, local_zone
from members.models import Member
from members.services import audit_record
from notifications.services import notification_queue

from . import answer_services, audit_actions, tasks
from .models import (
    INVOLVED_LEVELS,
    Action,
    AnsweringService,
    AnswerRequestClosure,
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
from .notification_kinds import POSITIONING_REMINDER, QUESTION_ANSWERED

# --- Joining an axis --------------------------------------------------------------------


def _check_can_change(*, workstream: Workstream, member: Member | None) -> Member:
    if member is None:
        raise ValidationError(
            gettext(
                "Votre compte n’est relié à aucune fiche de membre du conseil : "
                "contactez le service Participation citoyenne pour rejoindre un axe."
            ),
            code="no_member",
        )
    if not member.is_in_mandate():
        # A former member's past participation stays in the record; it no longer changes.
        raise ValidationError(
            gettext("Votre mandat au conseil est terminé : vous ne pouvez plus rejoindre ni quitter un axe."),
            code="no_mandate",
        )
    if workstream.status in (WorkstreamStatus.CLOSED, WorkstreamStatus.ARCHIVED):
        # A closed axis keeps the list of those who worked on it: it is part of the record.
        raise ValidationError(
            gettext("L’axe « %(title)s » est clos : sa liste de participant·es ne change plus.")
            % {"title": workstream.title},
            code="closed",
        )
    return member


@transaction.atomic
def participation_join(*, workstream: Workstream, member: Member | None) -> Participation:
    """Make ``member`` a participant of ``workstream`` and return the participation.

    Idempotent: joining an axis already joined returns the existing row (the unique
    constraint makes two concurrent requests end with one row too).
    Raises ``ValidationError`` (French message) when ``member`` is None (an account with
    no member record) or the axis is closed or archived.
    """
    member = _check_can_change(workstream=workstream, member=member)
    participation, _created = Participation.objects.get_or_create(workstream=workstream, member=member)
    return participation


@transaction.atomic
def participation_leave(*, workstream: Workstream, member: Member | None) -> bool:
    """Remove ``member`` from ``workstream``; return whether a participation was removed.

    Idempotent: leaving an axis one is not part of changes nothing and returns False.
    Raises ``ValidationError`` as :func:`participation_join` does.
    """
    member = _check_can_change(workstream=workstream, member=member)
    deleted, _ = Participation.objects.filter(workstream=workstream, member=member).delete()
    return deleted > 0


# --- Axes (staff) -----------------------------------------------------------------------


@transaction.atomic
def workstream_save(*, workstream: Workstream, actor) -> Workstream:
    """Validate and save an axis created or edited by staff (``actor``); return it."""
    before = (
        Workstream.objects.filter(pk=workstream.pk).values("title", "status").first()
        if workstream.pk
        else None
    )
    workstream.full_clean()
    workstream.save()
    before = before or {"title": None, "status": None}
    audit_record(
        actor=actor,
        action=audit_actions.WORKSTREAM_SAVED,
        about=workstream,
        changes={
            name: [before[name], getattr(workstream, name)]
            for name in ("title", "status")
            if before[name] != getattr(workstream, name)
        },
    )
    return workstream


@transaction.atomic
def workstream_archive(*, workstream: Workstream, actor) -> bool:
    """Archive an axis (hidden from members, kept with all its records); False if it already was."""
    if workstream.status == WorkstreamStatus.ARCHIVED:
        return False
    old_status = workstream.status
    workstream.status = WorkstreamStatus.ARCHIVED
    workstream.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=audit_actions.WORKSTREAM_ARCHIVED,
        about=workstream,
        changes={"status": [old_status, workstream.status]},
    )
    return True


@transaction.atomic
def workstream_delete(*, workstream: Workstream, actor) -> None:
    """Delete an axis that nothing refers to yet (a mistake just made).

    Raises ``ValidationError`` when the axis has questions, proposals, contacts, next steps,
    actions, sittings or minutes sections: those are the council's record, so the axis is
    archived instead (:func:`workstream_archive`).
    """
    workstream = Workstream.objects.select_for_update().get(pk=workstream.pk)
    if workstream.questions.exists():
        raise ValidationError(
            gettext(
                "L’axe « %(title)s » a des questions : il ne peut pas être supprimé. "
                "Archivez-le plutôt, il disparaîtra des pages des membres sans rien perdre."
            )
            % {"title": workstream.title},
            code="has_questions",
        )
    related = (
        workstream.proposals,
        workstream.contacts,
        workstream.next_steps,
        workstream.actions,
        workstream.meetings,
        workstream.minutes_sections,
    )
    if any(manager.exists() for manager in related):
        raise ValidationError(
            gettext(
                "L’axe « %(title)s » figure dans les travaux du conseil (propositions, contacts, "
                "séances ou comptes-rendus) : archivez-le plutôt que de le supprimer."
            )
            % {"title": workstream.title},
            code="has_records",
        )
    # The key stays in the history after the row is gone; the title says which axis it was.
    audit_record(
        actor=actor,
        action=audit_actions.WORKSTREAM_DELETED,
        about=workstream,
        changes={"title": [workstream.title, None]},
    )
    workstream.delete()


@transaction.atomic
def opinion_pdf_request(*, workstream: Workstream, actor) -> None:
    """Have the PDF of an axis' adopted opinion rendered (again) by a task, after commit.

    Rendering takes about a second: never in the request. Raises ``ValidationError`` when
    no opinion is adopted (its text and adoption date).
    """
    if not workstream.has_opinion:
        raise ValidationError(gettext("Aucun avis adopté n’est enregistré pour cet axe."), code="no_opinion")
    tasks.render_opinion_pdf.delay_on_commit(workstream.pk)
    audit_record(actor=actor, action=audit_actions.OPINION_PDF_REQUESTED, about=workstream)


# --- Questions and answers ----------------------------------------------------------------


def _normalised(text: str) -> str:
    """Text folded for comparison: no accents, no case, punctuation and spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


def question_find_duplicate(*, workstream: Workstream, text: str, exclude_pk: int | None = None):
    """A question of ``workstream`` with the same text (accents, case, punctuation aside), or None.

    Withdrawn questions do not count: a member may ask again what was withdrawn.
    """
    wanted = _normalised(text)
    candidates = workstream.questions.exclude(status=QuestionStatus.WITHDRAWN)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    for pk, other in candidates.values_list("pk", "text"):
        if _normalised(other) == wanted:
            return Question.objects.get(pk=pk)
    return None


@transaction.atomic
def question_ask(
    *, workstream: Workstream, member: Member | None, text: str, theme: QuestionTheme | None = None
) -> Question:
    """A member asks a question in an axis between sittings; they follow it from then on.

    Raises ``ValidationError`` when the account has no member record, the axis is closed
    or archived, the theme belongs to another axis, the text is empty, or the same
    question is already asked in this axis (accents, case and punctuation aside).
    """
    if member is None:
        raise ValidationError(
            gettext("Seul·e un·e membre du conseil peut poser une question."), code="no_member"
        )
    # Lock the axis: two members sending the same question at once get one question.
    workstream = Workstream.objects.select_for_update().get(pk=workstream.pk)
    if workstream.status in (WorkstreamStatus.CLOSED, WorkstreamStatus.ARCHIVED):
        raise ValidationError(
            gettext("L’axe « %(title)s » est clos : il ne reçoit plus de questions.")
            % {"title": workstream.title},
            code="closed",
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": gettext("Écrivez votre question.")}, code="empty")
    if theme is not None and theme.workstream_id != workstream.pk:
        raise ValidationError({"theme": gettext("Ce thème n’appartient pas à cet axe.")}, code="theme")
    duplicate = question_find_duplicate(workstream=workstream, text=text)
    if duplicate is not None:
        raise ValidationError(
            {
                "text": gettext(
                    "Cette question a déjà été posée dans cet axe (état : %(status)s). "
                    "Suivez-la pour être prévenu·e de sa réponse."
                )
                % {"status": duplicate.get_status_display()}
            },
            code="duplicate",
        )
    last = workstream.questions.filter(theme=theme).order_by("-order").values_list("order", flat=True).first()
    question = Question(
        workstream=workstream,
        theme=theme,
        text=text,
        raised_by=member,
        order=(last or 0) + 1,
        status=QuestionStatus.OPEN,
    )
    question.full_clean()
    question.save()
    question.followers.add(member)
    return question


@transaction.atomic
def question_assign(
    *, question: Question, service: AnsweringService, due_on: datetime.date | None, actor
) -> Question:
    """Give a question to a service of the directory, to answer by ``due_on``: its answer is in progress.

    The service is e-mailed a link to draft the answer (``answer_services.answer_request_open``);
    giving the question to another service closes the previous service's link. Giving it
    again to the same service with the same due date changes nothing.
    Raises ``ValidationError`` when ``service`` is missing or inactive, ``due_on`` is missing or
    in the past, or the question is answered or withdrawn.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    if service is None:
        raise ValidationError({"service": gettext("Choisissez le service chargé de la réponse.")})
    if not question.is_pending:
        raise ValidationError(
            gettext("Cette question est %(status)s : elle ne peut plus être confiée à un service.")
            % {"status": question.get_status_display()},
            code="not_pending",
        )
    answer_services.answer_request_open(question=question, service=service, due_on=due_on, actor=actor)
    changes = {
        "assigned_service": [question.assigned_service, service.name],
        "status": [question.status, QuestionStatus.IN_PROGRESS],
    }
    changes = {name: values for name, values in changes.items() if values[0] != values[1]}
    if not changes and question.answering_service_id == service.pk:
        return question
    question.assigned_service = service.name
    question.answering_service = service
    question.status = QuestionStatus.IN_PROGRESS
    question.full_clean()
    question.save(update_fields=["assigned_service", "answering_service", "status"])
    audit_record(actor=actor, action=audit_actions.QUESTION_ASSIGNED, about=question, changes=changes)
    return question


@transaction.atomic
def question_answer(
    *,
    question: Question,
    answer: str,
    actor,
    answered_by: Member | None = None,
    answered_by_service: str = "",
    answered_on: datetime.date | None = None,
    answered_at_meeting=None,
    notify: bool = True,
) -> Question:
    """Record the answer to a question and notify its asker and followers.

    The one writer of an answer: the axis pages and the minutes editor both call it. The
    answer needs a text and a source: the person (``answered_by``) or the service
    (``answered_by_service``) who gave it. ``answered_on`` defaults to today (Europe/Paris)
    and may not be in the future. Notifications (kind ``QUESTION_ANSWERED``) are queued in
    the outbox and sent after commit; answering again (a correction) notifies again only
    people not yet told about this answer date. ``notify=False`` records the answer without
    e-mail: the minutes editor passes it, because an answer typed into draft minutes is told
    to members when those minutes are published (:func:`question_answered_notify`), not
    while staff are still writing them. ``actor`` goes into the audit history.
    The returned question carries ``people_told``: how many e-mails were queued (0 with
    ``notify=False``), so that pages say what happened.
    Raises ``ValidationError`` on a missing text or source, or a withdrawn question.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    errors = {}
    answer = answer.strip()
    answered_by_service = answered_by_service.strip()
    if not answer:
        errors["answer"] = gettext("Écrivez la réponse apportée.")
    if answered_by is None and not answered_by_service:
        errors["answered_by_service"] = gettext(
            "Une réponse sans source ne peut pas être enregistrée : indiquez le service "
            "ou la personne qui l’a apportée."
        )
    answered_on = answered_on or timezone.localdate()
    if answered_on > timezone.localdate():
        errors["answered_on"] = gettext("La date de la réponse ne peut pas être dans le futur.")
    if question.status == QuestionStatus.WITHDRAWN:
        errors["__all__"] = gettext("Cette question a été retirée : elle n’attend plus de réponse.")
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(question, name) for name in ("status", "answer", "answered_on")}
    question.answer = answer
    question.answered_by = answered_by
    question.answered_by_service = answered_by_service
    question.answered_on = answered_on
    question.answered_at_meeting = answered_at_meeting
    question.status = QuestionStatus.ANSWERED
    question.full_clean()
    question.save()
    answer_services.answer_requests_close(
        question=question, reason=AnswerRequestClosure.ANSWERED, actor=actor
    )
    audit_record(
        actor=actor,
        action=audit_actions.QUESTION_ANSWERED,
        about=question,
        changes={
            name: [old, getattr(question, name)]
            for name, old in before.items()
            if old != getattr(question, name)
        },
    )
    question.people_told = question_answered_notify(question=question) if notify else 0
    return question


def question_answered_notify(*, question: Question) -> int:
    """Queue the "réponse à une question suivie" e-mail to the asker and followers of an
    answered question (nothing for any other status); return how many were queued (people
    without an address, or already told about this answer date, are not counted).

    One e-mail per person and answer date (the outbox's unique key, with ``scheduled_for``
    the answer's day): calling it again, or for a new version of the same minutes, sends
    nothing more.
    """
    if question.status != QuestionStatus.ANSWERED or question.answered_on is None:
        return 0
    people = {m.pk: m for m in question.followers.select_related("user")}
    if question.raised_by_id and question.raised_by_id not in people:
        asker = Member.objects.select_related("user").get(pk=question.raised_by_id)
        people[asker.pk] = asker
    url = absolute_url(question.workstream.get_absolute_url() + f"#question-{question.pk}")
    scheduled_for = due_at(day=question.answered_on, at=datetime.time(0, 0))
    with translation.override("fr"):
        return _queue_answered(question, people.values(), url, scheduled_for)


def _queue_answered(question: Question, people, url: str, scheduled_for: datetime.datetime) -> int:
    queued = 0
    for member in people:
        email = member.email_address
        if not email:
            continue
        reason = (
            gettext_lazy("vous avez posé cette question")
            if member.pk == question.raised_by_id
            else gettext_lazy("vous suivez cette question")
        )
        sent = notification_queue(
            kind=QUESTION_ANSWERED,
            about=question,
            recipient=email,
            member=member,
            template="question_answered",
            scheduled_for=scheduled_for,
            context={
                "question": question,
                "workstream": question.workstream,
                "url": url,
                "reason": reason,
                "answered_on_display": format_day_lazy(question.answered_on),
            },
        )
        queued += sent is not None
    return queued


@transaction.atomic
def question_withdraw(*, question: Question, actor) -> bool:
    """Withdraw a question that is not answered; return False when it already was withdrawn.

    Raises ``ValidationError`` for an answered question (its answer stays on record).
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status == QuestionStatus.WITHDRAWN:
        return False
    if question.status == QuestionStatus.ANSWERED:
        raise ValidationError(
            gettext("Cette question a reçu une réponse : elle ne peut plus être retirée."),
            code="answered",
        )
    old_status = question.status
    question.status = QuestionStatus.WITHDRAWN
    question.save(update_fields=["status"])
    answer_services.answer_requests_close(
        question=question, reason=AnswerRequestClosure.WITHDRAWN, actor=actor
    )
    audit_record(
        actor=actor,
        action=audit_actions.QUESTION_WITHDRAWN,
        about=question,
        changes={"status": [old_status, question.status]},
    )
    return True


@transaction.atomic
def question_presented_record(*, question: Question, meeting, actor) -> bool:
    """Record ``meeting`` (a ``meetings.Meeting``) as the sitting where the answer to
    ``question`` was presented; return whether anything changed.

    Only an answered question can be presented, and only once: an answer already presented
    (at this sitting or another) keeps its sitting, so callers may run it again. The
    sittings' agenda (``sessions.meetings.agenda``) calls it once a sitting is held; the
    answer form of the question page stays the place to correct it. ``actor`` goes into
    the audit history.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != QuestionStatus.ANSWERED or question.answered_at_meeting_id is not None:
        return False
    question.answered_at_meeting = meeting
    question.save(update_fields=["answered_at_meeting"])
    audit_record(
        actor=actor,
        action=audit_actions.QUESTION_PRESENTED,
        about=question,
        changes={"answered_at_meeting": [None, meeting.pk]},
    )
    return True


def question_follow(*, question: Question, member: Member | None, follow: bool = True) -> None:
    """Start (or with ``follow=False`` stop) following a question; idempotent.

    Raises ``ValidationError`` for an account without a member record.
    """
    if member is None:
        raise ValidationError(
            gettext("Seul·e un·e membre du conseil peut suivre une question."), code="no_member"
        )
    if follow:
        question.followers.add(member)
    else:
        question.followers.remove(member)


# --- Proposals and actions ------------------------------------------------------------------


def _check_due_on(due_on: datetime.date | None) -> None:
    if due_on is None:
        raise ValidationError({"due_on": gettext("Indiquez une échéance.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": gettext("L’échéance ne peut pas être dans le passé.")})


@transaction.atomic
def proposal_make(*, workstream: Workstream, member: Member | None, text: str) -> Proposal:
    """A member makes a proposal in an axis between sittings, dated today (Europe/Paris)."""
    if member is None:
        raise ValidationError(gettext("Seul·e un·e membre du conseil peut faire une proposition."))
    if workstream.status in (WorkstreamStatus.CLOSED, WorkstreamStatus.ARCHIVED):
        raise ValidationError(gettext("Cet axe est clos : il ne reçoit plus de propositions."))
    if not text.strip():
        raise ValidationError({"text": gettext("Écrivez votre proposition.")})
    last = workstream.proposals.order_by("-order").values_list("order", flat=True).first()
    proposal = Proposal(
        workstream=workstream,
        member=member,
        text=text.strip(),
        proposed_on=timezone.localdate(),
        order=(last or 0) + 1,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_to_action(
    *,
    proposal: Proposal,
    title: str,
    due_on: datetime.date | None,
    actor,
    owner: Member | None = None,
    meeting=None,
) -> Action:
    """Turn a proposal into an action (one per proposal) with an owner, a due date and a sitting.

    Raises ``ValidationError`` when the due date is missing or in the past, or when the
    proposal already became an action.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if Action.objects.filter(proposal=proposal).exists():
        raise ValidationError(gettext("Cette proposition est déjà devenue une action."), code="exists")
    _check_due_on(due_on)
    action = Action(
        workstream_id=proposal.workstream_id,
        proposal=proposal,
        title=title.strip() or proposal.text[:300],
        owner=owner,
        due_on=due_on,
        meeting=meeting,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_update(*, action: Action, actor, **changes) -> Action:
    """Change an action's title, owner, due date, status or sitting.

    A due date in the past is refused when the date changes (an action late already keeps
    its date). Raises ``ValidationError`` on bad input.
    """
    if "due_on" in changes and changes["due_on"] != action.due_on:
        _check_due_on(changes["due_on"])
    changed = {}
    for name, value in changes.items():
        old = getattr(action, name)
        if old != value:
            changed[name] = [_audit_value(old), _audit_value(value)]
        setattr(action, name, value)
    action.full_clean()
    action.save()
    if changed:
        audit_record(actor=actor, action=audit_actions.ACTION_UPDATED, about=action, changes=changed)
    return action


def _audit_value(value):
    """A value as the audit history keeps it: a related object by its name, dates as they are."""
    if isinstance(value, models.Model):
        return str(value)
    return value


# --- Positioning form -----------------------------------------------------------------------


def _closed_message(campaign: PositioningCampaign) -> str:
    if campaign.is_confirmed:
        return gettext(
            "Les résultats de ce formulaire ont été confirmés : les réponses ne peuvent plus être modifiées."
        )
    if timezone.localdate() < campaign.opens_on:
        return gettext("Ce formulaire ouvre le %(date)s.") % {
            "date": format_day_fr(campaign.opens_on, weekday=False)
        }
    return gettext(
        "La date limite (%(date)s) est passée : les réponses ne peuvent plus être modifiées. "
        "Pour un changement, contactez le service Participation citoyenne."
    ) % {"date": format_day_fr(campaign.deadline, weekday=False)}


def positioning_closed_message(campaign: PositioningCampaign) -> str:
    """The French explanation shown when ``campaign`` does not accept answers today ("" if it does)."""
    return "" if campaign.accepts_answers() else _closed_message(campaign)


@transaction.atomic
def positioning_answer(
    *,
    campaign: PositioningCampaign,
    member: Member | None,
    levels: Mapping[int, str],
    availability: Iterable[str] = (),
    availability_note: str = "",
    suggestions: str = "",
) -> PositioningResponse:
    """Record or update ``member``'s answer to ``campaign`` (one per member).

    ``levels`` maps each axis id of the campaign to a ``PositioningLevel`` value; every
    axis needs one. ``availability`` holds slot codes of ``availability_slots()``.
    Raises ``ValidationError`` when the member is not in mandate, the campaign does not
    accept answers today (before opening, after the deadline, confirmed), or a level or
    slot is missing or unknown.
    """
    campaign = PositioningCampaign.objects.select_for_update().get(pk=campaign.pk)
    if member is None or not member.is_council_member_in_mandate():
        raise ValidationError(
            gettext("Seul·es les membres du conseil en mandat répondent à ce formulaire."), code="not_member"
        )
    if not campaign.accepts_answers():
        raise ValidationError(_closed_message(campaign), code="closed")
    axis_ids = set(campaign.workstreams.values_list("pk", flat=True))
    if set(levels) != axis_ids:
        raise ValidationError(gettext("Indiquez votre souhait pour chacun des axes."), code="levels")
    if any(level not in PositioningLevel.values for level in levels.values()):
        raise ValidationError(gettext("Souhait inconnu."), code="levels")
    known_slots = [code for code, _label in availability_slots()]
    availability = list(dict.fromkeys(availability))
    if any(slot not in known_slots for slot in availability):
        raise ValidationError({"availability": gettext("Créneau de disponibilité inconnu.")})
    availability.sort(key=known_slots.index)
    response, _created = PositioningResponse.objects.get_or_create(campaign=campaign, member=member)
    response.availability = availability
    response.availability_note = availability_note.strip()
    response.suggestions = suggestions.strip()
    response.full_clean()
    response.save()
    existing = {choice.workstream_id: choice for choice in response.choices.all()}
    for workstream_id, level in levels.items():
        choice = existing.get(workstream_id)
        if choice is None:
            PositioningChoice.objects.create(response=response, workstream_id=workstream_id, level=level)
        elif choice.level != level:
            choice.level = level
            choice.save(update_fields=["level"])
    return response


@transaction.atomic
def campaign_save(*, campaign: PositioningCampaign, actor) -> PositioningCampaign:
    """Validate and save a campaign created or edited by staff (the axes are set by the form)."""
    if campaign.is_confirmed:
        raise ValidationError(gettext("Les résultats de ce formulaire sont confirmés : il ne change plus."))
    if campaign.created_by_id is None:
        campaign.created_by = actor
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_reopen(
    *, campaign: PositioningCampaign, deadline: datetime.date | None, actor
) -> PositioningCampaign:
    """Reopen a campaign after its deadline, until a new deadline (today or later).

    Raises ``ValidationError`` when the results are confirmed or the new deadline is
    missing or in the past.
    """
    campaign = PositioningCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_confirmed:
        raise ValidationError(
            gettext("Les résultats de ce formulaire sont confirmés : il ne peut plus être rouvert.")
        )
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError(
            {"deadline": gettext("La nouvelle date limite ne peut pas être dans le passé.")}
        )
    campaign.deadline = deadline
    campaign.opens_on = min(campaign.opens_on, deadline)
    campaign.reopened_at = timezone.now()
    campaign.reopened_by = actor
    campaign.full_clean()
    campaign.save()
    return campaign


LEVEL_TO_PARTICIPATION = {
    PositioningLevel.PILOT: ParticipationLevel.PILOT,
    PositioningLevel.CONTRIBUTE: ParticipationLevel.PARTICIPANT,
    PositioningLevel.FOLLOW: ParticipationLevel.PARTICIPANT,
}


@transaction.atomic
def campaign_confirm(*, campaign: PositioningCampaign, actor, at: datetime.datetime | None = None) -> int:
    """Confirm the results: members become pilots or participants of the axes they chose.

    "Piloter" makes a pilot; "contribuer" and "suivre" a participant; "pas pour le
    moment" changes nothing. Existing participations are kept (a member who joined from
    the dashboard stays); a participant who chose to pilot becomes a pilot. Closed or
    archived axes are left alone. Returns the number of participations created or raised.
    Only after the deadline; confirming again changes nothing and returns 0.
    Raises ``ValidationError`` before the deadline has passed.
    """
    campaign = PositioningCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_confirmed:
        return 0
    if timezone.localdate() <= campaign.deadline:
        raise ValidationError(
            gettext("Les réponses restent modifiables jusqu’au %(date)s inclus : confirmez après cette date.")
            % {"date": format_day_fr(campaign.deadline, weekday=False)},
            code="too_early",
        )
    changed = participations_from_choices(campaign=campaign)
    campaign.confirmed_at = at or timezone.now()
    campaign.confirmed_by = actor
    campaign.save(update_fields=["confirmed_at", "confirmed_by"])
    return changed


def participations_from_choices(*, campaign: PositioningCampaign) -> int:
    """Create or raise the participations that ``campaign``'s answers call for (see
    :func:`campaign_confirm`); return how many changed. Idempotent; checks no date."""
    changed = 0
    choices = PositioningChoice.objects.filter(
        response__campaign=campaign, level__in=INVOLVED_LEVELS, workstream__in=campaign.workstreams.all()
    ).exclude(workstream__status__in=[WorkstreamStatus.CLOSED, WorkstreamStatus.ARCHIVED])
    existing = {
        (p.workstream_id, p.member_id): p
        for p in Participation.objects.filter(workstream__in=campaign.workstreams.all())
    }
    for workstream_id, member_id, level in choices.values_list(
        "workstream_id", "response__member_id", "level"
    ):
        wanted = LEVEL_TO_PARTICIPATION[level]
        participation = existing.get((workstream_id, member_id))
        if participation is None:
            Participation.objects.create(workstream_id=workstream_id, member_id=member_id, level=wanted)
            changed += 1
        elif wanted == ParticipationLevel.PILOT and participation.level != ParticipationLevel.PILOT:
            participation.level = ParticipationLevel.PILOT
            participation.save(update_fields=["level"])
            changed += 1
    return changed


# Reminders go out this many days before the deadline, at 09:00 Europe/Paris (the eve is 1).
REMINDER_DAYS_BEFORE = (7, 2, 1)
REMINDER_TIME = datetime.time(9, 0)


def reminder_moments(campaign: PositioningCampaign) -> list[datetime.datetime]:
    """The moments a campaign's reminders are due (aware, Europe/Paris), earliest first."""
    return [
        due_at(day=campaign.deadline - datetime.timedelta(days=days), at=REMINDER_TIME)
        for days in REMINDER_DAYS_BEFORE
    ]


def positioning_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Queue the positioning reminders due at ``now`` (default: now); return how many were queued.

    For each campaign accepting answers, the latest reminder moment that has come (7 days,
    2 days before the deadline, then its eve, at 09:00 Europe/Paris) and falls on or after
    the opening day is sent to every council member in mandate who has not answered, as
    computed now. Each e-mail is recorded with ``scheduled_for`` = that moment, so running
    this again (beat runs it every hour, or twice) sends nothing more.
    """
    now = now or timezone.now()
    with translation.override("fr"):
        return _send_reminders(now)


def _send_reminders(now: datetime.datetime) -> int:
    today = timezone.localtime(now, local_zone()).date()
    queued = 0
    campaigns = PositioningCampaign.objects.filter(
        confirmed_at__isnull=True, opens_on__lte=today, deadline__gte=today
    )
    for campaign in campaigns:
        due = [
            moment
            for moment in reminder_moments(campaign)
            if moment <= now and moment.date() >= campaign.opens_on
        ]
        if not due:
            continue
        moment = due[-1]
        answered = campaign.responses.values("member_id")
        members = Member.objects.council_in_mandate().exclude(pk__in=answered).select_related("user")
        url = absolute_url(reverse("workstreams:positioning_form", args=[campaign.pk]))
        days_left = (campaign.deadline - moment.date()).days
        for member in members:
            email = member.email_address
            if not email:
                continue
            sent = notification_queue(
                kind=POSITIONING_REMINDER,
                about=campaign,
                recipient=email,
                member=member,
                template="positioning_reminder",
                scheduled_for=moment,
                context={
                    "campaign": campaign,
                    "url": url,
                    "days_left": days_left,
                    "deadline_display": format_day_lazy(campaign.deadline),
                    "reason": gettext_lazy(
                        "vous êtes membre du Conseil local du numérique et n’avez pas encore répondu "
                        "au formulaire de positionnement"
                    ),
                },
            )
            queued += sent is not None
    return queued
