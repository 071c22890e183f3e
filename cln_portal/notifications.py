"""Sending the portal's e-mails exactly once, through the outbox (``cln_portal.models.Notification``).

``notification_queue`` renders an e-mail in French and records it under a unique key;
only when the row is new is a Celery task enqueued, after the transaction commits, to
deliver it. ``notification_deliver`` claims the row (``SELECT … FOR UPDATE SKIP LOCKED``),
sends, and marks it sent in the same transaction: a second run, concurrent or later,
finds the row taken or sent and sends nothing. Mail-server failures are recorded and the
task retries with back-off.

Every app adds its notifications through these two functions and an e-mail template
pair ``templates/emails/<name>.txt`` / ``.html`` that extends ``emails/base.*``.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import (
    MANDATORY_KINDS,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationStatus,
    email_by_default,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "cln_portal.notifications.unsubscribe"


@dataclass(frozen=True)
class Attachment:
    """A text attachment (an .ics calendar): ``content`` is text, ``mimetype`` e.g. "text/calendar"."""

    filename: str
    content: str
    mimetype: str


def about_key(obj: models.Model | str) -> str:
    """The stable name of what a notification is about: "meetings.meeting:12", or the string given."""
    if isinstance(obj, str):
        return obj
    return f"{obj._meta.label_lower}:{obj.pk}"


def absolute_url(path: str) -> str:
    """``path`` on the portal's public address (``settings.SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(*, member_id: int, kind: str) -> str:
    """A signed token that turns off one kind of e-mail for one member, and nothing else."""
    return signing.dumps({"m": member_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """Return ``(member_id, kind)``; raises ``signing.BadSignature`` on a tampered token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if data.get("k") not in NotificationKind.values or not isinstance(data.get("m"), int):
        raise signing.BadSignature("Unknown notification kind.")
    return data["m"], data["k"]


def wants_email(*, member, kind: str) -> bool:
    """Whether ``member`` receives ``kind`` by e-mail.

    Mandatory kinds always; opt-in kinds (the weekly digest) only when turned on; the
    others unless turned off. One query (none for mandatory kinds or ``member=None``).
    """
    if member is None or kind in MANDATORY_KINDS:
        return True
    choice = (
        NotificationPreference.objects.filter(member=member, kind=kind)
        .values_list("by_email", flat=True)
        .first()
    )
    return email_by_default(kind) if choice is None else choice


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
) -> Notification | None:
    """Record one e-mail and deliver it after commit; return None when nothing is to be sent.

    Nothing is recorded when the member turned this kind off, and nothing new when the same
    (kind, about, recipient, scheduled_for) was already recorded: that is what makes a
    retried or doubled task harmless. ``template`` names ``emails/<template>.txt`` (and
    ``.html``); its first line, after rendering, is the subject. ``context`` gets
    ``council`` (unless given), ``member``, ``reason`` (why the recipient gets it),
    ``preferences_url`` for members and, for kinds that can be turned off,
    ``unsubscribe_url``. ``scheduled_for`` defaults to now.
    """
    if not wants_email(member=member, kind=kind):
        return None
    from members.selectors import council_get

    recipient = recipient.strip().lower()
    scheduled_for = scheduled_for or timezone.now()
    headers = {}
    unsubscribe_url = ""
    if member is not None and kind not in MANDATORY_KINDS:
        unsubscribe_url = absolute_url(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(member_id=member.pk, kind=kind)])
        )
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    full_context = {
        # A caller queueing many e-mails may pass the council once (saves a query per e-mail).
        "council": context["council"] if "council" in context else council_get(),
        "member": member,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute_url(reverse("notifications:preferences")) if member is not None else "",
        "site_url": settings.SITE_URL,
        **context,
    }
    with translation.override("fr"):
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
                attachments=[a.__dict__ for a in attachments],
                headers=headers,
            )
    except IntegrityError:
        return None
    from .tasks import deliver_notification

    transaction.on_commit(lambda: deliver_notification.delay(notification.pk))
    return notification


def _still_concerned(notification: Notification) -> bool:
    """Recipients are checked when sending: a member who left or was erased gets nothing more."""
    if notification.kind in (
        NotificationKind.REGISTRATION_CONFIRMED,
        NotificationKind.WAITLIST_OFFER,
        NotificationKind.EDITION_REMINDER,
        # Invitations, login codes, password resets: asked for by (or for) the person,
        # whether or not a mandate has begun (members.adapters, members.services).
        NotificationKind.ACCOUNT,
    ):
        return True
    member = notification.member
    if member is None:
        # A member record erased since: nothing is owed any more. Invited people without
        # a member record are queued with member=None on purpose, for convocations only.
        return notification.kind == NotificationKind.CONVOCATION
    return member.is_in_mandate() and wants_email(member=member, kind=notification.kind)


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
        for attachment in notification.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
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
    from .tasks import deliver_notification

    transaction.on_commit(lambda: deliver_notification.delay(notification.pk))


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
    if kind in MANDATORY_KINDS and not by_email:
        raise ValueError(f"{kind} cannot be turned off.")
    NotificationPreference.objects.update_or_create(member=member, kind=kind, defaults={"by_email": by_email})
