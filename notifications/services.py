"""Sending the portal's e-mails exactly once, through the outbox (``notifications.models.Notification``).

``notification_queue`` renders an e-mail in its recipient's language (French unless a
member chose another, ``recipient_language``) and records it under a unique key;
only when the row is new is a Celery task enqueued, after the transaction commits, to
deliver it. ``notification_deliver`` claims the row (``SELECT … FOR UPDATE SKIP LOCKED``),
sends, and marks it sent in the same transaction: a second run, concurrent or later,
finds the row taken or sent and sends nothing. Mail-server failures are recorded and the
task retries with back-off.

Every app registers its kinds (``notifications.registry``) and adds its notifications
through these two functions and an e-mail template pair ``templates/emails/<name>.txt`` /
``.html`` that extends ``emails/base.*``. Members' choices and staff retries are here too.
"""

import base64
import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cln_portal.links import absolute_url

from . import registry, tasks
from .models import Notification, NotificationPreference, NotificationStatus
from .selectors import preferences_of

logger = logging.getLogger(__name__)

# Kept from when the outbox lived in cln_portal: links already e-mailed stay valid.
UNSUBSCRIBE_SALT = "cln_portal.notifications.unsubscribe"


@dataclass(frozen=True)
class Attachment:
    """An attachment: text (an .ics calendar, ``content`` a str) or binary (a PDF, ``content`` bytes).

    The outbox stores attachments in a JSONField: text as is, bytes as base64 under
    ``content_base64`` (``as_json``/``from_json``), so rows written before binary
    attachments existed still deliver.
    """

    filename: str
    content: str | bytes
    mimetype: str

    def as_json(self) -> dict:
        if isinstance(self.content, bytes):
            return {
                "filename": self.filename,
                "content_base64": base64.b64encode(self.content).decode("ascii"),
                "mimetype": self.mimetype,
            }
        return {"filename": self.filename, "content": self.content, "mimetype": self.mimetype}

    @classmethod
    def from_json(cls, data: dict) -> "Attachment":
        if "content_base64" in data:
            return cls(data["filename"], base64.b64decode(data["content_base64"]), data["mimetype"])
        return cls(data["filename"], data["content"], data["mimetype"])


def about_key(obj: models.Model | str) -> str:
    """The stable name of what a notification is about: "meetings.meeting:12", or the string given."""
    if isinstance(obj, str):
        return obj
    return f"{obj._meta.label_lower}:{obj.pk}"


def unsubscribe_token(*, member_id: int, kind: str) -> str:
    """A signed token that turns off one kind of e-mail for one member, and nothing else."""
    return signing.dumps({"m": member_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """Return ``(member_id, kind)``; raises ``signing.BadSignature`` on a tampered token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not registry.is_known(data.get("k", "")) or not isinstance(data.get("m"), int):
        raise signing.BadSignature("Unknown notification kind.")
    return data["m"], data["k"]


def wants_email(*, member, kind: str) -> bool:
    """Whether ``member`` receives ``kind`` by e-mail.

    Mandatory kinds always; opt-in kinds (the weekly digest) only when turned on; the
    others unless turned off. One query (none for mandatory kinds or ``member=None``).
    """
    if member is None or registry.is_mandatory(kind):
        return True
    choice = (
        NotificationPreference.objects.filter(member=member, kind=kind)
        .values_list("by_email", flat=True)
        .first()
    )
    return registry.email_by_default(kind) if choice is None else choice


def recipient_language(member) -> str:
    """The language of a member's e-mails: the one saved on their account, else French.

    ``member`` is a ``members.Member`` or None (someone without an account, e.g. a PDIN
    participant: French, the portal's language). Reads ``member.user`` (one query when the
    caller did not load it).
    """
    user = getattr(member, "user", None) if member is not None and member.user_id else None
    language = getattr(user, "language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def notification_queue(
    *,
    kind: str,
    about: models.Model | str,
    recipient: str,
    template: str,
    context: dict,
    member=None,
    scheduled_for: datetime.datetime | None = None,
    attachments: tuple[Attachment, ...] = (),
    language: str | None = None,
) -> Notification | None:
    """Record one e-mail and deliver it after commit; return None when nothing is to be sent.

    Nothing is recorded when the member turned this kind off, and nothing new when the same
    (kind, about, recipient, scheduled_for) was already recorded: that is what makes a
    retried or doubled task harmless. ``template`` names ``emails/<template>.txt`` (and
    ``.html``); its first line, after rendering, is the subject. ``context`` gets
    ``council`` (unless given), ``member``, ``reason`` (why the recipient gets it),
    ``preferences_url`` for members and, for kinds that can be turned off,
    ``unsubscribe_url``. ``scheduled_for`` defaults to now. The e-mail is rendered in
    ``language`` when given, else in the recipient's (``recipient_language``); attachments
    (official PDFs) are the caller's and stay in French.
    """
    if not wants_email(member=member, kind=kind):
        return None
    recipient = recipient.strip().lower()
    scheduled_for = scheduled_for or timezone.now()
    headers = {}
    unsubscribe_url = ""
    if member is not None and not registry.is_mandatory(kind):
        unsubscribe_url = absolute_url(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(member_id=member.pk, kind=kind)])
        )
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    full_context = {
        # A caller queueing many e-mails may pass the council once (saves a query per e-mail).
        **{
            name: provider() for name, provider in registry.context_providers().items() if name not in context
        },
        "member": member,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute_url(reverse("notifications:preferences")) if member is not None else "",
        "site_url": settings.SITE_URL,
        **context,
    }
    with translation.override(language or recipient_language(member)):
        # Text parts are rendered by the "text" engine: no HTML escaping in plain text.
        text = render_to_string(f"emails/{template}.txt", full_context, using="text").strip()
        html = render_to_string(f"emails/{template}.html", full_context)
    subject, _, body_text = text.partition("\n")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                about=about_key(about),
                recipient=recipient,
                member=member,
                scheduled_for=scheduled_for,
                subject=subject.strip()[:250],
                body_text=body_text.strip() + "\n",
                body_html=html,
                attachments=[a.as_json() for a in attachments],
                headers=headers,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: tasks.deliver_notification.delay(notification.pk))
    return notification


def _still_concerned(notification: Notification) -> bool:
    """Recipients are checked when sending, by the rule of the kind's app (``registry``).

    A kind no app registers any more is not sent.
    """
    if not registry.is_known(notification.kind):
        return False
    return registry.get(notification.kind).still_concerned(notification)


def notification_deliver(*, notification_id: int) -> str:
    """Send one recorded e-mail if it is still owed; return its status afterwards.

    Returns a ``NotificationStatus`` value: "sent", "failed" (the mail server refused or
    could not be reached: the caller retries), "skipped", or the unchanged status when
    another process holds or has already sent it.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("member")
            .filter(pk=notification_id, status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED])
            .first()
        )
        if notification is None:
            current = Notification.objects.filter(pk=notification_id).values_list("status", flat=True).first()
            return current or NotificationStatus.SKIPPED
        if not _still_concerned(notification):
            notification.status = NotificationStatus.SKIPPED
            notification.save(update_fields=["status"])
            return notification.status
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient],
            headers=notification.headers,
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        for stored in notification.attachments:
            attachment = Attachment.from_json(stored)
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        notification.attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Notification %s not sent: %s", notification.pk, error)
            notification.status = NotificationStatus.FAILED
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            notification.save(update_fields=["status", "attempts", "last_error"])
            return notification.status
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["status", "attempts", "last_error", "sent_at"])
        return notification.status


