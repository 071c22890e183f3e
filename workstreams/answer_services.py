"""Answers drafted by the city's services through an e-mailed link (issue 14, section 2).

Staff keep a directory of the services that answer (:class:`AnsweringService`). Giving a
question to one of them with a due date (``services.question_assign``) opens an
:class:`AnswerRequest` and e-mails each of the service's addresses a link. The link opens
a page listing that service's open questions, where the service saves a draft answer and
sends it; a reminder goes out ``settings.ANSWER_REMINDER_DAYS_BEFORE`` days before the due
date. Staff read the draft, edit it and publish it through ``services.question_answer``,
which tells the asker and the followers.

The link
--------
It is a token signed by ``django.core.signing.Signer`` (salted for this use) holding the
request's id and its random ``key`` (256 bits, stored on the row), checked against the
database on every use. Why both a signature and a row, rather than a bare
``TimestampSigner`` or a random token stored hashed:

- the expiry follows the due date, which staff may move after the e-mail went out, and a
  reassignment must revoke the link at once: a ``TimestampSigner``'s ``max_age`` can do
  neither, the row's ``expires_at`` and ``closed_at`` do both;
- the reminder e-mail must carry the same link as the first e-mail: a token stored only
  as a hash could not be written again, a signed one is computed again from the row;
- the signature keeps anyone from trying ids, and the key means that the ``SECRET_KEY``
  alone (a leaked settings file) forges no link, nor does a copy of the database alone.

Every check is made on the server: a request id posted from the page is refused unless it
belongs to the link's own service and is still open (:func:`answer_draft_save`).
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.text import capfirst
from django.utils.translation import gettext

from cln_portal.dates import format_day_fr
from cln_portal.links import absolute_url
from cln_portal.schedule import due_at, local_day
from cln_portal.text import format_number_fr
from members.selectors import council_get
from members.services import audit_record
from notifications.services import notification_queue

from . import audit_actions
from .models import AnsweringService, AnswerRequest, AnswerRequestClosure, Question, QuestionStatus
from .notification_kinds import ANSWER_REMINDER, ANSWER_REQUEST, ANSWER_SUBMITTED

ANSWER_LINK_SALT = "workstreams.answer_link"
# The longest answer a service may type (about four pages).
DRAFT_MAX_LENGTH = 20000
REMINDER_TIME = datetime.time(9, 0)


class AnswerLinkClosed(Exception):
    """The link is genuine but may no longer be used; ``message`` says why, in French, and who
    to contact. ``code`` is "expired", "reassigned", "answered" or "withdrawn"."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


# --- The directory --------------------------------------------------------------------------


@transaction.atomic
def answering_service_save(*, service: AnsweringService, actor) -> AnsweringService:
    """Validate and save a directory entry created or edited by staff (``actor``); return it.

    A new name is also written on the questions the service is answering, so that pages and
    minutes print the service's current name. Raises ``ValidationError`` (French) on an
    empty or duplicate name or a missing or malformed address.
    """
    before = (
        AnsweringService.objects.filter(pk=service.pk).values("name", "emails", "is_active").first()
        if service.pk
        else None
    ) or {"name": None, "emails": None, "is_active": None}
    service.full_clean()
    service.save()
    changes = {
        name: [before[name], getattr(service, name)]
        for name in ("name", "emails", "is_active")
        if before[name] != getattr(service, name)
    }
    if not changes:
        return service
    if before["name"] is not None and "name" in changes:
        Question.objects.filter(
            answering_service=service, status__in=[QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS]
        ).update(assigned_service=service.name)
    audit_record(actor=actor, action=audit_actions.ANSWERING_SERVICE_SAVED, about=service, changes=changes)
    return service


# --- The link -------------------------------------------------------------------------------


def link_expiry(due_on: datetime.date) -> datetime.datetime:
    """When a link for an answer due on ``due_on`` stops working: midnight (Paris) after the
    day ``settings.ANSWER_LINK_DAYS_AFTER_DUE`` days past the due date."""
    last_day = due_on + datetime.timedelta(days=settings.ANSWER_LINK_DAYS_AFTER_DUE)
    return due_at(day=last_day + datetime.timedelta(days=1), at=datetime.time(0, 0))


