"""The audit history: every service that takes an ``actor`` writes it, with the object concerned."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from members.models import AuditEntry
from members.services import member_erase
from notifications.models import NotificationStatus
from notifications.services import about_key, outbox_retry, preferences_save
from pdin import services as pdin_services
from sessions.meetings import services as meeting_services
from sessions.models import AttendanceStatus
from workstreams import services as workstream_services
from workstreams.models import QuestionStatus, Workstream

from ..meetings.factories import (
    AttendanceFactory,
    EditionFactory,
    MeetingFactory,
    MeetingInvitationFactory,
    MemberFactory,
    QuestionFactory,
    VenueFactory,
    WorkstreamFactory,
)
from ..notifications.factories import NotificationFactory
from ..pdin.factories import OpenEditionFactory, RegistrationFactory
from ..workstreams.factories import ActionFactory, AnsweringServiceFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# The sitting below is on this day: its attendance sheet is open, its convocation still due.
NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=PARIS)
SITTING = datetime.datetime(2026, 3, 2, 18, 0, tzinfo=PARIS)


def _meeting():
    return MeetingFactory(starts_at=SITTING, venue=VenueFactory())


def _workstream_save(actor):
    workstream = Workstream(title="Numérique responsable", slug="numerique-responsable", kind="thematic")
    return workstream_services.workstream_save(workstream=workstream, actor=actor), None


def _workstream_archive(actor):
    workstream = WorkstreamFactory()
    workstream_services.workstream_archive(workstream=workstream, actor=actor)
    return workstream, None


def _workstream_delete(actor):
    workstream = WorkstreamFactory()
    key = about_key(workstream)
    workstream_services.workstream_delete(workstream=workstream, actor=actor)
    return key, None


def _question_assign(actor):
    question = QuestionFactory()
    service = AnsweringServiceFactory()
    assigned = workstream_services.question_assign(
        question=question, service=service, due_on=datetime.date(2026, 3, 20), actor=actor
    )
    return assigned, None


def _question_answer(actor):
    question = QuestionFactory()
    workstream_services.question_answer(
        question=question, answer="Oui.", answered_by_service="DSI", actor=actor
    )
    return question, None


def _question_withdraw(actor):
    question = QuestionFactory()
    workstream_services.question_withdraw(question=question, actor=actor)
    return question, None


def _action_update(actor):
    action = ActionFactory()
    return workstream_services.action_update(action=action, actor=actor, title="Nouveau titre"), None


def _preferences_save(actor):
    member = MemberFactory()
    preferences_save(member=member, choices={"weekly_digest": True}, actor=actor)
    return None, member


def _outbox_retry(actor):
    member = MemberFactory()
    notification = NotificationFactory(status=NotificationStatus.FAILED, member=member)
    outbox_retry(notification_id=notification.pk, actor=actor)
    return notification, member


def _registration_set_open(actor):
    edition = EditionFactory(date=datetime.date(2026, 4, 1), capacity=20)
    return pdin_services.registration_set_open(edition=edition, actor=actor, is_open=True), None


def _pdin_attendance_record(actor):
    registration = RegistrationFactory(edition=OpenEditionFactory(date=datetime.date(2026, 3, 2)))
    edition = registration.edition
    pdin_services.attendance_record(edition=edition, actor=actor, attended_ids={registration.pk}, walk_ins=2)
    return edition, None


def _meeting_save(actor):
    meeting = MeetingFactory.build(starts_at=SITTING)
    return meeting_services.meeting_save(actor=actor, meeting=meeting, agenda=[]), None


def _convocation_send(actor):
    meeting = MeetingFactory(starts_at=SITTING + datetime.timedelta(days=7), venue=VenueFactory())
    meeting_services.convocation_send(meeting=meeting, actor=actor)
    return meeting, None


def _attendance_prefill(actor):
    meeting = _meeting()
    MeetingInvitationFactory(meeting=meeting, answer="attending")
    meeting_services.attendance_prefill(meeting=meeting, actor=actor)
    return meeting, None


def _attendance_mark(actor):
    meeting = _meeting()
    member = MemberFactory()
    meeting_services.attendance_mark(
        meeting=meeting, member=member, status=AttendanceStatus.PRESENT, actor=actor
    )
    return meeting, member


def _attendance_add_person(actor):
    meeting = _meeting()
    member = MemberFactory()
    meeting_services.attendance_add_person(meeting=meeting, member=member, actor=actor)
    return meeting, member


CASES = {
    "workstream_saved": _workstream_save,
    "workstream_archived": _workstream_archive,
    "workstream_deleted": _workstream_delete,
    "question_assigned": _question_assign,
    "question_answered": _question_answer,
    "question_withdrawn": _question_withdraw,
    "action_updated": _action_update,
    "notification_preferences_changed": _preferences_save,
    "notification_retried": _outbox_retry,
    "pdin_registration_opened": _registration_set_open,
    "pdin_attendance_recorded": _pdin_attendance_record,
    "meeting_saved": _meeting_save,
    "convocation_sent": _convocation_send,
    "attendance_prefilled": _attendance_prefill,
    "attendance_marked": _attendance_mark,
}
CASES_WITH_ADD_PERSON = {**CASES, "attendance_marked (added on the spot)": _attendance_add_person}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("case", list(CASES_WITH_ADD_PERSON))
def test_every_service_with_an_actor_writes_it_into_the_audit_history(case, staff_user, client):
    action = case.split(" ")[0]
    about, member = CASES_WITH_ADD_PERSON[case](staff_user)

    entry = AuditEntry.objects.get(action=action)
    assert entry.actor == staff_user
    assert entry.actor_label == staff_user.get_full_name()
    assert entry.about == (about_key(about) if about is not None else "")
    assert entry.member == member
    # The staff page shows it with its French label (never the raw value).
    client.force_login(staff_user)
    page = client.get(reverse("members:staff_audit")).content.decode()
    assert str(entry.get_action_display()) in page
    assert entry.get_action_display() != action


@time_machine.travel(NOW, tick=False)
def test_attendance_change_is_audited_with_old_and_new_status(staff_user):
    meeting = _meeting()
    attendance = AttendanceFactory(meeting=meeting, status=AttendanceStatus.PRESENT)

    meeting_services.attendance_mark(
        meeting=meeting, member=attendance.member, status=AttendanceStatus.EXCUSED, actor=staff_user
    )
    meeting_services.attendance_mark(  # unchanged: no entry
        meeting=meeting, member=attendance.member, status=AttendanceStatus.EXCUSED, actor=staff_user
    )

    entry = AuditEntry.objects.get(action="attendance_marked")
    assert entry.changes == {"status": ["present", "excused"]}
    assert (entry.member, entry.about) == (attendance.member, about_key(meeting))


@time_machine.travel(NOW, tick=False)
def test_staff_audit_page_names_and_links_the_object(client, staff_user):
    question = QuestionFactory(text="Quel budget pour le numérique ?")
    workstream_services.question_withdraw(question=question, actor=staff_user)
    assert QuestionFactory._meta.model.objects.get(pk=question.pk).status == QuestionStatus.WITHDRAWN
    client.force_login(staff_user)

    page = client.get(reverse("members:staff_audit")).content.decode()

    assert "question retirée" in page
    assert "Quel budget pour le numérique ?" in page
    assert reverse("admin:workstreams_question_change", args=[question.pk]) in page


@time_machine.travel(NOW, tick=False)
def test_person_history_keeps_attendance_entries_and_erasure_scrubs_them(client, staff_user):
    meeting = _meeting()
    member = MemberFactory(first_name="Anaïs", last_name="Roux")
    meeting_services.attendance_mark(
        meeting=meeting, member=member, status=AttendanceStatus.PRESENT, actor=staff_user
    )
    client.force_login(staff_user)

    page = client.get(reverse("members:staff_person", args=[member.pk])).content.decode()
    assert "présence modifiée" in page

    member_erase(actor=staff_user, member=member)
    entry = member.audit_entries.get(action="attendance_marked")
    assert entry.changes == {"status": [None, "present"]}
    assert "Roux" not in str(entry.changes)
