"""Sittings before and during the sitting: convocation with its .ics, answers, attendance,
quorum and reminders (``sessions.meetings.services``)."""

import datetime
import zoneinfo
from urllib.parse import urlsplit

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError

from members.models import Role
from notifications.models import Notification
from sessions.meetings.selectors import attendance_sheet
from sessions.meetings.services import (
    AgendaEntry,
    GuestData,
    attendance_add_person,
    attendance_mark,
    attendance_prefill,
    convocation_send,
    invitation_answer,
    meeting_reminders_send,
    meeting_save,
    quorum_status,
)
from sessions.meetings.tasks import send_meeting_reminders
from sessions.models import (
    Attendance,
    AttendanceStatus,
    InvitationAnswer,
    Meeting,
    MeetingInvitation,
    MeetingKind,
    QuorumRule,
)

from .factories import CouncilFactory, MemberFactory, VenueFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = datetime.UTC


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def sitting(day: datetime.date, *, kind=MeetingKind.PLENARY, title="", agenda=("Accueil", "Axes de travail")):
    """A sitting on ``day`` from 18 h to 20 h in Paris, at a venue, with an agenda."""
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=paris(day.year, day.month, day.day, 18),
        ends_at=paris(day.year, day.month, day.day, 20),
        venue=VenueFactory(
            name="Hôtel de Ville", address="17 Grand’Place", postal_code="59100", city="Roubaix"
        ),
    )
    return meeting_save(actor=None, meeting=meeting, agenda=[AgendaEntry(title=t) for t in agenda])


def _ics(message) -> icalendar.Calendar:
    (filename, content, mimetype) = message.attachments[0]
    assert filename == "convocation.ics"
    assert mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(content)


# --- convocation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        # Convoked in winter time (1 March) for a sitting the day after the spring change.
        (datetime.date(2026, 3, 30), datetime.timedelta(hours=2)),
        # Convoked in summer time (1 October) for a sitting the day after the autumn change.
        (datetime.date(2026, 10, 26), datetime.timedelta(hours=1)),
    ],
)
def test_convocation_email_has_a_valid_ics_in_paris_time_across_dst(
    day, offset, django_capture_on_commit_callbacks
):
    CouncilFactory(email="cln@example.org")
    member = MemberFactory(first_name="Anaïs")
    with time_machine.travel(paris(day.year, day.month - 1 if day.month > 1 else 1, 1, 10), tick=False):
        meeting = sitting(day)
        with django_capture_on_commit_callbacks(execute=True):
            result = convocation_send(meeting=meeting, actor=None)

    assert result.sent == 1
    [message] = mail.outbox
    assert message.to == [member.user.email]
    calendar = _ics(message)
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    assert event["dtend"].params["TZID"] == "Europe/Paris"
    assert start.tzinfo.key == "Europe/Paris"
    assert (start.hour, start.minute) == (18, 0)
    assert start.utcoffset() == offset
    assert event.decoded("dtend") - start == datetime.timedelta(hours=2)
    assert str(event["uid"]) == f"seance-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname}"
    assert "Hôtel de Ville, 17 Grand’Place, 59100 Roubaix" in str(event["location"])
    assert "1. Accueil" in str(event["description"])
    # The VTIMEZONE shipped in the file says the same as the time zone database.
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert vtimezone["tzid"] == "Europe/Paris"
    tz = vtimezone.to_tz()
    assert start.replace(tzinfo=tz).utcoffset() == offset
    # The e-mail itself: French date, place, agenda, answer link.
    weekday = "lundi"
    month = {3: "mars", 10: "octobre"}[day.month]
    assert f"{weekday} {day.day} {month} 2026 à 18 h – 20 h" in message.body
    assert "Hôtel de Ville" in message.body
    assert "2. Axes de travail" in message.body
    assert "/seances/reponse/" in message.body
    assert message.subject.startswith("Convocation")
    assert "Bonjour Anaïs," in message.body