def answer_link_token(answer_request: AnswerRequest) -> str:
    """The signed token of a request's link (the same for every e-mail about it)."""
    # ``Signer``, not ``dumps``: no timestamp, so every e-mail about a request prints one link.
    return signing.Signer(salt=ANSWER_LINK_SALT).sign_object(
        {"r": answer_request.pk, "k": answer_request.key}
    )


def answer_link_url(answer_request: AnswerRequest) -> str:
    """The absolute address of the request's answer page, as printed in e-mails."""
    return absolute_url(reverse("workstreams:service_answers", args=[answer_link_token(answer_request)]))


def answer_request_from_token(token: str) -> AnswerRequest:
    """The request a link names, whatever its state.

    Raises ``signing.BadSignature`` on a tampered or malformed token and
    ``AnswerRequest.DoesNotExist`` when no request matches (deleted, or its key changed).
    """
    data = signing.Signer(salt=ANSWER_LINK_SALT).unsign_object(token)
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not isinstance(data.get("k"), str):
        raise signing.BadSignature("Malformed answer link.")
    answer_request = AnswerRequest.objects.select_related("service", "question").get(pk=data["r"])
    if not constant_time_compare(answer_request.key, data["k"]):
        raise AnswerRequest.DoesNotExist
    return answer_request


def staff_service_name(council=None) -> str:
    """The service that runs the council and publishes the services' answers, as the council
    settings name it (``Council.service``), capitalised; « Service Participation citoyenne »
    when the settings leave it empty. ``council``: the record, when the caller has it."""
    council = council or council_get()
    return capfirst((council.service if council else "") or gettext("service Participation citoyenne"))


def contact_sentence(council=None) -> str:
    """Whom a service contacts about a link: "Pour toute question : <the council's service>, <e-mail>.".

    ``council``: the record, when the caller has it (else one read)."""
    council = council or council_get()
    service = staff_service_name(council)
    if council and council.email:
        return gettext("Pour toute question : %(service)s, %(email)s.") % {
            "service": service,
            "email": council.email,
        }
    return gettext("Pour toute question : %(service)s.") % {"service": service}


def answer_link_check(
    answer_request: AnswerRequest, *, now: datetime.datetime | None = None, contact: str | None = None
) -> None:
    """Raise :class:`AnswerLinkClosed` (French message with whom to contact) when the link of
    ``answer_request`` may no longer be used: closed (reassigned, answered, withdrawn) or expired.

    ``contact`` is :func:`contact_sentence`, when the caller has it already."""
    if answer_request.closed_reason == AnswerRequestClosure.REASSIGNED:
        message = gettext("Ce lien n’est plus valable : la question a été confiée à un autre service.")
    elif answer_request.closed_reason == AnswerRequestClosure.ANSWERED:
        message = gettext("Ce lien n’est plus valable : la réponse à cette question a été publiée. Merci.")
    elif answer_request.closed_reason == AnswerRequestClosure.WITHDRAWN or answer_request.closed_at:
        message = gettext("Ce lien n’est plus valable : la question a été retirée.")
    elif answer_request.is_expired(now):
        message = gettext(
            "Ce lien a expiré le %(date)s : il ne permet plus de répondre. Demandez un nouveau lien."
        ) % {"date": format_day_fr(local_day(answer_request.expires_at - datetime.timedelta(seconds=1)))}
    else:
        return
    code = answer_request.closed_reason or "expired"
    raise AnswerLinkClosed(f"{message} {contact or contact_sentence()}", code)


def service_open_requests(*, service: AnsweringService, now: datetime.datetime | None = None):
    """The open, unexpired requests of ``service`` whose question still waits, soonest due first,
    with their question, its axis and theme (one query)."""
    return (
        AnswerRequest.objects.filter(
            service=service,
            closed_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            question__status__in=[QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS],
        )
        .select_related("question__workstream", "question__theme")
        .order_by("due_on", "pk")
    )


# --- Opening, closing -----------------------------------------------------------------------


