"""Writes of the members app: people, mandates, invitations, personal-data rights, audit.

Every function takes keyword arguments, runs in a transaction, validates with
``full_clean()`` and raises ``ValidationError`` with a French message. ``actor`` is the
account doing it (``None`` for the system); every change to a person or a role writes an
``AuditEntry`` (who, when, what), as the members and accounts issue asks.
"""

import datetime
import hashlib
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cln_portal.links import absolute_url
from notifications.models import Notification, NotificationPreference
from notifications.services import about_key, notification_queue

from .models import (
    COUNCIL_ROLES,
    AuditAction,
    AuditEntry,
    ErasureRequest,
    ErasureStatus,
    Invitation,
    InvitationStatus,
    MandatePeriod,
    Member,
    Role,
    User,
)
from .notification_kinds import ACCOUNT
from .signals import member_erased

GROUP_MEMBERS = "membres"
GROUP_STAFF = "équipe"

# Fields whose values are personal data: scrubbed from the audit history on erasure.
PERSONAL_FIELDS = frozenset({"first_name", "last_name", "contact_email", "phone", "email", "position"})

# Fields of a person that staff edit (and that the audit history follows).
MEMBER_FIELDS = (
    "first_name",
    "last_name",
    "title_form",
    "role",
    "sector",
    "position",
    "organisation",
    "contact_email",
    "phone",
    "wants_paper",
)


def _json(value: Any) -> Any:
    """A value as it is stored in ``AuditEntry.changes`` (JSON)."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return _("système")
    return actor.get_full_name()


def audit_record(
    *,
    actor: User | None,
    action: str,
    member: Member | None = None,
    about: models.Model | str | None = None,
    changes: dict | None = None,
) -> AuditEntry:
    """Write one entry of the audit history: the one writer for every app.

    ``action`` is a value registered in ``members.audit`` (by the app that writes it);
    ``member`` the person concerned, if any; ``about`` the object concerned, if any (a
    model instance, or its "app_label.model:pk" key); ``changes`` maps a field to
    ``[old, new]``. ``actor`` is the account who did it, ``None`` for the system.
    The ``notifications`` app, below this one, reaches it through
    ``notifications.registry.register_audit_writer`` (see ``MembersConfig.ready``).
    """
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=_actor_label(actor)[:200],
        member=member,
        action=action,
        about=about_key(about) if about is not None else "",
        changes={k: [_json(v[0]), _json(v[1])] for k, v in (changes or {}).items()},
    )


# The permissions each group carries (also created by migration 0004_groups).
GROUP_PERMISSIONS = {
    GROUP_MEMBERS: ["view_member"],
    GROUP_STAFF: [
        "view_member",
        "add_member",
        "change_member",
        "view_invitation",
        "add_invitation",
        "view_auditentry",
        "view_erasurerequest",
        "change_erasurerequest",
        "view_mandateperiod",
    ],
}


def groups_ensure() -> dict[str, Group]:
    """The ``membres`` and ``équipe`` groups, created with their permissions when missing."""
    groups = {}
    for name, codenames in GROUP_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="members", codename__in=codenames)
            )
        groups[name] = group
    return groups


def access_sync(*, user: User, member: Member | None) -> None:
    """Put the account in the groups its person's role gives: ``membres`` and/or ``équipe``.

    A chargé·e de mission gets ``is_staff``; leaving that role removes it (not from a
    superuser, who keeps staff rights by definition).
    """
    if member is not None:
        if member.role == Role.OFFICER and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        elif member.role != Role.OFFICER and user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    groups = groups_ensure()
    wanted = {
        GROUP_MEMBERS: member is not None and member.role in COUNCIL_ROLES,
        GROUP_STAFF: user.is_staff,
    }
    for name, wanted_in in wanted.items():
        group = groups[name]
        if wanted_in:
            user.groups.add(group)
        else:
            user.groups.remove(group)


# -- People


@transaction.atomic
def member_create(
    *,
    actor: User | None,
    first_name: str,
    last_name: str,
    role: str,
    sector: str = "",
    title_form: str = "x",
    position: str = "",
    organisation: str = "",
    contact_email: str = "",
    phone: str = "",
    mandate_start: datetime.date | None = None,
) -> Member:
    """Record a person: a council member, staff, or an invited person without account (no mandate)."""
    member = Member(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        sector=sector,
        title_form=title_form,
        position=position.strip(),
        organisation=organisation.strip(),
        contact_email=contact_email.strip().lower(),
        phone=phone.strip(),
        mandate_start=mandate_start,
    )
    if member.role == Role.COUNCILLOR and not member.sector:
        raise ValidationError(
            {"sector": _("Un·e conseiller·ère est tiré·e au sort dans un secteur : indiquez-le.")}
        )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        member=member,
        action=AuditAction.CREATED,
        changes={
            name: [None, getattr(member, name)]
            for name in (*MEMBER_FIELDS, "mandate_start")
            if getattr(member, name)
        },
    )
    return member


@transaction.atomic
def member_update(*, actor: User | None, member: Member, **values: Any) -> Member:
    """Change a person's fields (those of ``MEMBER_FIELDS``); returns early when nothing changes.

    A change of role is audited as such and updates the account's staff rights and groups.
    """
    unknown = set(values) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    if "contact_email" in values:
        values["contact_email"] = values["contact_email"].strip().lower()
    changes = {
        name: [getattr(member, name), value]
        for name, value in values.items()
        if getattr(member, name) != value
    }
    if not changes:
        return member
    for name, (_old, new) in changes.items():
        setattr(member, name, new)
    if member.role == Role.COUNCILLOR and not member.sector:
        raise ValidationError(
            {"sector": _("Un·e conseiller·ère est tiré·e au sort dans un secteur : indiquez-le.")}
        )
    member.full_clean()
    member.save()
    if "contact_email" in changes:
        _invitations_supersede_elsewhere(member=member, email=member.contact_email)
    action = AuditAction.ROLE_CHANGED if "role" in changes else AuditAction.UPDATED
    audit_record(actor=actor, member=member, action=action, changes=changes)
    if member.user_id and "role" in changes:
        was_staff = member.user.is_staff
        access_sync(user=member.user, member=member)
        if member.user.is_staff != was_staff:
            audit_record(
                actor=actor,
                member=member,
                action=AuditAction.STAFF_CHANGED,
                changes={"is_staff": [was_staff, member.user.is_staff]},
            )
    return member


@transaction.atomic
def member_set_preferences(
    *,
    actor: User | None,
    member: Member,
    name_public: bool,
    contact_visible: bool,
    contact_email: str,
    phone: str,
) -> Member:
    """A person's own choices: publish their name (dated), show contact details in the directory."""
    changes = {}
    now = timezone.now()
    contact_email = contact_email.strip().lower()
    phone = phone.strip()
    for name, value in (
        ("name_public", name_public),
        ("contact_visible", contact_visible),
        ("contact_email", contact_email),
        ("phone", phone),
    ):
        if getattr(member, name) != value:
            changes[name] = [getattr(member, name), value]
            setattr(member, name, value)
    if not changes:
        return member
    if "name_public" in changes:
        # The choice is dated (RGPD: consent must be demonstrable).
        member.name_public_since = now
    member.full_clean()
    member.save()
    audit_record(actor=actor, member=member, action=AuditAction.CONSENT_CHANGED, changes=changes)
    return member


