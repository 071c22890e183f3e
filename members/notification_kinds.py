"""The members app's kind of e-mail, the "still concerned?" rules other apps reuse, and the
council every e-mail prints: registered with the outbox in ``MembersConfig.ready``.

The rules run at send time (``notifications.services.notification_deliver``), so what
happened between queueing and sending counts: an account deactivated by staff, a mandate
that ended, a kind turned off. PDIN registrants (registered by e-mail, account or not) have
their own rule in ``pdin.notification_kinds``.
"""

from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.services import wants_email

from .models import User
from .selectors import council_get

ACCOUNT = "account"


def account_active(notification) -> bool:
    """False when the recipient's account is deactivated (``User.is_active`` off).

    The person's account when the row names one; otherwise the account whose login is the
    recipient address (allauth's e-mails, people queued without a member record). People
    without any account are not concerned by this check.
    """
    member = notification.member
    if member is not None and member.user_id is not None:
        return member.user.is_active
    return not User.objects.filter(email__iexact=notification.recipient, is_active=False).exists()


def member_still_concerned(notification) -> bool:
    """The rule of most kinds: an active account (if any), a mandate covering today, and the
    kind not turned off.

    A member record erased since (``member`` set to NULL) is owed nothing any more.
    """
    member = notification.member
    if member is None:
        return False
    return (
        account_active(notification)
        and member.is_in_mandate()
        and wants_email(member=member, kind=notification.kind)
    )


def convened_still_concerned(notification) -> bool:
    """Convocations also go to invited people, queued without a member record (member=None):
    those need only an account that is not deactivated."""
    if notification.member is None:
        return account_active(notification)
    return member_still_concerned(notification)


def register() -> None:

    registry.register(
        registry.KindSpec(
            ACCOUNT,
            _("compte et invitation"),
            mandatory=True,
            preferences_order=100,
            # Invitations, login codes, password resets: asked for by (or for) the person,
            # whether or not a mandate has begun; never to a deactivated account.
            still_concerned=account_active,
        )
    )
    registry.register_context("council", council_get)