def answer_request_open(
    *, question: Question, service: AnsweringService, due_on: datetime.date, actor
) -> AnswerRequest | None:
    """Open (or update) the request of ``question`` to ``service``; called by
    ``services.question_assign`` inside its transaction, the question locked.

    An open request to another service is closed first ("reassigned": its link stops
    working). The same service again with another due date moves the due date and the
    link's expiry, and e-mails the service again; with the same due date nothing changes
    and None is returned. Raises ``ValidationError`` for a due date in the past, or a service
    inactive or without an address (a name carried over from before the directory).
    """
    if due_on is None:
        raise ValidationError({"due_on": gettext("Indiquez la date à laquelle la réponse est attendue.")})
    if due_on < timezone.localdate():
        raise ValidationError(
            {"due_on": gettext("La date de réponse attendue ne peut pas être dans le passé.")}
        )
    if not service.is_active:
        raise ValidationError(
            {"service": gettext("Le service « %(name)s » est inactif.") % {"name": service.name}}
        )
    if not service.email_list:
        raise ValidationError(
            {
                "service": gettext(
                    "Le service « %(name)s » n’a pas d’adresse e-mail : complétez l’annuaire des services."
                )
                % {"name": service.name}
            }
        )
    current = (
        AnswerRequest.objects.select_for_update().filter(question=question, closed_at__isnull=True).first()
    )
    if current is not None and current.service_id == service.pk:
        if current.due_on == due_on:
            return None
        old_due = current.due_on
        current.due_on = due_on
        current.expires_at = link_expiry(due_on)
        current.reminder_sent_at = None
        current.save(update_fields=["due_on", "expires_at", "reminder_sent_at"])
        audit_record(
            actor=actor,
            action=audit_actions.ANSWER_REQUEST_SENT,
            about=current,
            changes={"due_on": [old_due, due_on]},
        )
        _send_request(current, scheduled_for=timezone.now())
        return current
    if current is not None:
        _close(current, reason=AnswerRequestClosure.REASSIGNED, actor=actor)
    answer_request = AnswerRequest(
        question=question,
        service=service,
        due_on=due_on,
        expires_at=link_expiry(due_on),
        requested_by=actor,
    )
    answer_request.full_clean()
    answer_request.save()
    audit_record(
        actor=actor,
        action=audit_actions.ANSWER_REQUEST_SENT,
        about=answer_request,
        changes={"service": [None, service.name], "due_on": [None, due_on]},
    )
    _send_request(answer_request, scheduled_for=answer_request.requested_at)
    return answer_request


def _close(answer_request: AnswerRequest, *, reason: str, actor) -> None:
    answer_request.closed_at = timezone.now()
    answer_request.closed_reason = reason
    answer_request.save(update_fields=["closed_at", "closed_reason"])
    audit_record(
        actor=actor,
        action=audit_actions.ANSWER_REQUEST_CLOSED,
        about=answer_request,
        changes={"closed_reason": [None, reason]},
    )


def answer_requests_close(*, question: Question, reason: str, actor) -> int:
    """Close the open request of ``question`` (its link stops working); return how many closed.

    Called by ``services.question_answer`` ("answered") and ``services.question_withdraw``
    ("withdrawn") inside their transactions.
    """
    closed = 0
    for answer_request in AnswerRequest.objects.select_for_update().filter(
        question=question, closed_at__isnull=True
    ):
        _close(answer_request, reason=reason, actor=actor)
        closed += 1
    return closed


# --- E-mails --------------------------------------------------------------------------------


def _email_context(answer_request: AnswerRequest) -> dict:
    council = council_get()
    return {
        "answer_request": answer_request,
        "service": answer_request.service,
        "question": answer_request.question,
        "workstream": answer_request.question.workstream,
        "url": answer_link_url(answer_request),
        "due_display": format_day_fr(answer_request.due_on),
        "expires_display": format_day_fr(
            local_day(answer_request.expires_at - datetime.timedelta(seconds=1)), weekday=False
        ),
        "contact": contact_sentence(council),
        "staff_service": staff_service_name(council),
        "reason": gettext(
            "votre service est chargé de répondre à une question du Conseil local du numérique"
        ),
    }


def _send_request(answer_request: AnswerRequest, *, scheduled_for: datetime.datetime) -> int:
    """Queue the request e-mail to each address of the service (French: the service has no
    account, hence no language of its own). Return how many were queued."""
    with translation.override("fr"):
        context = _email_context(answer_request)
        queued = 0
        for address in answer_request.service.email_list:
            sent = notification_queue(
                kind=ANSWER_REQUEST,
                about=answer_request,
                recipient=address,
                template="answer_request",
                context=context,
                scheduled_for=scheduled_for,
                language="fr",
            )
            queued += sent is not None
    return queued