def test_convocation_goes_to_members_in_mandate_and_invited_people_with_an_address(
    django_capture_on_commit_callbacks,
):
    in_mandate = MemberFactory()
    MemberFactory(mandate_end=datetime.date(2026, 2, 1))  # left the council
    MemberFactory(role=Role.OFFICER)  # staff: not convoked
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(datetime.date(2026, 3, 30))
        meeting_save(
            actor=None,
            meeting=meeting,
            agenda=[AgendaEntry(title="Accueil")],
            new_guests=[
                GuestData(first_name="Denis", last_name="Mallet", position="DSI", email="dsi@example.org"),
                GuestData(first_name="Sans", last_name="Adresse"),
            ],
        )
        with django_capture_on_commit_callbacks(execute=True):
            result = convocation_send(meeting=meeting, actor=None)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([in_mandate.user.email, "dsi@example.org"])
    assert [p.last_name for p in result.without_address] == ["Adresse"]
    assert all(m.attachments for m in mail.outbox)
    guest_mail = next(m for m in mail.outbox if m.to == ["dsi@example.org"])
    assert "Bonjour Denis," in guest_mail.body
    assert MeetingInvitation.objects.filter(meeting=meeting).count() == 3


def test_convocation_is_sent_once_and_resent_with_a_higher_sequence(django_capture_on_commit_callbacks):
    MemberFactory()
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(datetime.date(2026, 3, 30))
        with django_capture_on_commit_callbacks(execute=True):
            convocation_send(meeting=meeting, actor=None)
            again = convocation_send(meeting=meeting, actor=None)
        assert again.sent == 0
        assert len(mail.outbox) == 1
    with time_machine.travel(paris(2026, 3, 2, 10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            convocation_send(meeting=meeting, actor=None, resend=True)

    first, second = (_ics(m).walk("VEVENT")[0] for m in mail.outbox)
    assert first["uid"] == second["uid"]
    assert (int(first["sequence"]), int(second["sequence"])) == (0, 1)
    assert mail.outbox[1].subject.startswith("Convocation mise à jour")


def test_convocation_is_refused_once_the_sitting_has_started_or_without_venue():
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(datetime.date(2026, 3, 30))
        meeting.venue = None
        meeting.save()
        with pytest.raises(ValidationError, match="lieu"):
            convocation_send(meeting=meeting, actor=None)
    with time_machine.travel(paris(2026, 3, 30, 18, 1), tick=False):
        with pytest.raises(ValidationError, match="commencé"):
            convocation_send(meeting=meeting, actor=None)


def test_a_working_group_needs_its_axis():
    with pytest.raises(ValidationError) as error:
        sitting(datetime.date(2026, 3, 30), kind=MeetingKind.WORKING_GROUP)
    assert "axe" in str(error.value)


# --- answers ------------------------------------------------------------------------------


def test_answer_can_change_until_the_sitting_starts_and_not_after():
    invitation_member = MemberFactory()
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(datetime.date(2026, 3, 30))
        convocation_send(meeting=meeting, actor=None)
    invitation = MeetingInvitation.objects.get(meeting=meeting, member=invitation_member)

    with time_machine.travel(paris(2026, 3, 10, 10), tick=False):
        invitation_answer(invitation=invitation, answer=InvitationAnswer.EXCUSED, reason="  Travail  ")
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.reason) == ("excused", "Travail")

    with time_machine.travel(paris(2026, 3, 30, 17, 59), tick=False):
        invitation_answer(invitation=invitation, answer=InvitationAnswer.ATTENDING, reason="ignored")
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.reason) == ("attending", "")

    with time_machine.travel(paris(2026, 3, 30, 18, 0), tick=False):
        with pytest.raises(ValidationError, match="La séance a commencé"):
            invitation_answer(invitation=invitation, answer=InvitationAnswer.EXCUSED)
    invitation.refresh_from_db()
    assert invitation.answer == "attending"


# --- attendance and quorum ----------------------------------------------------------------


def _convoked_sitting(members, day=datetime.date(2026, 3, 30), kind=MeetingKind.PLENARY):
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(day, kind=kind)
        convocation_send(meeting=meeting, actor=None)
    return meeting


