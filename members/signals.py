"""Signal receivers: keep the staff second-factor flag of the session up to date; and the
``member_erased`` signal, through which upper apps learn of an erasure (members imports none).
"""

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .middleware import SESSION_KEY, staff_has_totp
from .models import Council, Member
from .selectors import council_version_bump

# Sent by ``members.services.member_erase`` inside its transaction, after the person's data
# is scrubbed, with ``member`` (the erased row) and ``names`` (the names printed before:
# full name and public name). The minutes register a receiver (``MeetingsConfig.ready``)
# that gives published documents a public rendition without the name.
member_erased = Signal()


@receiver(user_logged_in, dispatch_uid="members_staff_mfa_on_login")
def _staff_mfa_on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if user.is_staff and staff_has_totp(user):
        request.session[SESSION_KEY] = user.pk
    else:
        request.session.pop(SESSION_KEY, None)


@receiver(authenticator_added, dispatch_uid="members_staff_mfa_added")
def _staff_mfa_added(sender, request, user, authenticator, **kwargs):
    if request is not None and user.is_staff and staff_has_totp(user):
        request.session[SESSION_KEY] = user.pk


@receiver(authenticator_removed, dispatch_uid="members_staff_mfa_removed")
def _staff_mfa_removed(sender, request, user, authenticator, **kwargs):
    if request is not None and not staff_has_totp(user):
        request.session.pop(SESSION_KEY, None)


@receiver(post_save, sender=Council, dispatch_uid="members_council_saved")
@receiver(post_delete, sender=Council, dispatch_uid="members_council_deleted")
@receiver(post_save, sender=Member, dispatch_uid="members_member_saved_council")
def _council_changed(sender, **kwargs):
    """Every process re-reads the council (``council_get``): now, and once the change commits.

    A member's save counts too: the council's « dossier suivi par » prints their name.
    """
    council_version_bump()
    transaction.on_commit(council_version_bump)