def user_language_set(*, user: User, language: str) -> bool:
    """Save the language ``user`` chose with the switch; return whether it changed.

    ``language`` is a code of ``settings.LANGUAGES`` (raises ``ValidationError`` otherwise).
    Pages follow it on every device the person logs in from (``members.middleware``) and
    the outbox renders their e-mails in it (``notifications.services.recipient_language``).
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Cette langue n’est pas proposée."))
    if user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True


# -- Mandates


@transaction.atomic
def mandate_end(*, actor: User | None, member: Member, on: datetime.date, reason: str) -> Member:
    """End the current mandate on ``on`` (last day in office) for ``reason``.

    From the next day the person reaches no member page and gets no council e-mail,
    yet stays in past attendance lists and minutes as they were.
    """
    if member.mandate_start is None:
        raise ValidationError(_("Cette personne n’a pas de mandat en cours."))
    if member.mandate_end is not None and member.mandate_end < on:
        raise ValidationError(
            _("Ce mandat a déjà pris fin le %(date)s.") % {"date": member.mandate_end.strftime("%d/%m/%Y")}
        )
    if on < member.mandate_start:
        raise ValidationError(
            _("La fin du mandat ne peut précéder son début (%(date)s).")
            % {"date": member.mandate_start.strftime("%d/%m/%Y")}
        )
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif de fin de mandat."))
    changes = {
        "mandate_end": [member.mandate_end, on],
        "mandate_end_reason": [member.mandate_end_reason, reason.strip()],
    }
    member.mandate_end = on
    member.mandate_end_reason = reason.strip()
    member.full_clean()
    member.save()
    audit_record(actor=actor, member=member, action=AuditAction.MANDATE_ENDED, changes=changes)
    return member


@transaction.atomic
def mandate_start(*, actor: User | None, member: Member, start: datetime.date) -> Member:
    """Start a new mandate on ``start``; a previous, ended mandate is kept as a ``MandatePeriod``."""
    if member.mandate_start is not None:
        if member.mandate_end is None:
            raise ValidationError(_("Cette personne a déjà un mandat en cours."))
        if start <= member.mandate_end:
            raise ValidationError(_("Le nouveau mandat doit commencer après la fin du précédent."))
        MandatePeriod.objects.create(
            member=member,
            start=member.mandate_start,
            end=member.mandate_end,
            end_reason=member.mandate_end_reason,
        )
    changes = {"mandate_start": [member.mandate_start, start], "mandate_end": [member.mandate_end, None]}
    member.mandate_start = start
    member.mandate_end = None
    member.mandate_end_reason = ""
    member.full_clean()
    member.save()
    audit_record(actor=actor, member=member, action=AuditAction.MANDATE_STARTED, changes=changes)
    return member


# -- Invitations


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitations_supersede_elsewhere(*, member: Member, email: str) -> int:
    """Stop the person's unused links sent to another address than ``email`` (a corrected typo):
    the mistyped mailbox must not be able to create the account. Returns how many."""
    return (
        member.invitations.filter(used_at__isnull=True, superseded_at__isnull=True)
        .exclude(email__iexact=email)
        .update(superseded_at=timezone.now())
    )


def email_taken(email: str, *, member: Member | None = None) -> str | None:
    """Why ``email`` cannot be invited (a French message), or None. The one rule, used by the
    single invitation, the re-send and the CSV import alike.

    Taken: an account has it (other than ``member``'s own), or another person's invitation
    to it is pending (not used, not superseded, not expired: an expired link frees the
    address). ``email`` is compared case-insensitively.
    """
    user = User.objects.filter(email__iexact=email).select_related("member").first()
    if user is not None and (member is None or getattr(user, "member", None) != member):
        return _("L’adresse %(email)s a déjà un compte.") % {"email": email}
    others = Invitation.objects.filter(
        email__iexact=email, used_at__isnull=True, superseded_at__isnull=True, expires_at__gt=timezone.now()
    )
    if member is not None:
        others = others.exclude(member=member)
    if others.exists():
        return _(
            "Une invitation est déjà en attente pour l’adresse %(email)s : "
            "renvoyez-la depuis la liste des invitations."
        ) % {"email": email}
    return None


@transaction.atomic
def invitation_send(*, actor: User | None, member: Member, email: str) -> tuple[Invitation, str]:
    """Send ``member`` a single-use link to create their account; return the invitation and its token.

    Older pending invitations of the person are marked superseded, so only the newest
    link works. The e-mail goes through the outbox (kind ACCOUNT, one notification per
    invitation). Raises ``ValidationError`` when the address already has an account or
    another person's pending invitation, or when the person already has an account.
    """
    email = email.strip().lower()
    if member.user_id is not None:
        raise ValidationError(_("%(name)s a déjà un compte.") % {"name": member.full_name})
    if member.erased_at:
        raise ValidationError(_("Les données de cette personne ont été effacées."))
    problem = email_taken(email, member=member)
    if problem:
        raise ValidationError(problem)
    now = timezone.now()
    # A link already stopped by an address correction still makes this a re-send.
    resent = member.invitations.exists()
    older = list(
        member.invitations.select_for_update().filter(used_at__isnull=True, superseded_at__isnull=True)
    )
    Invitation.objects.filter(pk__in=[i.pk for i in older]).update(superseded_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        member=member,
        email=email,
        token_hash=_token_hash(token),
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.MEMBERS_INVITATION_VALIDITY_DAYS),
        created_by=actor,
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        member=member,
        action=AuditAction.INVITATION_RESENT if resent else AuditAction.INVITED,
        changes={"email": [None, email]},
    )
    notification_queue(
        kind=ACCOUNT,
        about=invitation,
        recipient=email,
        member=member,
        template="invitation",
        context={
            "invitation": invitation,
            "person": member,
            "url": absolute_url(reverse("public:invitation", args=[token])),
            "reason": _("le service Participation citoyenne vous invite à créer votre compte"),
        },
    )
    return invitation, token


@transaction.atomic
def invitation_resend(*, actor: User | None, invitation: Invitation) -> tuple[Invitation, str]:
    """A new link to the same person; every older link stops working.

    It goes to the person's contact address as it is now, so that an address corrected on
    the person's record after a typo gets the link, not the mistyped one again.
    """
    member = invitation.member
    return invitation_send(actor=actor, member=member, email=member.contact_email or invitation.email)


@transaction.atomic
def person_invite(
    *,
    actor: User | None,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    sector: str = "",
    mandate_start: datetime.date | None = None,
    title_form: str = "x",
) -> tuple[Invitation, str]:
    """Record a new person and invite them (the chargé de mission's "Inviter" form).

    Inviting again a person already invited and still without account (same first and last
    name, case-insensitive) corrects their address and sends them a new link, which stops
    every earlier one: no second person, and a mistyped mailbox keeps no working link.
    """
    email = email.strip().lower()
    earlier = (
        Member.objects.filter(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            user__isnull=True,
            erased_at__isnull=True,
            invitations__used_at__isnull=True,
        )
        .distinct()
        .first()
    )
    if earlier is not None:
        problem = email_taken(email, member=earlier)
        if problem:
            raise ValidationError({"email": problem})
        member_update(actor=actor, member=earlier, contact_email=email)
        return invitation_send(actor=actor, member=earlier, email=email)
    problem = email_taken(email)
    if problem:
        raise ValidationError({"email": problem})
    member = member_create(
        actor=actor,
        first_name=first_name,
        last_name=last_name,
        role=role,
        sector=sector,
        title_form=title_form,
        contact_email=email,
        mandate_start=mandate_start,
    )
    return invitation_send(actor=actor, member=member, email=email)


def invitation_find(token: str) -> Invitation | None:
    """The invitation of a raw token (whatever its status), or None."""
    return Invitation.objects.select_related("member").filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Use an invitation: create the account with ``password`` and link it to the person.

    The link works once: the row is locked, checked and marked used in one transaction.
    Raises ``ValidationError`` when the link is unknown, used, superseded or expired.
    The address counts as verified (the person received the link there).
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("member")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("Ce lien d’invitation n’existe pas."))
    status = invitation.status
    if status != InvitationStatus.PENDING:
        raise ValidationError(invitation_problem(status))
    member = invitation.member
    if member.user_id is not None or User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("Un compte existe déjà pour cette personne : connectez-vous."))
    user = User(email=invitation.email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    member.user = user
    member.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    access_sync(user=user, member=member)
    audit_record(
        actor=user,
        member=member,
        action=AuditAction.INVITATION_ACCEPTED,
        changes={"email": [None, user.email]},
    )
    return user


def invitation_problem(status: str) -> str:
    """The French explanation of an unusable invitation link."""
    return {
        InvitationStatus.USED: _("Ce lien d’invitation a déjà servi : votre compte existe, connectez-vous."),
        InvitationStatus.SUPERSEDED: _(
            "Ce lien d’invitation a été remplacé par un envoi plus récent : utilisez le dernier e-mail reçu."
        ),
        InvitationStatus.EXPIRED: _(
            "Ce lien d’invitation a expiré. Demandez un nouvel envoi au service Participation citoyenne."
        ),
    }.get(status, _("Ce lien d’invitation n’est pas valable."))


# -- Personal data rights (RGPD)


@transaction.atomic
def erasure_request(*, actor: User, member: Member) -> ErasureRequest:
    """A person asks for the erasure of their data; staff confirm (``erasure_decide``)."""
    if member.erased_at:
        raise ValidationError(_("Vos données ont déjà été effacées."))
    pending = member.erasure_requests.filter(status=ErasureStatus.PENDING).first()
    if pending is not None:
        return pending
    request = ErasureRequest.objects.create(member=member)
    audit_record(actor=actor, member=member, action=AuditAction.ERASURE_REQUESTED)
    return request


@transaction.atomic
def erasure_decide(
    *, actor: User, request: ErasureRequest, confirm: bool, answer: str = ""
) -> ErasureRequest:
    """Staff confirm (the data goes, see ``member_erase``) or refuse (with an answer) a request."""
    request = ErasureRequest.objects.select_for_update().select_related("member").get(pk=request.pk)
    if request.status != ErasureStatus.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    if not confirm and not answer.strip():
        raise ValidationError(_("Expliquez à la personne pourquoi sa demande est refusée."))
    request.status = ErasureStatus.CONFIRMED if confirm else ErasureStatus.REFUSED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.answer = answer.strip()
    request.save()
    if confirm:
        member_erase(actor=actor, member=request.member)
    else:
        audit_record(actor=actor, member=request.member, action=AuditAction.ERASURE_REFUSED)
    return request


@transaction.atomic
def member_erase(*, actor: User | None, member: Member) -> Member:
    """Erase a person's account and contact data, keeping what the council's records need.

    Goes: the account (and with it allauth's addresses, authenticators, sessions' use),
    names, contact details, invitations, notification choices, queued or sent e-mails,
    personal values in the audit history. Stays: the sector, role and mandate dates, and
    past attendance, proposals and questions, which now print "ancien·ne membre, secteur
    Nord" (``Member.anonymised_label``). A mandate still running ends yesterday.
    Documents already published are records of the council (RGPD art. 17(3)): the apps
    that hold them get ``members.signals.member_erased`` to give them a public rendition
    without the name, keeping the original for the record.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.erased_at:
        return member
    # The mandate's last day is yesterday: from today the person is no longer in office.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if member.mandate_start is not None and (member.mandate_end is None or member.mandate_end > yesterday):
        member.mandate_end = max(yesterday, member.mandate_start)
        member.mandate_end_reason = _("effacement des données à la demande de la personne")
    # What documents printed before: upper apps replace it (members.signals.member_erased).
    names = sorted({member.full_name, member.public_name})
    user = member.user
    member.user = None
    member.erased_at = timezone.now()
    member.first_name = _("ancien·ne membre")
    member.last_name = member.get_sector_display() if member.sector else "–"
    member.contact_email = ""
    member.phone = ""
    member.position = ""
    member.organisation = ""
    member.name_public = False
    member.name_public_since = None
    member.contact_visible = False
    member.save()
    if user is not None:
        # Entries the person wrote themselves (their consent, their invitation) keep no name.
        AuditEntry.objects.filter(actor=user).update(actor_label=member.anonymised_label)
        Notification.objects.filter(recipient__iexact=user.email).delete()
        user.delete()
    Notification.objects.filter(member=member).delete()
    NotificationPreference.objects.filter(member=member).delete()
    member.invitations.all().delete()
    for entry in member.audit_entries.all():
        scrubbed = {k: (["–", "–"] if k in PERSONAL_FIELDS else v) for k, v in entry.changes.items()}
        if scrubbed != entry.changes:
            entry.changes = scrubbed
            entry.save(update_fields=["changes"])
    audit_record(actor=actor, member=member, action=AuditAction.ERASED)
    member_erased.send(sender=Member, member=member, names=names)
    return member


@transaction.atomic
def accounts_expire_after_mandate(*, today: datetime.date | None = None) -> int:
    """Delete the account and contact data of people whose mandate ended long enough ago.

    The legal page promises it: account (e-mail, password), contact details and the
    publication choice are kept ``PERSONAL_DATA_RETENTION["account_months_after_mandate"]``
    months (31 days each, so never early) after the end of the last mandate (RGPD, storage
    limitation). Names, sector, role and mandate dates stay: past attendance and minutes
    are the council's records. People without a mandate (invited guests) and members in
    mandate are untouched. Returns how many people lost their account or contact data;
    safe to run twice (the second run finds nothing left).
    """
    today = today or timezone.localdate()
    months = settings.PERSONAL_DATA_RETENTION["account_months_after_mandate"]
    cutoff = today - datetime.timedelta(days=31 * months)
    expired = (
        Member.objects.select_for_update(of=("self",))
        .filter(mandate_end__lt=cutoff, erased_at__isnull=True)
        .exclude(user__isnull=True, contact_email="", phone="")
        .select_related("user")
    )
    count = 0
    for member in expired:
        user = member.user
        changes = {"contact_email": [member.contact_email, ""], "phone": [member.phone, ""]}
        member.user = None
        member.contact_email = ""
        member.phone = ""
        member.contact_visible = False
        member.name_public = False
        member.name_public_since = None
        member.save()
        NotificationPreference.objects.filter(member=member).delete()
        if user is not None:
            changes["account"] = [user.email, ""]
            Notification.objects.filter(recipient__iexact=user.email).delete()
            user.delete()
        audit_record(actor=None, member=member, action=AuditAction.ACCOUNT_EXPIRED, changes=changes)
        count += 1
    return count
