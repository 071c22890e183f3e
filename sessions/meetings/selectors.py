"""Reads about sittings for staff pages and the member's dashboard: lists of sittings, the
attendance sheet, each member's attendance record over time and the absence alerts.

Every function here runs a fixed number of queries, whatever the number of sittings or
people (pinned in ``tests/meetings/test_meeting_pages.py``).
"""

import datetime
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cln_portal.compiled import CompiledQuery
from members.models import COUNCIL_ROLES, Member, Role, in_mandate_condition

from ..models import (
    Attendance,
    AttendanceStatus,
    InvitationAnswer,
    Meeting,
    MeetingInvitation,
    Minutes,
    QuorumRule,
)
from .services import convened_members, gets_paper, no_email_reason


def absence_alert_threshold() -> int:
    """Unexcused absences in a row after which staff are alerted (setting, default 3)."""
    return int(getattr(settings, "MEETING_ABSENCE_ALERT_THRESHOLD", 3))


def meeting_list_for_staff() -> QuerySet[Meeting]:
    """Every sitting, newest first, with venue and counts (one query).

    Annotations: ``n_invited``, ``n_attending``, ``n_excused``, ``n_pending`` (answers to
    the convocation) and ``n_present`` (lines marked present on the attendance sheet).
    """
    answers = "invitations__answer"
    return (
        Meeting.objects.select_related("venue", "workstream")
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_attending=Count(
                "invitations", filter=Q(**{answers: InvitationAnswer.ATTENDING}), distinct=True
            ),
            n_excused=Count("invitations", filter=Q(**{answers: InvitationAnswer.EXCUSED}), distinct=True),
            n_pending=Count("invitations", filter=Q(**{answers: InvitationAnswer.PENDING}), distinct=True),
            n_present=Count(
                "attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT), distinct=True
            ),
        )
        .order_by("-starts_at")
    )


def meeting_get_for_staff(*, pk: int) -> Meeting:
    """One sitting with its venue, convener and axis; raises ``Meeting.DoesNotExist``."""
    return Meeting.objects.select_related("venue", "convener", "workstream").get(pk=pk)


def meeting_minutes_versions(*, meeting: Meeting) -> list[Minutes]:
    """Every version of the sitting's minutes, oldest first (one query; for staff, who see all)."""
    return list(Minutes.objects.filter(meeting=meeting).order_by("version"))


def meeting_invitations(*, meeting: Meeting) -> list[MeetingInvitation]:
    """The people convoked to a sitting with their answers, by name (one query)."""
    return list(
        meeting.invitations.select_related("member__user").order_by(
            "is_guest", "member__last_name", "member__first_name"
        )
    )


@dataclass(frozen=True)
class ConvocationRecipient:
    """Someone the convocation would go to now; ``email`` is "" when they have no address."""

    member: Member
    email: str
    is_guest: bool
    # Why no e-mail goes to them ("" when one does) and whether a paper letter is owed.
    reason: str = ""
    paper: bool = False
    convoked: bool = False

    @property
    def role_label(self) -> str:
        """The title, then "invité·e" for invited people whose title does not say so already."""
        return invitation_role_label(self.member, is_guest=self.is_guest)


def invitation_role_label(member: Member, *, is_guest: bool) -> str:
    """ "directrice du numérique · invitée", "conseiller Nord", or just "invité·e" (not twice)."""
    title = member.title
    if is_guest and (member.position or member.role != Role.GUEST):
        return gettext("%(title)s · invité·e") % {"title": title}
    return title


def convocation_recipients(*, meeting: Meeting, resend: bool = False) -> list[ConvocationRecipient]:
    """Who ``convocation_send`` would write to now, council members first, by name (two queries).

    The people the sitting convenes (``convened_members``: the council in mandate on the
    sitting's day, or an axis' participants) and the people already invited (guests),
    minus those already convoked unless ``resend``. ``reason`` says why someone gets no
    e-mail (no address, former member, asked for paper) and ``paper`` whether a letter is owed.
    """
    invitations = list(meeting.invitations.select_related("member__user"))
    invited = {invitation.member_id for invitation in invitations}
    people = [
        (invitation.member, invitation.is_guest, invitation.convoked_at is not None)
        for invitation in invitations
        if resend or invitation.convoked_at is None
    ]
    people += [
        (member, False, False)
        for member in convened_members(meeting=meeting).select_related("user")
        if member.pk not in invited
    ]
    on = meeting.date
    recipients = [
        ConvocationRecipient(
            member=member,
            email=member.email_address,
            is_guest=is_guest,
            reason=no_email_reason(member, is_guest=is_guest, on=on),
            paper=gets_paper(member, is_guest=is_guest, on=on),
            convoked=convoked,
        )
        for member, is_guest, convoked in people
    ]
    recipients.sort(key=lambda r: (r.is_guest, r.member.last_name.lower(), r.member.first_name.lower()))
    return recipients


