"""Writes about sittings before and during the sitting: the sitting itself, its convocation
and the answers to it (RSVP), the attendance sheet, the quorum and the reminders.

The minutes (comptes-rendus) have their own services; this module never writes them (it
only reads whether they are published, which closes the attendance sheet).
Times are aware datetimes; the council's wall clock is Europe/Paris (``settings.TIME_ZONE``).
"""

import datetime
import math
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, ngettext

from cln_portal.dates import format_datetime_fr, format_time_fr
from cln_portal.links import absolute_url
from cln_portal.schedule import due_reminders
from members.models import Member, Role, TitleForm
from members.selectors import council_get
from members.services import audit_record
from notifications.models import Notification
from notifications.services import Attachment, about_key, notification_queue

from .. import audit_actions
from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    InvitationAnswer,
    Meeting,
    MeetingInvitation,
    MeetingKind,
    Minutes,
    MinutesStatus,
    QuorumRule,
)
from ..notification_kinds import CONVOCATION, MEETING_REMINDER
from .agenda import agenda_presented_answers_record

RSVP_SALT = "sessions.meeting_rsvp"


# --- people -------------------------------------------------------------------------------


def convened_members(*, meeting: Meeting) -> QuerySet[Member]:
    """Who a sitting convenes by default, in mandate on its day.

    The council's members, except for a working group on an axis: that axis' participants
    (``workstreams.models.Participation``), plus the whole council when staff ticked
    ``convene_council``.
    """
    on = meeting.date
    if meeting.kind == MeetingKind.WORKING_GROUP and meeting.workstream_id and not meeting.convene_council:
        return Member.objects.in_mandate(on).filter(participations__workstream_id=meeting.workstream_id)
    return Member.objects.council_in_mandate(on)


def no_email_reason(member: Member, *, is_guest: bool, on: datetime.date) -> str:
    """Why the convocation of ``member`` to a sitting on ``on`` goes on paper or not at all; "" for e-mail.

    Reads ``member.user``: select it where many people are iterated.
    """
    if not is_guest and not member.is_in_mandate(on):
        return gettext("ancien·ne membre : pas de mandat à la date de la séance")
    if member.wants_paper:
        return gettext("a demandé ses convocations sur papier")
    if not member.email_address:
        return gettext("pas d’adresse e-mail")
    return ""


def gets_paper(member: Member, *, is_guest: bool, on: datetime.date) -> bool:
    """Whether a paper letter is owed: no address, or asked for paper (former members get none)."""
    if not is_guest and not member.is_in_mandate(on):
        return False
    return member.wants_paper or not member.email_address


@dataclass(frozen=True)
class AgendaEntry:
    """One item of the agenda as typed in the form, in order."""

    title: str
    workstream: object = None
    # The existing item this line edits (its pk, from the form's hidden field): an item
    # added from a suggestion keeps its link to the question or proposal whatever moves.
    item: int | None = None


@dataclass(frozen=True)
class GuestData:
    """An invited person to create (a service, a partner): no account, no mandate."""

    first_name: str
    last_name: str
    position: str = ""
    organisation: str = ""
    email: str = ""


def _guest_create(data: GuestData) -> Member:
    member = Member(
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        role=Role.GUEST,
        title_form=TitleForm.INCLUSIVE,
        position=data.position.strip(),
        organisation=data.organisation.strip(),
        contact_email=data.email.strip().lower(),
    )
    member.full_clean()
    member.save()
    return member