def test_attendance_is_prefilled_from_answers_with_totals_and_role_snapshot():
    attending, excused, silent = (
        MemberFactory(last_name="Alpha"),
        MemberFactory(last_name="Bravo"),
        MemberFactory(),
    )
    meeting = _convoked_sitting([attending, excused, silent])
    with time_machine.travel(paris(2026, 3, 20, 10), tick=False):
        for member, answer in ((attending, "attending"), (excused, "excused")):
            invitation_answer(
                invitation=MeetingInvitation.objects.get(meeting=meeting, member=member), answer=answer
            )
        with pytest.raises(ValidationError, match="jour de la séance"):
            attendance_prefill(meeting=meeting, actor=None)

    with time_machine.travel(paris(2026, 3, 30, 18, 5), tick=False):
        assert attendance_prefill(meeting=meeting, actor=None) == 2
        assert attendance_prefill(meeting=meeting, actor=None) == 0
        attendance_mark(meeting=meeting, member=silent, status=AttendanceStatus.ABSENT, actor=None)
        attendance_add_person(
            meeting=meeting,
            actor=None,
            guest=GuestData(first_name="Denis", last_name="Mallet", position="DSI"),
        )
        with pytest.raises(ValidationError, match="déjà sur la feuille"):
            attendance_add_person(meeting=meeting, actor=None, member=attending)

    sheet = attendance_sheet(meeting=meeting)
    assert sheet.totals == {"present": 2, "excused": 1, "absent": 1, "unrecorded": 0, "total": 4}
    labels = dict(Attendance.objects.filter(meeting=meeting).values_list("member__last_name", "role_label"))
    assert labels["Mallet"] == "DSI"
    assert labels["Alpha"] == "conseiller·ère Nord"
    # The label is a snapshot: a later change of role does not rewrite the sheet.
    attending.role = Role.CO_CHAIR
    attending.save()
    assert Attendance.objects.get(meeting=meeting, member=attending).role_label == "conseiller·ère Nord"


def test_quorum_by_share_counts_council_members_present_only():
    members = [MemberFactory() for _ in range(5)]
    guest = MemberFactory(role=Role.GUEST, mandate_start=None, user=None)
    meeting = _convoked_sitting(members)
    QuorumRule.objects.create(kind=MeetingKind.PLENARY, min_share=50)

    with time_machine.travel(paris(2026, 3, 30, 18, 5), tick=False):
        assert quorum_status(meeting=meeting)["recorded"] is False
        for member in members[:2] + [guest]:
            attendance_add_person(meeting=meeting, actor=None, member=member)
        status = quorum_status(meeting=meeting)
        assert status == {
            "has_rule": True,
            "rule": "share",
            "min_present": None,
            "min_share": 50,
            "members_in_mandate": 5,
            "present": 2,
            "required": 3,
            "reached": False,
            "recorded": True,
            "text": "Quorum non atteint\u00a0: 2 membres présents sur 5 en mandat, 3 requis.",
        }
        attendance_mark(meeting=meeting, member=members[2], status=AttendanceStatus.PRESENT, actor=None)
        assert quorum_status(meeting=meeting)["reached"] is True


def test_quorum_by_number_and_kinds_without_rule():
    members = [MemberFactory() for _ in range(3)]
    meeting = _convoked_sitting(members)
    assert quorum_status(meeting=meeting)["has_rule"] is False
    assert quorum_status(meeting=meeting)["reached"] is None
    assert "Aucun quorum" in quorum_status(meeting=meeting)["text"]
    QuorumRule.objects.create(kind=MeetingKind.PLENARY, min_present=1)
    with time_machine.travel(paris(2026, 3, 30, 18, 5), tick=False):
        attendance_mark(meeting=meeting, member=members[0], status=AttendanceStatus.PRESENT, actor=None)
    status = quorum_status(meeting=meeting)
    assert (status["rule"], status["required"], status["reached"]) == ("count", 1, True)
    assert status["text"] == "Quorum atteint\u00a0: 1 membre présent sur 3 en mandat, 1 requis."


def test_quorum_rule_is_a_number_or_a_share_not_both():
    with pytest.raises(ValidationError):
        QuorumRule(kind=MeetingKind.PLENARY, min_present=3, min_share=50).full_clean()


# --- reminders ----------------------------------------------------------------------------


def _reminders() -> list[Notification]:
    return list(Notification.objects.filter(kind="meeting_reminder").order_by("scheduled_for", "pk"))