@dataclass
class SheetRow:
    """One person on the attendance sheet: their answer (if convoked) and their line (if marked)."""

    member: Member
    invitation: MeetingInvitation | None = None
    attendance: Attendance | None = None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def role_label(self) -> str:
        return (
            self.attendance.role_label
            if self.attendance and self.attendance.role_label
            else self.member.title
        )


@dataclass
class AttendanceSheet:
    """The sheet of one sitting: rows by name, and the totals per status."""

    rows: list[SheetRow]
    totals: dict = field(default_factory=dict)
    to_prefill: int = 0


def attendance_sheet(*, meeting: Meeting) -> AttendanceSheet:
    """Everyone convoked or marked, by name, with totals (two queries).

    ``totals`` has ``present``, ``excused``, ``absent``, ``unrecorded`` (convoked, not
    marked yet) and ``total``; ``to_prefill`` counts people who answered but are not on
    the sheet yet (what the "pre-fill" button would add).
    """
    rows: dict[int, SheetRow] = {}
    for attendance in meeting.attendances.select_related("member"):
        rows[attendance.member_id] = SheetRow(member=attendance.member, attendance=attendance)
    to_prefill = 0
    for invitation in meeting.invitations.select_related("member"):
        row = rows.setdefault(invitation.member_id, SheetRow(member=invitation.member))
        row.invitation = invitation
        if row.attendance is None and invitation.answer != InvitationAnswer.PENDING:
            to_prefill += 1
    ordered = sorted(rows.values(), key=lambda r: (r.member.last_name.lower(), r.member.first_name.lower()))
    totals = {status: 0 for status in AttendanceStatus.values}
    for row in ordered:
        if row.attendance:
            totals[row.attendance.status] += 1
    totals["unrecorded"] = sum(1 for row in ordered if row.attendance is None)
    totals["total"] = len(ordered)
    return AttendanceSheet(rows=ordered, totals=totals, to_prefill=to_prefill)


@dataclass
class AttendanceRecord:
    """A person's attendance over past sittings: counts, rates (whole percent) and alert.

    ``streak`` is the number of unexcused absences in a row, counting back from the latest
    sitting they were recorded at; ``alert`` is true from ``absence_alert_threshold()``.
    ``lines`` (only for one member's page) are the ``Attendance`` rows, newest first.
    """

    member: Member
    present: int = 0
    excused: int = 0
    absent: int = 0
    streak: int = 0
    alert: bool = False
    lines: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.present + self.excused + self.absent

    def _rate(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0

    @property
    def present_rate(self) -> int:
        return self._rate(self.present)

    @property
    def excused_rate(self) -> int:
        return self._rate(self.excused)

    @property
    def absent_rate(self) -> int:
        return self._rate(self.absent)


def _records(attendances, members: list[Member], *, keep_lines: bool) -> list[AttendanceRecord]:
    threshold = absence_alert_threshold()
    records = {member.pk: AttendanceRecord(member=member) for member in members}
    streak_open = dict.fromkeys(records, True)
    # Newest sitting first: the streak counts absences until the first other status.
    for attendance in attendances:
        record = records[attendance.member_id]
        setattr(record, attendance.status, getattr(record, attendance.status) + 1)
        if streak_open[attendance.member_id]:
            if attendance.status == AttendanceStatus.ABSENT:
                record.streak += 1
            else:
                streak_open[attendance.member_id] = False
        if keep_lines:
            record.lines.append(attendance)
    for record in records.values():
        record.alert = record.streak >= threshold
    return list(records.values())


def _past_attendances(*, now: datetime.datetime) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting__starts_at__lte=now)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-pk")
    )