# --- the sitting --------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    actor,
    meeting: Meeting,
    agenda: Sequence[AgendaEntry],
    invited: Iterable[Member] = (),
    new_guests: Sequence[GuestData] = (),
) -> Meeting:
    """Create or update a sitting with its agenda (in the given order) and invited people.

    ``invited`` is the full list of invited people (guests); guests no longer listed lose
    their invitation, unless they have already answered. ``new_guests`` are created as
    people without account (role "invité·e") and invited. Members in mandate are not
    listed here: the convocation invites them all. Raises ``ValidationError`` (French).
    """
    created = meeting.pk is None
    meeting.full_clean()
    meeting.save()

    existing = list(meeting.agenda_items.order_by("order", "pk"))
    by_pk = {item.pk: item for item in existing}
    named = {entry.item for entry in agenda if entry.item in by_pk}
    # Lines that name no item reuse, in order, the items that are named by none and carry
    # no link: a suggestion's link never moves to another line's title.
    free = [i for i in existing if i.pk not in named and i.question_id is None and i.pdin_proposal_id is None]
    kept = set()
    for order, entry in enumerate(agenda):
        if entry.item in by_pk and entry.item not in kept:
            item = by_pk[entry.item]
        elif free:
            item = free.pop(0)
        else:
            item = AgendaItem(meeting=meeting)
        kept.add(item.pk)
        if item.pk and (item.title, item.workstream_id, item.order) == (
            entry.title,
            getattr(entry.workstream, "pk", None),
            order,
        ):
            continue
        item.title, item.workstream, item.order = entry.title, entry.workstream, order
        item.full_clean()
        item.save()
    for item in existing:
        if item.pk not in kept:
            item.delete()

    guests = {member.pk: member for member in invited}
    for data in new_guests:
        member = _guest_create(data)
        guests[member.pk] = member
    for member in guests.values():
        MeetingInvitation.objects.get_or_create(meeting=meeting, member=member, defaults={"is_guest": True})
    meeting.invitations.filter(is_guest=True, answer=InvitationAnswer.PENDING).exclude(
        member_id__in=guests.keys()
    ).delete()
    audit_record(
        actor=actor,
        action=audit_actions.MEETING_SAVED,
        about=meeting,
        changes={"starts_at": [None, meeting.starts_at]} if created else None,
    )
    return meeting


# --- convocation --------------------------------------------------------------------------


def rsvp_token(invitation: MeetingInvitation) -> str:
    """A signed token that lets one person answer one convocation without logging in."""
    return signing.dumps({"i": invitation.pk, "m": invitation.member_id}, salt=RSVP_SALT)


