"""The admin's attendance inline follows the staff sheet's rule and service (audited)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from members.models import AuditEntry, User
from sessions.models import AttendanceStatus, MinutesStatus

from ..conftest import give_totp
from .factories import AttendanceFactory, MeetingFactory, MemberFactory, MinutesFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SITTING = datetime.datetime(2026, 3, 2, 18, 0, tzinfo=PARIS)


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("admin@example.org", "a-long-password")
    give_totp(user)  # staff must use a second factor (members.middleware)
    client.force_login(user)
    return client


def _post_status(admin_client, meeting, attendance, status):
    """The meeting's change form as the admin shows it, with one attendance's status changed."""
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["starts_at_0"], data["starts_at_1"] = "02/03/2026", "18:00:00"
    data["ends_at_0"] = data["ends_at_1"] = ""
    data.pop("starts_at", None)
    data.pop("ends_at", None)
    data.update(
        {
            "agenda_items-TOTAL_FORMS": 0,
            "agenda_items-INITIAL_FORMS": 0,
            "attendances-TOTAL_FORMS": 1,
            "attendances-INITIAL_FORMS": 1,
            "attendances-0-id": attendance.pk,
            "attendances-0-meeting": meeting.pk,
            "attendances-0-member": attendance.member_id,
            "attendances-0-status": status,
            "attendances-0-role_label": attendance.role_label,
            "attendances-0-order": attendance.order,
        }
    )
    return admin_client.post(url, {k: v for k, v in data.items() if v is not None})


@time_machine.travel(datetime.datetime(2026, 3, 2, 20, 0, tzinfo=PARIS), tick=False)
def test_admin_attendance_goes_through_the_service_and_is_audited(admin_client):
    meeting = MeetingFactory(starts_at=SITTING)
    attendance = AttendanceFactory(meeting=meeting, member=MemberFactory(), status=AttendanceStatus.PRESENT)

    response = _post_status(admin_client, meeting, attendance, AttendanceStatus.EXCUSED)

    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.non_form_errors()
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.EXCUSED
    entry = AuditEntry.objects.get(action="attendance_marked")
    assert entry.changes == {"status": ["present", "excused"]} and entry.actor.email == "admin@example.org"


@time_machine.travel(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=PARIS), tick=False)
def test_admin_attendance_is_refused_once_the_minutes_are_published(admin_client):
    meeting = MeetingFactory(starts_at=SITTING)
    MinutesFactory(meeting=meeting, status=MinutesStatus.PUBLISHED)
    attendance = AttendanceFactory(meeting=meeting, member=MemberFactory(), status=AttendanceStatus.PRESENT)

    response = _post_status(admin_client, meeting, attendance, AttendanceStatus.ABSENT)

    assert response.status_code == 200
    assert "Le compte-rendu de cette séance est publié" in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.PRESENT
    assert not AuditEntry.objects.filter(action="attendance_marked").exists()