def reminder_moment(answer_request: AnswerRequest) -> datetime.datetime:
    """When the request's reminder is due: 9 h (Paris) ``ANSWER_REMINDER_DAYS_BEFORE`` days before the due date."""
    day = answer_request.due_on - datetime.timedelta(days=settings.ANSWER_REMINDER_DAYS_BEFORE)
    return due_at(day=day, at=REMINDER_TIME)


def answer_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders due at ``now`` (default: now); return how many requests were reminded.

    A request is reminded once: when its reminder moment has come (and came after the
    request was made: a question given two days before its due date gets no reminder), its link still works,
    its question still waits, the due day has not passed and the service has not sent its
    draft. Each row is claimed (``SELECT … FOR UPDATE SKIP LOCKED``) and marked in the
    same transaction as the e-mails are queued, and each e-mail is keyed in the outbox by
    that moment: a second run, concurrent or later, sends nothing more.
    """
    now = now or timezone.now()
    today = local_day(now)
    candidates = AnswerRequest.objects.filter(
        closed_at__isnull=True,
        reminder_sent_at__isnull=True,
        submitted_at__isnull=True,
        expires_at__gt=now,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=settings.ANSWER_REMINDER_DAYS_BEFORE),
        question__status__in=[QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS],
    ).values_list("pk", flat=True)
    reminded = 0
    for pk in list(candidates):
        with transaction.atomic():
            answer_request = (
                AnswerRequest.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("service", "question__workstream")
                .filter(
                    pk=pk, reminder_sent_at__isnull=True, closed_at__isnull=True, submitted_at__isnull=True
                )
                .first()
            )
            if answer_request is None:
                continue
            moment = reminder_moment(answer_request)
            # Not yet due; or due before the question was even given (a short due date):
            # the request e-mail has just said it all.
            if moment > now or moment < answer_request.requested_at:
                continue
            answer_request.reminder_sent_at = now
            answer_request.save(update_fields=["reminder_sent_at"])
            with translation.override("fr"):
                context = _email_context(answer_request)
                for address in answer_request.service.email_list:
                    notification_queue(
                        kind=ANSWER_REMINDER,
                        about=answer_request,
                        recipient=address,
                        template="answer_reminder",
                        context=context,
                        scheduled_for=moment,
                        language="fr",
                    )
            audit_record(
                actor=None,
                action=audit_actions.ANSWER_REMINDER_SENT,
                about=answer_request,
                changes={"reminder_sent_at": [None, now]},
            )
            reminded += 1
    return reminded


def _tell_staff(answer_request: AnswerRequest, *, now: datetime.datetime) -> None:
    """E-mail the council's contact address (``Council.email``, the staff's) that a service
    sent its answer, with the link to review and publish it. Nothing without an address: the
    staff home still counts the answers to publish (``selectors.answers_to_publish_count``).
    Skipped at sending time if the request was closed meanwhile (``request_still_open``)."""
    council = council_get()
    if not (council and council.email):
        return
    notification_queue(
        kind=ANSWER_SUBMITTED,
        about=answer_request,
        recipient=council.email,
        template="answer_submitted",
        context={
            "answer_request": answer_request,
            "service": answer_request.service,
            "question": answer_request.question,
            "workstream": answer_request.question.workstream,
            "review_url": absolute_url(reverse("workstreams:answer_review", args=[answer_request.pk])),
            "reason": gettext("cette adresse est celle de l’équipe qui publie les réponses des services"),
        },
        scheduled_for=now,
        language="fr",
    )


# --- The service's drafts -------------------------------------------------------------------


@transaction.atomic
def answer_draft_save(
    *,
    link: AnswerRequest,
    request_id: int,
    text: str,
    submit: bool = False,
    now: datetime.datetime | None = None,
) -> AnswerRequest:
    """Save (and with ``submit``, send for review) a service's draft answer through a link.

    ``link`` is the request whose link was opened (:func:`answer_request_from_token`);
    ``request_id`` the request the draft is for, which must be open, unexpired, of the
    same service and about a question still waiting. The draft may be changed after it is
    sent, until staff publish the answer. Raises :class:`AnswerLinkClosed` when the link no
    longer works, and ``ValidationError`` (French) with code "other_service" for a request of
    another service or one that is not open, "empty" for an empty text sent, "too_long".
    """
    now = now or timezone.now()
    link = AnswerRequest.objects.select_related("service").get(pk=link.pk)
    answer_link_check(link, now=now)
    target = (
        AnswerRequest.objects.select_for_update(of=("self",))
        .select_related("question", "service")
        .filter(pk=request_id)
        .first()
    )
    if (
        target is None
        or target.service_id != link.service_id
        or not target.is_open
        or target.is_expired(now)
        or not target.question.is_pending
    ):
        raise ValidationError(
            gettext(
                "Cette question n’est pas, ou plus, confiée à votre service : "
                "ce lien ne permet pas d’y répondre."
            ),
            code="other_service",
        )
    text = text.strip()
    if len(text) > DRAFT_MAX_LENGTH:
        raise ValidationError(
            {
                "draft": gettext("La réponse dépasse %(max)s caractères : raccourcissez-la.")
                % {"max": format_number_fr(DRAFT_MAX_LENGTH)}
            },
            code="too_long",
        )
    if submit and not text:
        raise ValidationError({"draft": gettext("Écrivez la réponse avant de l’envoyer.")}, code="empty")
    changed = text != target.draft
    if not changed and not submit:
        return target
    old = target.draft
    first_sending = submit and target.submitted_at is None
    target.draft = text
    target.draft_saved_at = now
    fields = ["draft", "draft_saved_at"]
    if submit:
        target.submitted_at = now
        fields.append("submitted_at")
    target.save(update_fields=fields)
    audit_record(
        actor=None,
        action=audit_actions.ANSWER_DRAFT_SUBMITTED if submit else audit_actions.ANSWER_DRAFT_SAVED,
        about=target,
        changes={"service": [None, target.service.name], "draft_length": [len(old), len(text)]},
    )
    if first_sending:
        _tell_staff(target, now=now)
    return target


def draft_version(answer_request: AnswerRequest) -> str:
    """The version of the service's draft: when it was last changed (ISO 8601, to the
    microsecond), "" before any draft. Staff's review form carries it, so that publishing
    refuses an answer edited from an older draft (:func:`answer_request_publish`)."""
    return answer_request.draft_saved_at.isoformat() if answer_request.draft_saved_at else ""


class DraftChanged(ValidationError):
    """The service changed its draft after staff loaded it; ``answer_request`` is the request as
    it is now (its ``draft`` the new text)."""

    def __init__(self, message: str, answer_request: AnswerRequest):
        super().__init__(message, code="draft_changed")
        self.answer_request = answer_request


@transaction.atomic
def answer_request_publish(
    *,
    answer_request: AnswerRequest,
    answer: str,
    actor,
    answered_on: datetime.date | None = None,
    loaded_version: str | None = None,
) -> Question:
    """Staff publish a service's answer (as drafted, or edited) through ``services.question_answer``.

    The answer is recorded as given by the service (its directory name), the asker and the
    followers are told, and the request is closed ("answered"). ``loaded_version`` is the
    :func:`draft_version` staff read (None: not checked). Raises :class:`DraftChanged` when
    the service's draft changed since, ``ValidationError`` when the request is closed, or as
    ``question_answer`` does (empty text, future date, withdrawn question).
    """
    from . import services  # services imports this module: the call, not the import, is needed

    answer_request = (
        AnswerRequest.objects.select_for_update(of=("self",))
        .select_related("service", "question")
        .get(pk=answer_request.pk)
    )
    if not answer_request.is_open:
        raise ValidationError(
            gettext("Cette demande est close (%(reason)s) : la réponse ne peut plus être publiée d’ici.")
            % {"reason": answer_request.get_closed_reason_display()},
            code="closed",
        )
    if loaded_version is not None and loaded_version != draft_version(answer_request):
        raise DraftChanged(
            gettext(
                "Le service a modifié sa réponse depuis que vous avez ouvert cette page : "
                "rien n’est publié. Relisez son nouveau texte ci-dessous, reportez-le dans "
                "votre réponse si besoin, puis publiez de nouveau."
            ),
            answer_request,
        )
    return services.question_answer(
        question=answer_request.question,
        answer=answer,
        actor=actor,
        answered_by_service=answer_request.service.name,
        answered_on=answered_on,
    )
