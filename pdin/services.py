"""Writes of the public programme: registrations and the waiting list, attendance, proposals.

The capacity of an edition is a hard limit enforced in the database transaction: every
write that may take a place first locks the edition's row (``SELECT … FOR UPDATE``), then
counts the places held, then inserts or updates. Two concurrent registrations for the last
place are thus serialised and the second one joins the waiting list.

Rules (from the issue's seed):

- a place is held by a confirmed registration or by an offer to a waiting person;
- registrants beyond capacity join the waiting list, in order of registration;
- a freed place is offered to the first waiting person, held ``PDIN_WAITLIST_OFFER_HOURS``
  (48 h) but never past the start of the last-minute window (00:00, Europe/Paris, the day
  before the edition), so that the offer is shorter when the edition is close;
- from the last-minute window on, no more offers are made: a registration is confirmed at
  once when a place is free, whoever is waiting;
- the same e-mail cannot hold two active registrations for one edition (case-insensitive, a
  unique index); asking again re-sends the e-mail, and the page after the form says where
  that registration stands (confirmed, or its rank on the waiting list) in the same words
  as for a new one. People far from e-mail need the outcome on the screen (issue 13); the
  price is that, on a full edition, someone who types another person's address may infer
  that this person had registered (three tries an hour per address and edition).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from cln_portal.dates import DatePrecision
from cln_portal.links import absolute_url
from cln_portal.schedule import due_at
from cln_portal.text import strip_bidi_controls
from members.services import audit_record
from notifications.services import Attachment, notification_queue

from . import audit_actions, conf
from .ical import edition_ics
from .models import (
    ACTIVE,
    HOLDS_PLACE,
    Edition,
    EventSeries,
    Proposal,
    ProposalKind,
    ProposalPublication,
    ProposalStatus,
    ProposalSupport,
    Registration,
    RegistrationStatus,
    Venue,
    new_token,
)
from .notification_kinds import (
    EDITION_REMINDER,
    PROPOSAL_PUBLISHED,
    PROPOSAL_REFUSED,
    PROPOSAL_SUPPORT_LINK,
    REGISTRATION_CONFIRMED,
    WAITLIST_OFFER,
)
from .selectors import registration_waiting_position

# --- Rules of time -------------------------------------------------------------------------


def last_minute_from(edition: Edition) -> datetime.datetime | None:
    """00:00 in Europe/Paris the day before the edition: from then on, no more offers."""
    if edition.date is None or edition.date_precision == DatePrecision.MONTH:
        return None
    day_before = edition.date - datetime.timedelta(days=1)
    return due_at(day=day_before, at=datetime.time(0, 0))


def registration_closes_at(edition: Edition) -> datetime.datetime | None:
    """When registration ends by itself: the start time, or the end of the first day without one."""
    if edition.date is None or edition.date_precision == DatePrecision.MONTH:
        return None
    if edition.has_time:
        return edition.starts_at
    return due_at(day=edition.date + datetime.timedelta(days=1), at=datetime.time(0, 0))


def registration_is_possible(edition: Edition, *, now: datetime.datetime | None = None) -> bool:
    """Open, with a capacity, a day, and not started yet."""
    now = now or timezone.now()
    closes_at = registration_closes_at(edition)
    return bool(edition.registration_open and edition.capacity and closes_at and now < closes_at)


def offer_deadline(edition: Edition, *, now: datetime.datetime) -> datetime.datetime | None:
    """Until when a place offered now is held; None when no offer can be made any more."""
    last_minute = last_minute_from(edition)
    if last_minute is None or now >= last_minute:
        return None
    return min(now + datetime.timedelta(hours=conf.offer_hours()), last_minute)


def places_held(edition: Edition) -> int:
    """Confirmed registrations plus places held by an offer."""
    return Registration.objects.filter(edition=edition, status__in=HOLDS_PLACE).count()


# --- E-mails ------------------------------------------------------------------------------


def _links(registration: Registration) -> dict:
    links = {"edition_url": absolute_url(registration.edition.get_absolute_url())}
    if registration.cancel_token:
        links["cancel_url"] = absolute_url(
            reverse("pdin:registration_cancel", args=[registration.cancel_token])
        )
    if registration.offer_token:
        links["offer_url"] = absolute_url(reverse("pdin:offer_accept", args=[registration.offer_token]))
    return links


def _queue_email(registration: Registration, **kwargs) -> object:
    """Queue an e-mail to a registrant in the language they registered in (issue 13).

    The override covers the context too: its ``reason`` (lazy) and any text computed while
    queueing read in the registrant's language, not in that of the request or task that
    happens to send it (staff's page in French, the nightly reminder). ``kwargs`` are
    ``notification_queue``'s other arguments; returns what it returns."""
    language = registration.language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return notification_queue(
            about=registration, recipient=registration.email, member=None, language=language, **kwargs
        )


def _send_status_email(registration: Registration, *, now: datetime.datetime) -> None:
    """The e-mail that tells a registrant where they stand: confirmed (with .ics) or waiting.

    Nothing for a person registered without an address (a group registered by staff): the
    mediator who brought them is told on the page."""
    if not registration.email:
        return
    edition = registration.edition
    context = {
        "registration": registration,
        "edition": edition,
        "reason": gettext_lazy("vous vous êtes inscrit·e à une édition du programme"),
        **_links(registration),
    }
    if registration.status == RegistrationStatus.CONFIRMED:
        _queue_email(
            registration,
            kind=REGISTRATION_CONFIRMED,
            template="registration_confirmed",
            context=context,
            scheduled_for=now,
            attachments=(Attachment(f"pdin-{edition.number}.ics", edition_ics(edition), "text/calendar"),),
        )
    elif registration.status == RegistrationStatus.WAITING:
        _queue_email(
            registration,
            kind=REGISTRATION_CONFIRMED,
            template="waitlist_joined",
            context={**context, "position": registration_waiting_position(registration)},
            scheduled_for=now,
        )
    elif registration.status == RegistrationStatus.OFFERED:
        _send_offer_email(registration)


def _send_offer_email(registration: Registration) -> None:
    _queue_email(
        registration,
        kind=WAITLIST_OFFER,
        template="waitlist_offer",
        context={
            "registration": registration,
            "edition": registration.edition,
            "reason": gettext_lazy("vous êtes sur la liste d’attente d’une édition du programme"),
            **_links(registration),
        },
        # Part of the notification's unique key: a retried task sends one offer e-mail.
        scheduled_for=registration.offered_at,
    )


# --- Registration -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationOutcome:
    """What ``registration_create`` did. ``created`` is False when the e-mail was already
    registered (the e-mail was sent again). Views must not word the two differently: they
    show the registration's status, whichever it is."""

    registration: Registration
    created: bool


def _lock_edition(edition_id: int) -> Edition:
    return (
        Edition.objects.select_for_update(of=("self",)).select_related("series", "venue").get(pk=edition_id)
    )


@transaction.atomic
def registration_create(
    *,
    edition_id: int,
    name: str,
    email: str,
    organisation: str = "",
    accessibility_needs: str = "",
    consent: bool,
    language: str = "",
    now: datetime.datetime | None = None,
) -> RegistrationOutcome:
    """Register a person for an edition: confirmed when a place is free, else on the waiting list.

    Locks the edition's row, counts the places held and inserts, in one transaction, so that
    the capacity is never exceeded whatever the concurrency. An e-mail already registered
    (case-insensitive) gets its e-mail again and nothing else changes, except on the day
    before: a waiting person who asks again is confirmed when a place is free.
    ``language`` is the code of the page the person registered from (``request.LANGUAGE_CODE``):
    their e-mails, now and later, are written in it; empty or unknown means French. Asking
    again from the other language switches the e-mails to it.
    Raises ``ValidationError`` (French) when registration is closed or consent is missing.
    """
    now = now or timezone.now()
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    if not consent:
        raise ValidationError(gettext("Votre accord est nécessaire pour enregistrer votre inscription."))
    edition = _lock_edition(edition_id)
    if not registration_is_possible(edition, now=now):
        raise ValidationError(gettext("Les inscriptions à cette édition sont closes."))
    email = email.strip().lower()
    held = places_held(edition)
    free = held < edition.capacity
    last_minute = now >= last_minute_from(edition)

    # People without an address (a group registered by staff) are never "the same person".
    existing = (
        Registration.objects.select_for_update()
        .filter(edition=edition, email__iexact=email, status__in=ACTIVE)
        .first()
        if email
        else None
    )
    if existing is not None:
        if existing.status == RegistrationStatus.WAITING and free and last_minute:
            existing.status = RegistrationStatus.CONFIRMED
            existing.confirmed_at = now
            existing.save(update_fields=["status", "confirmed_at"])
        if existing.language != language:
            existing.language = language
            existing.save(update_fields=["language"])
        _send_status_email(existing, now=now)
        return RegistrationOutcome(registration=existing, created=False)

    someone_waits = Registration.objects.filter(edition=edition, status=RegistrationStatus.WAITING).exists()
    confirmed = free and (last_minute or not someone_waits)
    registration = Registration(
        edition=edition,
        name=name.strip(),
        email=email,
        organisation=organisation.strip(),
        accessibility_needs=accessibility_needs.strip(),
        consent_at=now,
        created_at=now,
        language=language,
        status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
        confirmed_at=now if confirmed else None,
    )
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # Cannot happen while the edition row is locked; kept as a guard for direct writes.
        raise ValidationError(gettext("Cette inscription est déjà enregistrée.")) from None
    _send_status_email(registration, now=now)
    return RegistrationOutcome(registration=registration, created=True)


@dataclass(frozen=True)
class GroupMember:
    """One person of a group registration: ``email`` may be "" (no e-mail is sent then)."""

    name: str
    email: str = ""


@transaction.atomic
def registration_group_create(
    *,
    edition_id: int,
    people: list[GroupMember],
    organisation: str,
    actor,
    now: datetime.datetime | None = None,
) -> list[RegistrationOutcome]:
    """Staff register a group (a social centre, a library's workshop) in one go.

    Each person goes through ``registration_create`` in this order, so the same rules hold
    (places, waiting list, one active registration per address) and no rate limit applies:
    the limits protect the public form, not staff. The organisation brought them and
    collected their agreement (issue 16: a mediator registering a group). Raises
    ``ValidationError`` (French) with nothing saved when registration is closed or the list
    is empty.
    """
    if not people:
        raise ValidationError(gettext("Indiquez au moins une personne, une par ligne."))
    outcomes = [
        registration_create(
            edition_id=edition_id,
            name=person.name,
            email=person.email,
            organisation=organisation,
            consent=True,
            now=now,
        )
        for person in people
    ]
    audit_record(
        actor=actor,
        action=audit_actions.GROUP_REGISTERED,
        about=f"pdin.edition:{edition_id}",
        changes={"people": [0, len(people)], "organisation": ["", organisation]},
    )
    return outcomes


def _offer_free_places(edition: Edition, *, now: datetime.datetime) -> list[Registration]:
    """Offer each free place to the next waiting person; the edition row must be locked."""
    deadline = offer_deadline(edition, now=now)
    if deadline is None or not edition.capacity:
        return []
    free = edition.capacity - places_held(edition)
    if free <= 0:
        return []
    offered = []
    queue = Registration.objects.select_for_update().filter(
        edition=edition, status=RegistrationStatus.WAITING
    )
    for registration in queue.order_by("created_at", "pk")[:free]:
        registration.edition = edition
        if not registration.email:
            # Registered by staff with their group, without an address: nobody could answer
            # an offer, so the place is theirs at once; the staff page shows it, and staff
            # tell the organisation that brought them (issue 16, groups of a social centre).
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at"])
            offered.append(registration)
            continue
        registration.status = RegistrationStatus.OFFERED
        registration.offer_token = new_token()
        registration.offered_at = now
        registration.offer_expires_at = deadline
        registration.save(update_fields=["status", "offer_token", "offered_at", "offer_expires_at"])
        _send_offer_email(registration)
        offered.append(registration)
    return offered


def _registration_by_token(field: str, token: str) -> Registration:
    """Lock the registration's edition, then the registration; ``Registration.DoesNotExist`` when unknown."""
    if not token:
        raise Registration.DoesNotExist
    edition_id = Registration.objects.filter(**{field: token}).values_list("edition_id", flat=True).first()
    if edition_id is None:
        raise Registration.DoesNotExist
    edition = _lock_edition(edition_id)
    registration = Registration.objects.select_for_update().get(**{field: token})
    registration.edition = edition
    return registration


def _cancel_locked(registration: Registration, *, now: datetime.datetime) -> Registration:
    """Cancel ``registration`` (its edition row locked) and offer the place it held, if any.

    The one rule for "a place is given back", whoever gives it back: the person through
    their link, or staff on their page or in the admin.
    """
    if registration.status not in ACTIVE:
        return registration
    held_place = registration.status in HOLDS_PLACE
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.offer_token = None
    registration.save(update_fields=["status", "cancelled_at", "offer_token"])
    if held_place:
        _offer_places_freed(registration.edition, now=now)
    return registration


def _offer_places_freed(edition: Edition, *, now: datetime.datetime) -> list[Registration]:
    """Offer the places free in ``edition`` (row locked) while registration has not closed."""
    closes_at = registration_closes_at(edition)
    if closes_at is None or now >= closes_at:
        return []
    return _offer_free_places(edition, now=now)


@transaction.atomic
def registration_cancel(*, token: str, now: datetime.datetime | None = None) -> Registration:
    """Cancel the registration of a personal cancel link; offer its place to the next person.

    Idempotent: a second use returns the cancelled registration unchanged. The token only
    cancels (it cannot read or change anything else). Raises ``Registration.DoesNotExist``
    for an unknown token.
    """
    now = now or timezone.now()
    registration = _registration_by_token("cancel_token", token)
    return _cancel_locked(registration, now=now)


def _registration_by_pk(registration_id: int) -> Registration:
    """Lock the registration's edition, then the registration; ``Registration.DoesNotExist`` when unknown."""
    edition_id = Registration.objects.filter(pk=registration_id).values_list("edition_id", flat=True).first()
    if edition_id is None:
        raise Registration.DoesNotExist
    edition = _lock_edition(edition_id)
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    registration.edition = edition
    return registration


@transaction.atomic
def registration_cancel_by_staff(
    *, registration_id: int, actor, now: datetime.datetime | None = None
) -> Registration:
    """Staff cancel a registration (their page, the admin); the freed place goes to the waiting list.

    Same rule as the person's own cancel link (``_cancel_locked``). Idempotent: a registration
    already cancelled or expired is returned unchanged. Raises ``Registration.DoesNotExist``.
    """
    now = now or timezone.now()
    registration = _registration_by_pk(registration_id)
    if registration.status not in ACTIVE:
        return registration
    registration = _cancel_locked(registration, now=now)
    audit_record(actor=actor, action=audit_actions.REGISTRATION_CANCELLED, about=registration)
    return registration


@transaction.atomic
def registration_delete(*, registration_id: int, actor, now: datetime.datetime | None = None) -> None:
    """Staff delete a registration (the admin); a place it held goes to the waiting list.

    Does nothing for an unknown id (deleted twice).
    """
    now = now or timezone.now()
    try:
        registration = _registration_by_pk(registration_id)
    except Registration.DoesNotExist:
        return
    edition, held_place = registration.edition, registration.status in HOLDS_PLACE
    registration.delete()
    audit_record(
        actor=actor, action=audit_actions.REGISTRATION_DELETED, about=f"pdin.registration:{registration_id}"
    )
    if held_place:
        _offer_places_freed(edition, now=now)


@transaction.atomic
def offer_accept(*, token: str, now: datetime.datetime | None = None) -> Registration:
    """Confirm an offered place with the link of the offer e-mail.

    Idempotent (a second click on a confirmed offer changes nothing). Raises
    ``Registration.DoesNotExist`` for an unknown token and ``ValidationError`` (French) when
    the offer has lapsed or was withdrawn.
    """
    now = now or timezone.now()
    registration = _registration_by_token("offer_token", token)
    if registration.status == RegistrationStatus.CONFIRMED:
        return registration
    if registration.status != RegistrationStatus.OFFERED or now >= registration.offer_expires_at:
        raise ValidationError(
            gettext("Cette proposition a expiré : la place a été proposée à la personne suivante.")
        )
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.save(update_fields=["status", "confirmed_at"])
    _send_status_email(registration, now=now)
    return registration


def offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Close lapsed offers and offer their places to the next waiting people; return how many lapsed.

    One transaction per edition, with its row locked. Safe to run twice or concurrently: a
    lapsed offer is found again only while its status is still "offered". The offer's token
    is kept, so that its link says the offer has lapsed (410) rather than "not found".
    """
    now = now or timezone.now()
    edition_ids = set(
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "edition_id", flat=True
        )
    )
    lapsed = 0
    for edition_id in sorted(edition_ids):
        with transaction.atomic():
            edition = _lock_edition(edition_id)
            lapsed += Registration.objects.filter(
                edition=edition, status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
            ).update(status=RegistrationStatus.EXPIRED)
            _offer_free_places(edition, now=now)
    return lapsed


# --- Reminders and retention --------------------------------------------------------------


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue the reminder of tomorrow's editions to every confirmed registrant; return how many.

    The notification's ``scheduled_for`` is 09:00 (Europe/Paris) the day before, so running
    the task twice the same day queues nothing more (the outbox's unique key).
    """
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    scheduled_for = due_at(day=today, at=datetime.time(9, 0))
    editions = Edition.objects.filter(date=tomorrow).exclude(date_precision=DatePrecision.MONTH)
    queued = 0
    for edition in editions.select_related("series", "venue"):
        registrations = edition.registrations.filter(status=RegistrationStatus.CONFIRMED).exclude(email="")
        for registration in registrations:
            registration.edition = edition
            notification = _queue_email(
                registration,
                kind=EDITION_REMINDER,
                template="edition_reminder",
                context={
                    "registration": registration,
                    "edition": edition,
                    "reason": gettext_lazy("vous êtes inscrit·e à cette édition"),
                    **_links(registration),
                },
                scheduled_for=scheduled_for,
            )
            queued += notification is not None
    return queued


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` months, on the month's last day when it is shorter (31 Aug + 6 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def purge_due_on(edition: Edition) -> datetime.date | None:
    """The day registrants' personal data of ``edition`` are deleted (RGPD retention)."""
    last_day = edition.date_last_day
    if last_day is None:
        return None
    return _add_months(last_day, conf.retention_months()) + datetime.timedelta(days=1)


@transaction.atomic
def registrations_purge(*, today: datetime.date | None = None) -> int:
    """Blank the personal data of registrants of editions past their retention; return how many rows.

    Keeps each row's status and attendance, and the edition's participants count, so that
    counts stay true; deletes name, e-mail, organisation, accessibility needs and links.
    Safe to run twice (rows already purged are skipped).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    edition_ids = set(
        Registration.objects.filter(purged_at__isnull=True).values_list("edition_id", flat=True).distinct()
    )
    due = [
        edition.pk
        for edition in Edition.objects.filter(pk__in=edition_ids)
        if (purge_due_on(edition) or datetime.date.max) <= today
    ]
    return Registration.objects.filter(edition_id__in=due, purged_at__isnull=True).update(
        name="",
        email="",
        organisation="",
        accessibility_needs="",
        cancel_token=None,
        offer_token=None,
        purged_at=now,
    )


def proposal_purge_due_on(
    proposal: Proposal, *, editions: list[Edition] | None = None
) -> datetime.date | None:
    """The day a resident's name and address on ``proposal`` are deleted (RGPD retention), or
    ``None`` while it is not settled (waiting for moderation: staff may still need to write).

    Settled means: refused, on the refusal day; published, once the edition it was for has
    passed — the first edition of its series ending on or after the publication day — or on
    the publication (or taking-up) day when no such edition is planned yet. The data go
    ``PDIN_PROPOSAL_RETENTION_MONTHS`` months after that day. ``editions``: the series'
    editions, when the caller already has them (else one query).
    """
    if proposal.moderated_at is None or proposal.publication == ProposalPublication.PENDING:
        return None
    settled = timezone.localdate(proposal.moderated_at)
    if proposal.publication == ProposalPublication.PUBLISHED:
        if proposal.taken_up_at is not None:
            settled = max(settled, timezone.localdate(proposal.taken_up_at))
        if editions is None:
            editions = list(Edition.objects.filter(series_id=proposal.series_id))
        last_days = sorted(
            day for day in (edition.date_last_day for edition in editions) if day and day >= settled
        )
        if last_days:
            settled = last_days[0]
    return _add_months(settled, conf.proposal_retention_months()) + datetime.timedelta(days=1)


@transaction.atomic
def proposals_purge(*, today: datetime.date | None = None) -> int:
    """Blank the name and e-mail of residents' proposals past their retention; return how many.

    Keeps the proposal itself (title, why, supports, moderation); the public then reads
    « un·e habitant·e » (``show_name`` is turned off with the name). Safe to run twice
    (proposals with neither a name nor an address are skipped).
    """
    today = today or timezone.localdate()
    candidates = list(
        Proposal.objects.filter(from_public_form=True, moderated_at__isnull=False)
        .exclude(publication=ProposalPublication.PENDING)
        .exclude(proposer_name="", proposer_email="")
    )
    editions: dict[int, list[Edition]] = {}
    for edition in Edition.objects.filter(series_id__in={p.series_id for p in candidates}):
        editions.setdefault(edition.series_id, []).append(edition)
    due = [
        proposal.pk
        for proposal in candidates
        if (
            proposal_purge_due_on(proposal, editions=editions.get(proposal.series_id, []))
            or datetime.date.max
        )
        <= today
    ]
    return Proposal.objects.filter(pk__in=due).update(proposer_name="", proposer_email="", show_name=False)


# --- Staff --------------------------------------------------------------------------------


@transaction.atomic
def edition_save(*, edition: Edition, actor, now: datetime.datetime | None = None) -> list[Registration]:
    """Create or update an edition (staff page, admin); return the registrations offered a place.

    ``edition`` carries the new values (a ModelForm's ``save(commit=False)``). Its row is
    locked first, so that no registration slips in between the capacity check
    (``Edition.clean``: never below the places held) and the save. When the capacity grows,
    the places it frees go to the oldest people on the waiting list, each offered once.
    """
    now = now or timezone.now()
    if edition.pk:
        _lock_edition(edition.pk)
    edition.full_clean()
    edition.save()
    audit_record(actor=actor, action=audit_actions.EDITION_SAVED, about=edition)
    return _offer_places_freed(edition, now=now)


@transaction.atomic
def venue_save(*, venue: Venue, actor) -> Venue:
    """Create or update a venue (staff page)."""
    venue.full_clean()
    venue.save()
    audit_record(actor=actor, action=audit_actions.VENUE_SAVED, about=venue)
    return venue


@transaction.atomic
def registration_set_open(*, edition: Edition, actor, is_open: bool) -> Edition:
    """Open or close registration (staff). Opening needs a capacity; returns the edition."""
    edition = _lock_edition(edition.pk)
    if edition.registration_open == is_open:
        return edition
    if is_open and not edition.capacity:
        raise ValidationError(gettext("Indiquez d’abord le nombre de places de cette édition."))
    edition.registration_open = is_open
    edition.full_clean()
    edition.save(update_fields=["registration_open", "updated_at"])
    audit_record(
        actor=actor,
        action=audit_actions.REGISTRATION_OPENED if is_open else audit_actions.REGISTRATION_CLOSED,
        about=edition,
        changes={"registration_open": [not is_open, is_open]},
    )
    return edition


@transaction.atomic
def attendance_record(*, edition: Edition, actor, attended_ids: set[int], walk_ins: int) -> Edition:
    """Record who came (staff, on the day); sets the edition's participants count.

    ``attended_ids`` are registration ids among the confirmed ones; ``walk_ins`` counts the
    people who came without registering. participants = attended + walk-ins.
    """
    if walk_ins < 0:
        raise ValidationError(gettext("Le nombre de personnes venues sans inscription ne peut être négatif."))
    edition = _lock_edition(edition.pk)
    before = {"walk_in_count": edition.walk_in_count, "participants_count": edition.participants_count}
    confirmed = edition.registrations.filter(status=RegistrationStatus.CONFIRMED)
    confirmed.filter(pk__in=attended_ids).update(attended=True)
    confirmed.exclude(pk__in=attended_ids).update(attended=False)
    attended = confirmed.filter(attended=True).count()
    edition.walk_in_count = walk_ins
    edition.participants_count = attended + walk_ins
    edition.save(update_fields=["walk_in_count", "participants_count", "updated_at"])
    # Counts only: the registrants' names are personal data purged after the edition.
    audit_record(
        actor=actor,
        action=audit_actions.ATTENDANCE_RECORDED,
        about=edition,
        changes={name: [old, getattr(edition, name)] for name, old in before.items()},
    )
    return edition


# --- Participatory programming ------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor,
    series: EventSeries,
    kind: str,
    title: str,
    description: str = "",
    show_name: bool = False,
) -> Proposal:
    """A member proposes a theme or a venue for a coming edition of ``series``.

    ``show_name``: the member agrees that their public name (``Member.public_name``) is shown
    if staff publish the proposal; otherwise the public reads « un·e habitant·e ».
    """
    if kind not in ProposalKind.values:
        raise ValidationError(gettext("Choisissez un thème ou un lieu."))
    proposal = Proposal(
        series=series,
        kind=kind,
        title=strip_bidi_controls(title).strip(),
        description=description.strip(),
        author=actor,
        show_name=show_name,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_create_public(
    *,
    series: EventSeries,
    kind: str,
    title: str,
    description: str = "",
    name: str = "",
    email: str = "",
    show_name: bool = False,
) -> Proposal:
    """A resident proposes through the public form, without an account: the proposal waits
    for staff moderation (``ProposalPublication.PENDING``) before the public sees it.

    ``name`` and ``email`` are optional, for staff to answer; the name is shown only with
    ``show_name`` (raises ``ValidationError`` when it is asked without a name).
    """
    if kind not in ProposalKind.values:
        raise ValidationError(gettext("Choisissez un thème ou un lieu."))
    name = name.strip()
    if show_name and not name:
        raise ValidationError(
            {"proposer_name": gettext("Indiquez votre nom pour qu’il soit affiché, ou décochez la case.")}
        )
    proposal = Proposal(
        series=series,
        kind=kind,
        title=strip_bidi_controls(title).strip(),
        description=description.strip(),
        proposer_name=name,
        proposer_email=email.strip().lower(),
        show_name=show_name,
        from_public_form=True,
        publication=ProposalPublication.PENDING,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


def _tell_proposer(proposal: Proposal, *, withdrawn: bool = False) -> None:
    """E-mail a resident who proposed through the public form and left an address that staff
    published, or refused (``withdrawn``: took down after publishing), their proposal.

    In French: the proposal does not store the language of the page it came from. The
    refusal reason is not in it: the refuse form says it stays with the team.
    """
    if not (proposal.from_public_form and proposal.proposer_email):
        return
    published = proposal.publication == ProposalPublication.PUBLISHED
    notification_queue(
        kind=PROPOSAL_PUBLISHED if published else PROPOSAL_REFUSED,
        about=proposal,
        recipient=proposal.proposer_email,
        template="proposal_published" if published else "proposal_refused",
        context={
            "proposal": proposal,
            "withdrawn": withdrawn,
            "proposals_url": absolute_url(reverse("pdin:public_proposals")),
            "reason": gettext("vous avez fait une proposition sur notre site et laissé votre adresse"),
        },
        member=None,
        scheduled_for=proposal.moderated_at,
        language="fr",
    )


@transaction.atomic
def proposal_publish(*, actor, proposal: Proposal, now: datetime.datetime | None = None) -> Proposal:
    """Staff publish a proposal: the public page lists it, and visitors may support it.

    Who proposes is shown as ``Proposal.public_author`` says: a name only with the
    proposer's consent. Returns early when already published; writes an audit entry and
    e-mails a resident who left an address (``_tell_proposer``).
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.publication == ProposalPublication.PUBLISHED:
        return proposal
    before = proposal.publication
    proposal.publication = ProposalPublication.PUBLISHED
    proposal.refusal_reason = ""
    proposal.moderated_at = now or timezone.now()
    proposal.moderated_by = actor
    proposal.save(update_fields=["publication", "refusal_reason", "moderated_at", "moderated_by"])
    audit_record(
        actor=actor,
        action=audit_actions.PROPOSAL_PUBLISHED,
        about=proposal,
        changes={"publication": [before, proposal.publication]},
    )
    _tell_proposer(proposal)
    return proposal


@transaction.atomic
def proposal_refuse(
    *, actor, proposal: Proposal, reason: str, now: datetime.datetime | None = None
) -> Proposal:
    """Staff refuse a proposal (or withdraw a published one) with a reason, kept for the team.

    Raises ``ValidationError`` without a reason. Writes an audit entry; a resident who left
    an address gets one e-mail, without the reason (``_tell_proposer``).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("Indiquez le motif du refus.")})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    before = [proposal.publication, proposal.refusal_reason]
    if before == [ProposalPublication.REFUSED, reason]:
        return proposal
    proposal.publication = ProposalPublication.REFUSED
    proposal.refusal_reason = reason
    proposal.moderated_at = now or timezone.now()
    proposal.moderated_by = actor
    proposal.save(update_fields=["publication", "refusal_reason", "moderated_at", "moderated_by"])
    audit_record(
        actor=actor,
        action=audit_actions.PROPOSAL_REFUSED,
        about=proposal,
        changes={"publication": [before[0], proposal.publication], "refusal_reason": [before[1], reason]},
    )
    if before[0] != ProposalPublication.REFUSED:  # a reason reworded tells nobody again
        _tell_proposer(proposal, withdrawn=before[0] == ProposalPublication.PUBLISHED)
    return proposal


# --- Public support by e-mailed link ------------------------------------------------------

SUPPORT_SALT = "pdin.proposal-support"


def normalise_email(email: str) -> str:
    """The address as compared for « one support per address »: stripped, lower case."""
    return email.strip().lower()


def support_email_hash(email: str) -> str:
    """A keyed hash (HMAC-SHA256 under ``SECRET_KEY``, 64 hex characters) of the normalised address.

    Stored instead of the address (RGPD, data minimisation: see ``ProposalSupport``). Keyed
    rather than a bare SHA-256, which anyone could reverse by hashing a list of addresses.
    Should ``SECRET_KEY`` change, an address could support each proposal once more.
    """
    return salted_hmac(SUPPORT_SALT, normalise_email(email), algorithm="sha256").hexdigest()


def support_token(*, proposal: Proposal, email: str) -> str:
    """The signed, timestamped token of a support link: the proposal and the address's hash
    (never the address: the URL may land in a server's log)."""
    return signing.dumps({"p": proposal.pk, "h": support_email_hash(email)}, salt=SUPPORT_SALT)


@dataclass(frozen=True)
class SupportClaim:
    """What a support link says: the proposal's id, the hash of the address it was sent to,
    and whether it is older than ``PDIN_SUPPORT_LINK_HOURS``."""

    proposal_id: int
    email_hash: str
    expired: bool


def support_token_read(token: str) -> SupportClaim:
    """Read a support link's token, expired or not (the page then says which).

    Raises ``signing.BadSignature`` for anything that is not a token of ours (cut, altered).
    """
    expired = False
    try:
        data = signing.loads(
            token, salt=SUPPORT_SALT, max_age=datetime.timedelta(hours=conf.support_link_hours())
        )
    except signing.SignatureExpired:
        # The signature is good, only too old: read it again without the age check.
        expired = True
        data = signing.loads(token, salt=SUPPORT_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("h"), str):
        raise signing.BadSignature("malformed support token")
    return SupportClaim(proposal_id=data["p"], email_hash=data["h"], expired=expired)


def proposal_is_supportable(proposal: Proposal) -> bool:
    """Published and not yet taken up: the public may still support it."""
    return proposal.publication == ProposalPublication.PUBLISHED and proposal.status == ProposalStatus.OPEN


def support_link_send(*, proposal: Proposal, email: str) -> None:
    """E-mail ``email`` the link that confirms their support of ``proposal`` (a visitor, no account).

    The address goes to the outbox, like every e-mail the portal sends, and nowhere else: the
    support itself keeps only its hash. Raises ``ValidationError`` when the proposal is not
    open to supports.
    """
    if not proposal_is_supportable(proposal):
        raise ValidationError(gettext("Cette proposition n’est plus ouverte aux soutiens."))
    url = absolute_url(
        reverse("pdin:public_support_confirm", args=[support_token(proposal=proposal, email=email)])
    )
    notification_queue(
        kind=PROPOSAL_SUPPORT_LINK,
        about=proposal,
        recipient=normalise_email(email),
        template="proposal_support_link",
        context={
            "proposal": proposal,
            "confirm_url": url,
            "hours": conf.support_link_hours(),
            "reason": gettext("vous avez demandé à soutenir une proposition sur notre site"),
        },
        member=None,
    )


@transaction.atomic
def proposal_support_public(*, proposal_id: int, email_hash: str) -> bool:
    """Count a visitor's confirmed support once per address; return whether it was new.

    Raises ``ValidationError`` when the proposal is no longer open to supports (refused,
    withdrawn or taken up since the e-mail). The unique index on (proposal, hash) settles
    two clicks at once.
    """
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None or not proposal_is_supportable(proposal):
        raise ValidationError(gettext("Cette proposition n’est plus ouverte aux soutiens."))
    try:
        with transaction.atomic():
            _support, created = ProposalSupport.objects.get_or_create(
                proposal=proposal, email_hash=email_hash
            )
    except IntegrityError:  # the same link confirmed twice at the same instant
        return False
    return created


@transaction.atomic
def proposal_support(*, actor, proposal: Proposal, support: bool = True) -> bool:
    """Add (or with ``support=False`` withdraw) ``actor``'s support; return whether anything changed.

    Raises ``ValidationError`` when supporting one's own proposal or one already taken up.
    """
    if support and proposal.author_id == actor.pk:
        raise ValidationError(gettext("Vous ne pouvez pas soutenir votre propre proposition."))
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(gettext("Cette proposition a déjà été retenue."))
    if not support:
        deleted, _ = ProposalSupport.objects.filter(proposal=proposal, user=actor).delete()
        return deleted > 0
    _support, created = ProposalSupport.objects.get_or_create(proposal=proposal, user=actor)
    return created


@transaction.atomic
def proposal_take_up(*, actor, proposal: Proposal) -> Proposal:
    """Staff mark a proposal as taken up for the programme (idempotent)."""
    if proposal.status == ProposalStatus.TAKEN_UP:
        return proposal
    proposal.status = ProposalStatus.TAKEN_UP
    proposal.taken_up_at = timezone.now()
    proposal.taken_up_by = actor
    proposal.save(update_fields=["status", "taken_up_at", "taken_up_by"])
    return proposal


# --- venues -------------------------------------------------------------------------------


@transaction.atomic
def venue_create(
    *,
    actor,
    name: str,
    address: str = "",
    postal_code: str = "",
    city: str = "",
    accessibility: str = "",
    public_transport: str = "",
) -> Venue:
    """Create a venue (for an edition or a sitting) with a unique slug made from its name.

    Staff add one from the sitting form (« Nouveau lieu ») without a trip to the admin.
    Raises ``ValidationError`` (French) on a missing name.
    """
    base = slugify(name)[:90] or "lieu"
    slug, suffix = base, 2
    while Venue.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    venue = Venue(
        name=name.strip(),
        slug=slug,
        address=address.strip(),
        postal_code=postal_code.strip(),
        city=city.strip(),
        accessibility=accessibility.strip(),
        public_transport=public_transport.strip(),
    )
    return venue_save(venue=venue, actor=actor)