def rsvp_invitation_from_token(token: str) -> MeetingInvitation:
    """The invitation a token names; raises ``signing.BadSignature`` or ``DoesNotExist``."""
    data = signing.loads(token, salt=RSVP_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        raise signing.BadSignature("Malformed RSVP token.")
    return MeetingInvitation.objects.select_related("meeting__venue", "member").get(
        pk=data["i"], member_id=data.get("m")
    )


def rsvp_url(invitation: MeetingInvitation) -> str:
    """The absolute link of the answer page, as printed in e-mails."""
    return absolute_url(reverse("meetings:meeting_rsvp", args=[rsvp_token(invitation)]))


def meeting_when_display(meeting: Meeting) -> str:
    """ "lundi 30 mars 2026 à 18 h", then " – 20 h" when the sitting has an end on the same day."""
    text = format_datetime_fr(meeting.starts_at)
    if meeting.ends_at:
        paris = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        if meeting.ends_at.astimezone(paris).date() == meeting.starts_at.astimezone(paris).date():
            text += gettext(" – %(end)s") % {"end": format_time_fr(meeting.ends_at)}
    return text


# Written when each e-mail is rendered, in its recipient's language.
meeting_when_lazy = lazy(meeting_when_display, str)


def meeting_place_display(meeting: Meeting) -> str:
    """The venue's name and address on one line; "" without a venue."""
    venue = meeting.venue
    if venue is None:
        return ""
    return ", ".join(part for part in (venue.name, venue.full_address) if part)


def meeting_ics(*, meeting: Meeting) -> str:
    """The sitting as an iCalendar file (text), with the Europe/Paris VTIMEZONE.

    DTSTART/DTEND carry ``TZID=Europe/Paris`` so that calendars keep the wall-clock time
    across daylight saving; the UID is stable ("seance-12@host") and SEQUENCE follows
    ``meeting.convocation_sequence``, so a re-sent convocation updates the same event.
    A sitting without end lasts two hours in the file.
    """
    paris = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    council = council_get()
    host = urlsplit(settings.SITE_URL).hostname or "cln.example.org"
    starts_at = meeting.starts_at.astimezone(paris)
    ends_at = (meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2)).astimezone(paris)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Conseil local du numerique//Portail CLN//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"seance-{meeting.pk}@{host}")
    event.add("sequence", meeting.convocation_sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    prefix = council.short_name if council else "CLN"
    event.add("summary", f"{prefix} – {meeting}")
    place = meeting_place_display(meeting)
    if place:
        event.add("location", place)
    items = list(meeting.agenda_items.order_by("order", "pk"))
    lines = [gettext("Ordre du jour :")] + [f"{n}. {item.title}" for n, item in enumerate(items, 1)]
    event.add("description", "\n".join(lines) if items else str(meeting))
    if council and council.email:
        organizer = icalendar.vCalAddress(f"mailto:{council.email}")
        organizer.params["cn"] = icalendar.vText(council.name)
        event.add("organizer", organizer)
    event.add("status", "CONFIRMED")
    event.add("url", absolute_url("/"))
    calendar.add_component(event)
    # Only the transitions around the sitting: a compact VTIMEZONE every client reads.
    calendar.add_missing_timezones(
        first_date=datetime.date(starts_at.year - 1, 1, 1), last_date=datetime.date(starts_at.year + 2, 1, 1)
    )
    return calendar.to_ical().decode()


def _invite_council(meeting: Meeting) -> None:
    invited = set(meeting.invitations.values_list("member_id", flat=True))
    MeetingInvitation.objects.bulk_create(
        [
            MeetingInvitation(meeting=meeting, member=member)
            for member in convened_members(meeting=meeting)
            if member.pk not in invited
        ]
    )


def convocation_subject(*, meeting: Meeting, resend: bool = False) -> str:
    """The subject line of the convocation e-mail (same words as ``emails/convocation.txt``)."""
    if resend:
        return gettext("Convocation mise à jour – %(meeting)s") % {"meeting": meeting}
    return gettext("Convocation – %(meeting)s") % {"meeting": meeting}


@dataclass
class ConvocationResult:
    """What ``convocation_send`` did: e-mails queued, and the people it wrote no e-mail to.

    ``without_address`` holds every person left out, ``reasons`` maps their pk to why
    (``no_email_reason``).
    """

    sent: int
    without_address: list
    reasons: dict = field(default_factory=dict)


@transaction.atomic
def convocation_send(*, meeting: Meeting, actor, resend: bool = False) -> ConvocationResult:
    """Invite every member in mandate and e-mail the convocation, with its .ics, to those not convoked yet.

    ``resend`` e-mails everyone again (the sitting changed): the calendar file gets a
    higher SEQUENCE and replaces the event in calendars. Invited people get the same
    e-mail when they have an address. Each recipient's link lets them answer without
    logging in. Safe to call twice: people already convoked are skipped (unless
    ``resend``). Raises ``ValidationError`` once the sitting has started, or without venue.
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("venue").get(pk=meeting.pk)
    now = timezone.now()
    if meeting.starts_at <= now:
        raise ValidationError(gettext("La séance a commencé : la convocation ne peut plus être envoyée."))
    if meeting.venue is None:
        raise ValidationError(gettext("Indiquez le lieu de la séance avant d’envoyer la convocation."))
    _invite_council(meeting)
    if resend:
        meeting.convocation_sequence += 1
    meeting.convocation_sent_at = now
    meeting.save(update_fields=["convocation_sent_at", "convocation_sequence"])

    invitations = meeting.invitations.select_related("member__user")
    if not resend:
        invitations = invitations.filter(convoked_at__isnull=True)
    agenda = list(meeting.agenda_items.select_related("workstream").order_by("order", "pk"))
    attachment = Attachment(
        filename="convocation.ics", content=meeting_ics(meeting=meeting), mimetype="text/calendar"
    )
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "when": meeting_when_lazy(meeting),
        "place": meeting_place_display(meeting),
        "venue": meeting.venue,
        "is_update": resend,
    }
    result = ConvocationResult(sent=0, without_address=[])
    updated = []
    for invitation in invitations:
        person = invitation.member
        address = person.email_address
        why_not = no_email_reason(person, is_guest=invitation.is_guest, on=meeting.date)
        if why_not:
            result.without_address.append(person)
            result.reasons[person.pk] = why_not
            continue
        in_mandate = person.is_in_mandate()
        notification = notification_queue(
            kind=CONVOCATION,
            about=meeting,
            recipient=address,
            template="convocation",
            # Invited people without mandate are queued without member on purpose: the
            # outbox delivers convocations to them (members.notification_kinds.convened_still_concerned).
            # A council member is always queued with their record, so that a mandate ended
            # (or an account deactivated) before a re-sent convocation goes out stops it.
            member=person if in_mandate or not invitation.is_guest else None,
            scheduled_for=now,
            attachments=(attachment,),
            context={
                **context,
                "person": person,
                "invitation": invitation,
                "rsvp_url": rsvp_url(invitation),
                "reason": gettext_lazy("vous êtes membre du conseil en mandat")
                if not invitation.is_guest
                else gettext_lazy("vous êtes invité·e à cette séance"),
            },
        )
        if notification is not None:
            result.sent += 1
        invitation.convoked_at = now
        updated.append(invitation)
    MeetingInvitation.objects.bulk_update(updated, ["convoked_at"])
    audit_record(
        actor=actor,
        action=audit_actions.CONVOCATION_SENT,
        about=meeting,
        changes={"convocation_sequence": [None, meeting.convocation_sequence], "sent": [None, result.sent]},
    )
    return result


# --- answers (RSVP) -----------------------------------------------------------------------


def rsvp_is_open(meeting: Meeting, *, now: datetime.datetime | None = None) -> bool:
    """Answers may change until the sitting starts."""
    return (now or timezone.now()) < meeting.starts_at


@transaction.atomic
def invitation_answer(*, invitation: MeetingInvitation, answer: str, reason: str = "") -> MeetingInvitation:
    """Record a person's answer: attending, or excused with an optional reason.

    The answer may change any number of times until the sitting starts; afterwards it is
    read-only (``ValidationError`` with a French message). Nothing is written when the
    answer does not change.
    """
    invitation = MeetingInvitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    if not rsvp_is_open(invitation.meeting):
        raise ValidationError(
            gettext(
                "La séance a commencé : votre réponse ne peut plus être modifiée. "
                "Pour signaler un changement, écrivez au service qui vous a convoqué·e."
            )
        )
    if answer not in (InvitationAnswer.ATTENDING, InvitationAnswer.EXCUSED):
        raise ValidationError(gettext("Choisissez « je serai présent·e » ou « je serai excusé·e »."))
    reason = reason.strip() if answer == InvitationAnswer.EXCUSED else ""
    if (invitation.answer, invitation.reason) == (answer, reason):
        return invitation
    invitation.answer = answer
    invitation.reason = reason
    invitation.answered_at = timezone.now()
    invitation.full_clean()
    invitation.save(update_fields=["answer", "reason", "answered_at"])
    return invitation


# --- attendance sheet ---------------------------------------------------------------------


def attendance_closed_reason(*, meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """Why the attendance sheet cannot change now, in French; "" when it is open.

    The sheet opens on the sitting's day (Europe/Paris) and closes for good once the latest
    version of the sitting's minutes is published (or being published): the published
    minutes print the attendance, so changing it would contradict them; a correction goes
    through a new version of the minutes. One query (the minutes), none before the day.
    """
    paris = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = (now or timezone.now()).astimezone(paris).date()
    if today < meeting.starts_at.astimezone(paris).date():
        return gettext("La feuille de présence s’ouvre le jour de la séance.")
    if meeting.pk is None:  # a sitting being created in the admin has no minutes yet
        return ""
    latest = (
        Minutes.objects.filter(meeting=meeting)
        .order_by("-version", "-pk")
        .values_list("status", flat=True)
        .first()
    )
    if latest in (MinutesStatus.PUBLISHING, MinutesStatus.PUBLISHED):
        return gettext(
            "Le compte-rendu de cette séance est publié : la feuille de présence ne change plus. "
            "Pour corriger, créez une nouvelle version du compte-rendu."
        )
    return ""


def _sitting_held(meeting: Meeting, actor) -> None:
    """Someone is present: the sitting is held, so the answers on its agenda are presented there."""
    agenda_presented_answers_record(meeting=meeting, actor=actor)


def _sheet_open(meeting: Meeting) -> None:
    reason = attendance_closed_reason(meeting=meeting)
    if reason:
        raise ValidationError(reason)


def _next_order(meeting: Meeting) -> int:
    last = meeting.attendances.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def attendance_prefill(*, meeting: Meeting, actor) -> int:
    """Fill the attendance sheet from the answers; return the number of people added.

    Who said they would come is marked present, who excused themselves excused; people who
    did not answer stay "non relevé" until staff mark them. People already on the sheet are
    left alone, so this can be run again. The role label is a snapshot (``member.title``).
    Raises ``ValidationError`` when the sheet is closed (``attendance_closed_reason``).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _sheet_open(meeting)
    on_sheet = set(meeting.attendances.values_list("member_id", flat=True))
    order = _next_order(meeting)
    created = []
    status_for = {
        InvitationAnswer.ATTENDING: AttendanceStatus.PRESENT,
        InvitationAnswer.EXCUSED: AttendanceStatus.EXCUSED,
    }
    for invitation in meeting.invitations.select_related("member").exclude(answer=InvitationAnswer.PENDING):
        if invitation.member_id in on_sheet:
            continue
        created.append(
            Attendance(
                meeting=meeting,
                member=invitation.member,
                status=status_for[invitation.answer],
                role_label=invitation.member.title,
                order=order,
            )
        )
        order += 1
    Attendance.objects.bulk_create(created)
    if any(line.status == AttendanceStatus.PRESENT for line in created):
        _sitting_held(meeting, actor)
    if created:
        audit_record(
            actor=actor,
            action=audit_actions.ATTENDANCE_PREFILLED,
            about=meeting,
            changes={"added": [None, len(created)]},
        )
    return len(created)


@transaction.atomic
def attendance_mark(*, meeting: Meeting, member: Member, status: str, actor, reason: str = "") -> Attendance:
    """Mark one person present, excused (with an optional ``reason``) or absent.

    Every write to the sheet goes through here: one button, the one-form sheet
    (``attendance_sheet_save``) and the people added on the spot. The role label is taken
    when the person first goes on the sheet and kept after; the reason is kept only for
    "excused". Nothing is written when nothing changes. Raises ``ValidationError`` for an
    unknown status, before the sitting's day or once its minutes are published
    (``attendance_closed_reason``).
    """
    if status not in AttendanceStatus.values:
        raise ValidationError(gettext("Présence inconnue : choisissez présent·e, excusé·e ou absent·e."))
    reason = reason.strip() if status == AttendanceStatus.EXCUSED else ""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _sheet_open(meeting)
    attendance = Attendance.objects.filter(meeting=meeting, member=member).first()
    old_status = None
    if attendance is None:
        attendance = Attendance(
            meeting=meeting, member=member, role_label=member.title, order=_next_order(meeting), status=status
        )
    elif (attendance.status, attendance.reason) == (status, reason):
        return attendance
    else:
        old_status = attendance.status
    attendance.status = status
    attendance.reason = reason
    attendance.full_clean()
    attendance.save()
    if status == AttendanceStatus.PRESENT:
        _sitting_held(meeting, actor)
    audit_record(
        actor=actor,
        action=audit_actions.ATTENDANCE_MARKED,
        member=member,
        about=meeting,
        changes={"status": [old_status, status]},
    )
    return attendance


@dataclass(frozen=True)
class Mark:
    """One line of the one-form sheet: a person, a status, and the reason when excused."""

    member: Member
    status: str
    reason: str = ""


@transaction.atomic
def attendance_sheet_save(*, meeting: Meeting, marks: Sequence[Mark], actor) -> int:
    """Record the whole sheet at once (one form, one submission); return the lines changed.

    Each line goes through ``attendance_mark``, in one transaction: a refusal (sheet
    closed, unknown status) leaves the sheet as it was. Lines that do not change write
    nothing.
    """
    _sheet_open(meeting)
    changed = 0
    for mark in marks:
        before = (
            Attendance.objects.filter(meeting=meeting, member=mark.member)
            .values_list("status", "reason")
            .first()
        )
        after = attendance_mark(
            meeting=meeting, member=mark.member, status=mark.status, reason=mark.reason, actor=actor
        )
        changed += before != (after.status, after.reason)
    return changed


@transaction.atomic
def attendance_add_convened(*, meeting: Meeting, actor) -> int:
    """Put everyone the sitting convenes (``convened_members``) on the sheet; return how many were added.

    « Ajouter tous les membres en mandat »: for a sitting recorded after the fact, without
    convocation. They are added as convoked people not yet marked (no e-mail goes), so
    the one-form sheet lists them; people already there are skipped, so a second click
    adds nobody. Raises ``ValidationError`` when the sheet is closed.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _sheet_open(meeting)
    before = meeting.invitations.count()
    _invite_council(meeting)
    added = meeting.invitations.count() - before
    if added:
        audit_record(
            actor=actor,
            action=audit_actions.ATTENDANCE_CONVENED_ADDED,
            about=meeting,
            changes={"added": [0, added]},
        )
    return added


@transaction.atomic
def attendance_add_person(
    *,
    meeting: Meeting,
    actor,
    member: Member | None = None,
    guest: GuestData | None = None,
    status: str = AttendanceStatus.PRESENT,
) -> Attendance:
    """Add someone on the spot: an existing person (``member``) or a new one (``guest``).

    Raises ``ValidationError`` when the person is already on the sheet, nobody is given,
    or the sheet is closed (``attendance_closed_reason``).
    """
    if member is None and guest is None:
        raise ValidationError(gettext("Choisissez une personne ou saisissez son nom."))
    _sheet_open(meeting)  # before creating a new person for nothing
    if member is not None and Attendance.objects.filter(meeting=meeting, member=member).exists():
        raise ValidationError(
            gettext("%(name)s figure déjà sur la feuille de présence.") % {"name": member.full_name}
        )
    if member is None:
        member = _guest_create(guest)
    return attendance_mark(meeting=meeting, member=member, status=status, actor=actor)


@transaction.atomic
def attendance_remove(*, meeting: Meeting, member: Member, actor) -> bool:
    """Take a person off the attendance sheet; return False when they were not on it.

    Raises ``ValidationError`` when the sheet is closed (``attendance_closed_reason``).
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _sheet_open(meeting)
    attendance = Attendance.objects.filter(meeting=meeting, member=member).first()
    if attendance is None:
        return False
    attendance.delete()
    audit_record(
        actor=actor,
        action=audit_actions.ATTENDANCE_MARKED,
        member=member,
        about=meeting,
        changes={"status": [attendance.status, None]},
    )
    return True


# --- quorum -------------------------------------------------------------------------------


def quorum_status(*, meeting: Meeting) -> dict:
    """Whether the sitting reached its quorum, for the attendance sheet and the minutes.

    The rule is the ``QuorumRule`` of the sitting's kind, if any: a number of members
    present, or a share (percent) of the council's members in mandate on the sitting's day,
    rounded up. Only council members in mandate that day who are marked present count
    (staff and invited people do not). Returns::

        {
            "has_rule": bool,            # a rule exists for this kind of sitting
            "rule": "count" | "share" | None,
            "min_present": int | None,   # the rule's number, for "count"
            "min_share": int | None,     # the rule's percent, for "share"
            "members_in_mandate": int,   # council members in mandate on the sitting's day
            "present": int,              # of them, marked present
            "required": int | None,      # members present needed (None without rule)
            "reached": bool | None,      # None without rule
            "recorded": bool,            # the attendance sheet has at least one line
            "text": str,                 # a French sentence to print, e.g.
            # "Quorum atteint : 9 membres présents sur 14 en mandat, 7 requis."
        }

    Three or four queries. Does not raise.
    """
    rule = QuorumRule.objects.filter(kind=meeting.kind).first()
    council = Member.objects.council_in_mandate(meeting.date)
    members_in_mandate = council.count()
    attendances = Attendance.objects.filter(meeting=meeting)
    present = attendances.filter(status=AttendanceStatus.PRESENT, member__in=council).count()
    recorded = present > 0 or attendances.exists()
    people = ngettext(
        "%(present)s membre présent sur %(total)s en mandat",
        "%(present)s membres présents sur %(total)s en mandat",
        present,
    ) % {"present": present, "total": members_in_mandate}
    result = {
        "has_rule": rule is not None,
        "rule": None,
        "min_present": None,
        "min_share": None,
        "members_in_mandate": members_in_mandate,
        "present": present,
        "required": None,
        "reached": None,
        "recorded": recorded,
    }
    if rule is None:
        result["text"] = gettext("Aucun quorum n’est requis pour ce type de séance (%(people)s).") % {
            "people": people
        }
        return result
    if rule.min_present is not None:
        result.update(rule="count", min_present=rule.min_present, required=rule.min_present)
    else:
        result.update(
            rule="share",
            min_share=rule.min_share,
            required=math.ceil(members_in_mandate * rule.min_share / 100),
        )
    result["reached"] = present >= result["required"]
    if result["reached"]:
        text = gettext("Quorum atteint : %(people)s, %(required)s requis.")
    else:
        text = gettext("Quorum non atteint : %(people)s, %(required)s requis.")
    result["text"] = text % {"people": people, "required": result["required"]}
    return result


# --- reminders ----------------------------------------------------------------------------


def reminder_days() -> list[int]:
    """Days before a sitting when reminders are due (``settings.MEETING_REMINDER_DAYS``, default 7 and 1)."""
    return [int(days) for days in getattr(settings, "MEETING_REMINDER_DAYS", [7, 1])]


def reminder_time() -> datetime.time:
    """Wall-clock time of reminders in Paris (``settings.MEETING_REMINDER_TIME``, default 09:00)."""
    return datetime.time.fromisoformat(getattr(settings, "MEETING_REMINDER_TIME", "09:00"))


def meeting_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminders due now; return how many e-mails were queued.

    For each coming sitting whose convocation was sent, a reminder is due N days before
    (``reminder_days``) at ``reminder_time`` in Paris, computed on the calendar
    (``cln_portal.schedule``), so 9 h stays 9 h across daylight saving changes. It goes,
    from its due moment for a few hours (``schedule.DEFAULT_GRACE``) and never after the
    start, to everyone convoked before that moment who did not excuse themselves and is
    still in mandate, with the due moment as ``scheduled_for``: the outbox's unique key
    makes a second run (or a second beat) send nothing more. Recipients are computed now,
    so an answer given since the convocation counts.
    """
    now = now or timezone.now()
    days = reminder_days()
    if not days:
        return 0
    at = reminder_time()
    horizon = now + datetime.timedelta(days=max(days) + 2)
    meetings = Meeting.objects.filter(
        convocation_sent_at__isnull=False, starts_at__gt=now, starts_at__lte=horizon
    ).select_related("venue")
    queued = 0
    for meeting in meetings:
        for due in due_reminders(
            moment=meeting.starts_at, days=days, at=at, now=now, until=meeting.starts_at
        ):
            queued += _reminders_queue(meeting=meeting, due=due, now=now)
    return queued


def _reminders_queue(*, meeting: Meeting, due: datetime.datetime, now: datetime.datetime) -> int:
    already = set(
        Notification.objects.filter(
            kind=MEETING_REMINDER, about=about_key(meeting), scheduled_for=due
        ).values_list("recipient", flat=True)
    )
    invitations = (
        meeting.invitations.exclude(answer=InvitationAnswer.EXCUSED)
        .filter(convoked_at__isnull=False, convoked_at__lte=due)
        .select_related("member__user")
    )
    paris = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = now.astimezone(paris).date()
    agenda = list(meeting.agenda_items.order_by("order", "pk"))
    days_left = (meeting.starts_at.astimezone(paris).date() - due.astimezone(paris).date()).days
    queued = 0
    for invitation in invitations:
        person = invitation.member
        address = person.email_address.lower()
        # People who left the council (or were never in it) get no reminder.
        if not address or address in already or not person.is_in_mandate(today):
            continue
        notification = notification_queue(
            kind=MEETING_REMINDER,
            about=meeting,
            recipient=address,
            template="meeting_reminder",
            member=person,
            scheduled_for=due,
            context={
                "meeting": meeting,
                "agenda": agenda,
                "when": meeting_when_lazy(meeting),
                "place": meeting_place_display(meeting),
                "invitation": invitation,
                "person": person,
                "days_left": days_left,
                "rsvp_url": rsvp_url(invitation),
                "reason": gettext_lazy("vous êtes convoqué·e à cette séance et ne vous êtes pas excusé·e"),
            },
        )
        if notification is not None:
            queued += 1
            already.add(address)
    return queued