def attendance_overview(*, now: datetime.datetime | None = None) -> list[AttendanceRecord]:
    """The record of every council member in mandate today, by name (two queries)."""
    now = now or timezone.now()
    members = list(Member.objects.council_in_mandate().order_by("last_name", "first_name"))
    attendances = _past_attendances(now=now).filter(member__in=[m.pk for m in members])
    return _records(attendances, members, keep_lines=False)


def member_attendance_record(*, member: Member, now: datetime.datetime | None = None) -> AttendanceRecord:
    """One person's record with every line, newest sitting first (one query)."""
    now = now or timezone.now()
    return _records(_past_attendances(now=now).filter(member=member), [member], keep_lines=True)[0]


def upcoming_invitations(
    *, member: Member | None, now: datetime.datetime | None = None
) -> list[MeetingInvitation]:
    """The coming sittings ``member`` is convoked to, soonest first, with venue (one query)."""
    if member is None:
        return []
    return _UPCOMING_INVITATIONS.list(member_id=member.pk, now=now or timezone.now())


# The dashboard's block, compiled once per process (cln_portal/compiled.py).
_UPCOMING_INVITATIONS = CompiledQuery(
    lambda member_id, now: (
        MeetingInvitation.objects.filter(
            member_id=member_id, meeting__starts_at__gt=now, meeting__convocation_sent_at__isnull=False
        )
        .select_related("meeting__venue")
        .order_by("meeting__starts_at")
    ),
    member_id=int,
    now=datetime.datetime,
)


def meetings_awaiting_answers(*, now: datetime.datetime | None = None) -> list[Meeting]:
    """Coming sittings whose convocation went out and some people have not answered yet,
    soonest first, with ``n_invited``, ``n_pending`` and ``pending_invitations`` (the people,
    by name). Two queries, whatever the number of sittings or people."""
    now = now or timezone.now()
    pending = MeetingInvitation.objects.filter(answer=InvitationAnswer.PENDING).select_related("member")
    return list(
        Meeting.objects.filter(starts_at__gt=now, convocation_sent_at__isnull=False)
        .select_related("venue")
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_pending=Count(
                "invitations", filter=Q(invitations__answer=InvitationAnswer.PENDING), distinct=True
            ),
        )
        .filter(n_pending__gt=0)
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=pending.order_by("member__last_name", "member__first_name"),
                to_attr="pending_invitations",
            )
        )
        .order_by("starts_at", "pk")
    )


def quorum_reached_by_meeting(meetings: list[Meeting]) -> dict[int, tuple[int | None, bool | None]]:
    """``{meeting pk: (members required, quorum reached)}`` for many sittings, in two queries.

    The same rule as ``services.quorum_status`` (which prints it for one sitting): the
    ``QuorumRule`` of the sitting's kind, a number of council members present or a share
    (percent, rounded up) of the council in mandate on the sitting's day; only council
    members in mandate that day who are marked present count. ``(None, None)`` for a kind
    of sitting without a rule. A test compares both on the same sittings
    (``tests/home/test_opendata.py``).
    """
    if not meetings:
        return {}
    rules = {rule.kind: rule for rule in QuorumRule.objects.all()}
    counts = {}
    for meeting in meetings:
        in_mandate = in_mandate_condition(meeting.date)
        present = Q(
            Exists(
                Attendance.objects.filter(
                    meeting_id=meeting.pk, member=OuterRef("pk"), status=AttendanceStatus.PRESENT
                )
            )
        )
        counts[f"council_{meeting.pk}"] = Count("pk", filter=in_mandate)
        counts[f"present_{meeting.pk}"] = Count("pk", filter=in_mandate & present)
    totals = Member.objects.filter(role__in=COUNCIL_ROLES).aggregate(**counts)
    result = {}
    for meeting in meetings:
        rule = rules.get(meeting.kind)
        if rule is None:
            result[meeting.pk] = (None, None)
            continue
        council = totals[f"council_{meeting.pk}"]
        required = (
            rule.min_present if rule.min_present is not None else math.ceil(council * rule.min_share / 100)
        )
        result[meeting.pk] = (required, totals[f"present_{meeting.pk}"] >= required)
    return result