def notification_retry(*, notification: Notification) -> None:
    """Queue a failed notification again (staff's retry button in the outbox)."""
    if notification.status != NotificationStatus.FAILED:
        return
    transaction.on_commit(lambda: tasks.deliver_notification.delay(notification.pk))


def outbox_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete outbox rows older than the retention the legal page states; return how many.

    ``settings.PERSONAL_DATA_RETENTION["outbox_months"]`` (default 12) counts from the
    row's creation; a month is taken as 31 days so nothing goes before its time (RGPD:
    e-mail addresses and message texts are personal data, kept no longer than needed).
    """
    months = settings.PERSONAL_DATA_RETENTION["outbox_months"]
    cutoff = (now or timezone.now()) - datetime.timedelta(days=31 * months)
    deleted, _ = Notification.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def preference_set(*, member, kind: str, by_email: bool) -> None:
    """Record a member's choice for one kind; mandatory kinds cannot be turned off (ValueError)."""
    if registry.is_mandatory(kind) and not by_email:
        raise ValueError(f"{kind} cannot be turned off.")
    NotificationPreference.objects.update_or_create(member=member, kind=kind, defaults={"by_email": by_email})


@transaction.atomic
def preferences_save(*, member, choices: dict[str, bool], actor) -> list[str]:
    """Record a member's e-mail choice per kind; return the kinds whose choice changed.

    ``choices`` maps a registered kind to True (e-mail) or False (none). Mandatory kinds
    (convocations, statutory notices) cannot be turned off: asking raises
    ``ValidationError`` with a French message. ``actor`` is the user who made the change
    (the member, or staff acting for them), written into the audit history.
    """
    current = {row.kind: row.by_email for row in preferences_of(member=member)}
    changed = []
    for kind, by_email in choices.items():
        if not registry.is_known(kind):
            raise ValidationError(_("Type de notification inconnu."))
        if registry.is_mandatory(kind):
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
        registry.audit_write(
            actor=actor,
            action=registry.AUDIT_PREFERENCES_CHANGED,
            member=member,
            changes={
                kind: [current.get(kind, registry.email_by_default(kind)), choices[kind]] for kind in changed
            },
        )
    return changed


@transaction.atomic
def outbox_retry(*, notification_id: int, actor) -> bool:
    """Staff's retry button: queue a failed notification again; False when it is not failed.

    The delivery claims the row as usual, so a double click or a retry racing the
    automatic one sends at most once. ``actor`` is the staff user, written into the audit history.
    """
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or notification.status != NotificationStatus.FAILED:
        return False
    notification_retry(notification=notification)
    registry.audit_write(
        actor=actor, action=registry.AUDIT_OUTBOX_RETRIED, member=notification.member, about=notification
    )
    return True