@pytest.mark.parametrize(
    ("day", "seven_days", "one_day"),
    [
        # Sitting on Monday 30 March 2026: D-7 is in winter time, D-1 (29 March) is the change day.
        (datetime.date(2026, 3, 30), utc(2026, 3, 23, 8, 0), utc(2026, 3, 29, 7, 0)),
        # Sitting on Monday 26 October 2026: D-7 is in summer time, D-1 (25 October) is the change day.
        (datetime.date(2026, 10, 26), utc(2026, 10, 19, 7, 0), utc(2026, 10, 25, 8, 0)),
    ],
)
def test_reminders_are_due_at_9h_paris_7_and_1_days_before_across_dst(day, seven_days, one_day):
    member = MemberFactory()
    with time_machine.travel(seven_days - datetime.timedelta(days=10), tick=False):
        meeting = sitting(day)
        convocation_send(meeting=meeting, actor=None)

    minute = datetime.timedelta(minutes=1)
    for due in (seven_days, one_day):
        with time_machine.travel(due - minute, tick=False):
            assert meeting_reminders_send() == 0
        with time_machine.travel(due, tick=False):
            assert meeting_reminders_send() == 1
        with time_machine.travel(due + 15 * minute, tick=False):
            assert meeting_reminders_send() == 0

    first, second = _reminders()
    assert [r.scheduled_for for r in (first, second)] == [seven_days, one_day]
    assert all(r.scheduled_for.astimezone(PARIS).hour == 9 for r in (first, second))
    assert first.recipient == member.user.email
    assert "dans 7 jours" in first.subject
    assert "demain" in second.subject


def test_excused_and_departed_members_get_no_reminder_and_answers_count_at_run_time():
    stays, excused, departs, changes_mind = (MemberFactory() for _ in range(4))
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(datetime.date(2026, 3, 30))
        convocation_send(meeting=meeting, actor=None)
        for member in (excused, changes_mind):
            invitation_answer(
                invitation=MeetingInvitation.objects.get(meeting=meeting, member=member), answer="excused"
            )
    departs.mandate_end = datetime.date(2026, 3, 15)
    departs.save()

    with time_machine.travel(paris(2026, 3, 23, 9, 0), tick=False):
        meeting_reminders_send()
    assert {r.recipient for r in _reminders()} == {stays.user.email}

    with time_machine.travel(paris(2026, 3, 25, 9, 0), tick=False):
        invitation_answer(
            invitation=MeetingInvitation.objects.get(meeting=meeting, member=changes_mind), answer="attending"
        )
    with time_machine.travel(paris(2026, 3, 29, 9, 0), tick=False):
        meeting_reminders_send()
    late = [r.recipient for r in _reminders() if r.scheduled_for == paris(2026, 3, 29, 9)]
    assert sorted(late) == sorted([stays.user.email, changes_mind.user.email])
    assert excused.user.email not in {r.recipient for r in _reminders()}
    assert departs.user.email not in {r.recipient for r in _reminders()}


def test_people_convoked_after_a_due_moment_do_not_get_that_reminder():
    MemberFactory()
    with time_machine.travel(paris(2026, 3, 25, 10), tick=False):  # after D-7 at 9 h
        meeting = sitting(datetime.date(2026, 3, 30))
        convocation_send(meeting=meeting, actor=None)
    with time_machine.travel(paris(2026, 3, 25, 11), tick=False):
        assert meeting_reminders_send() == 0
    with time_machine.travel(paris(2026, 3, 29, 9, 5), tick=False):
        assert meeting_reminders_send() == 1


def test_running_the_reminder_task_twice_sends_once(django_capture_on_commit_callbacks):
    MemberFactory()
    MemberFactory()
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(datetime.date(2026, 3, 30))
        convocation_send(meeting=meeting, actor=None)
    with time_machine.travel(paris(2026, 3, 29, 9, 0, 30), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_meeting_reminders.delay().get() == 2
            assert send_meeting_reminders.delay().get() == 0
        with django_capture_on_commit_callbacks(execute=True):
            send_meeting_reminders()

    assert len(mail.outbox) == 2
    assert all(m.subject.startswith("Rappel\u00a0:") for m in mail.outbox)
    assert send_meeting_reminders.name == "meetings.send_meeting_reminders"
