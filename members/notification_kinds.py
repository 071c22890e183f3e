"""The members app's kind of e-mail, the "still concerned?" rules other apps reuse, and the
council every e-mail prints: registered with the outbox in ``MembersConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.services import wants_email

from .selectors import council_get

ACCOUNT = "account"


def member_still_concerned(notification) -> bool:
    """The rule of most kinds: the member is still in mandate and has not turned the kind off.

    A member record erased since (``member`` set to NULL) is owed nothing any more.
    """
    member = notification.member
    if member is None:
        return False
    return member.is_in_mandate() and wants_email(member=member, kind=notification.kind)


def convened_still_concerned(notification) -> bool:
    """Convocations also go to invited people without a member record (queued with member=None)."""
    return notification.member is None or member_still_concerned(notification)


def register() -> None:

    registry.register(
        registry.KindSpec(
            ACCOUNT,
            _("compte et invitation"),
            mandatory=True,
            preferences_order=100,
            # Invitations, login codes, password resets: asked for by (or for) the person,
            # whether or not a mandate has begun.
            still_concerned=registry.always,
        )
    )
    registry.register_context("council", council_get)
