"""Writes of the workstreams app: a member joins or leaves a work axis."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from members.models import Member

from .models import Participation, Workstream, WorkstreamStatus


def _check_can_change(*, workstream: Workstream, member: Member | None) -> Member:
    if member is None:
        raise ValidationError(
            gettext(
                "Votre compte n’est relié à aucune fiche de membre du conseil\u00a0: "
                "contactez le service Participation citoyenne pour rejoindre un axe."
            ),
            code="no_member",
        )
    if workstream.status == WorkstreamStatus.CLOSED:
        # A closed axis keeps the list of those who worked on it: it is part of the record.
        raise ValidationError(
            gettext(
                "L’axe «\u00a0%(title)s\u00a0» est clos\u00a0: sa liste de participant·es ne change plus."
            )
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
    no member record) or the axis is closed.
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
