"""The attendance sheet is read-only before the sitting's day and once its minutes are
published; the convocation is previewed and confirmed before it goes (QA findings)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Role, TitleForm
from sessions.demo import demo_seed
from sessions.meetings.services import (
    AgendaEntry,
    GuestData,
    attendance_add_person,
    attendance_mark,
    attendance_prefill,
    convocation_send,
    meeting_save,
)
from sessions.models import (
    Attendance,
    AttendanceStatus,
    InvitationAnswer,
    Meeting,
    MeetingInvitation,
    MeetingKind,
    MinutesStatus,
)

from .factories import MemberFactory, MinutesFactory, VenueFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BEFORE = datetime.datetime(2026, 3, 1, 10, tzinfo=PARIS)
DURING = datetime.datetime(2026, 3, 30, 18, 30, tzinfo=PARIS)
PUBLISHED_TEXT = (
    "Le compte-rendu de cette séance est publié\u00a0: la feuille de présence ne change plus. "
    "Pour corriger, créez une nouvelle version du compte-rendu."
)
NOT_YET_TEXT = "La feuille de présence s’ouvre le jour de la séance."


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _sitting(*, guests=()) -> Meeting:
    meeting = Meeting(
        kind=MeetingKind.PLENARY,
        title="Assemblée plénière de mars",
        starts_at=datetime.datetime(2026, 3, 30, 18, tzinfo=PARIS),
        ends_at=datetime.datetime(2026, 3, 30, 20, tzinfo=PARIS),
        venue=VenueFactory(name="Hôtel de Ville"),
    )
    return meeting_save(actor=None, meeting=meeting, agenda=[AgendaEntry(title="Accueil")], new_guests=guests)


# --- 1. before the sitting's day --------------------------------------------------------------


def test_before_the_day_the_sheet_says_so_and_offers_no_mark_button(staff_client):
    member = MemberFactory(first_name="Anaïs", last_name="Garnier")
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
        convocation_send(meeting=meeting, actor=None)
        page = staff_client.get(reverse("meetings:attendance_sheet", args=[meeting.pk]))
    content = page.content.decode()
    assert NOT_YET_TEXT in content
    assert content.index(NOT_YET_TEXT) < content.index("Garnier")  # at the top, above the rows
    assert reverse("meetings:attendance_mark", args=[meeting.pk, member.pk]) not in content
    assert "Présent·e<span" not in content
    assert 'action="' + reverse("meetings:attendance_add", args=[meeting.pk]) not in content


def test_before_the_day_a_mark_anyway_is_refused_at_the_top_of_the_page(staff_client):
    member = MemberFactory()
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
        convocation_send(meeting=meeting, actor=None)
        url = reverse("meetings:attendance_mark", args=[meeting.pk, member.pk])
        response = staff_client.post(url, {"status": "present"})
        assert response.status_code == 302
        assert response.url.endswith("#contenu")  # where the messages are, not the row
        followed = staff_client.get(response.url)
    assert NOT_YET_TEXT in followed.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_on_the_day_a_mark_still_lands_on_its_row(staff_client):
    member = MemberFactory()
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
        convocation_send(meeting=meeting, actor=None)
    with time_machine.travel(DURING, tick=False):
        response = staff_client.post(
            reverse("meetings:attendance_mark", args=[meeting.pk, member.pk]), {"status": "present"}
        )
    assert response.url.endswith(f"#personne-{member.pk}")


# --- 2. once the minutes are published --------------------------------------------------------


def _published_sitting():
    member = MemberFactory(last_name="Garnier")
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
        convocation_send(meeting=meeting, actor=None)
    MeetingInvitation.objects.filter(meeting=meeting, member=member).update(answer=InvitationAnswer.ATTENDING)
    Attendance.objects.create(meeting=meeting, member=MemberFactory(), status=AttendanceStatus.PRESENT)
    minutes = MinutesFactory(meeting=meeting, status=MinutesStatus.PUBLISHED)
    return meeting, member, minutes


def test_after_publication_the_services_refuse_to_change_attendance():
    meeting, member, _minutes = _published_sitting()
    with time_machine.travel(DURING + datetime.timedelta(days=10), tick=False):
        with pytest.raises(ValidationError) as marked:
            attendance_mark(meeting=meeting, member=member, status="present", actor=None)
        with pytest.raises(ValidationError):
            attendance_prefill(meeting=meeting, actor=None)
        with pytest.raises(ValidationError):
            attendance_add_person(
                meeting=meeting, actor=None, guest=GuestData(first_name="Denis", last_name="Mallet")
            )
    assert marked.value.messages == [PUBLISHED_TEXT]
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert not Attendance.objects.filter(member__last_name="Mallet").exists()


def test_after_publication_the_sheet_is_read_only_with_the_explanation(staff_client):
    meeting, member, _minutes = _published_sitting()
    with time_machine.travel(DURING + datetime.timedelta(days=10), tick=False):
        page = staff_client.get(reverse("meetings:attendance_sheet", args=[meeting.pk]))
        refused = staff_client.post(
            reverse("meetings:attendance_mark", args=[meeting.pk, member.pk]),
            {"status": "present"},
            follow=True,
        )
    content = page.content.decode()
    assert PUBLISHED_TEXT in content
    assert reverse("meetings:attendance_mark", args=[meeting.pk, member.pk]) not in content
    assert reverse("meetings:attendance_prefill", args=[meeting.pk]) not in content
    assert PUBLISHED_TEXT in refused.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, member=member).exists()


def test_a_new_version_of_the_minutes_reopens_the_sheet():
    meeting, member, minutes = _published_sitting()
    MinutesFactory(meeting=meeting, version=minutes.version + 1, status=MinutesStatus.DRAFT)
    with time_machine.travel(DURING + datetime.timedelta(days=10), tick=False):
        attendance_mark(meeting=meeting, member=member, status="excused", actor=None)
    assert Attendance.objects.get(meeting=meeting, member=member).status == AttendanceStatus.EXCUSED


def test_the_demo_reference_sitting_attendance_is_read_only(staff_client):
    seed = demo_seed()
    meeting = seed.meeting
    assert meeting.starts_at.astimezone(PARIS).date() == datetime.date(2025, 11, 28)
    line = meeting.attendances.select_related("member").first()
    before = line.status
    other = next(s for s in AttendanceStatus.values if s != before)
    with time_machine.travel(datetime.datetime(2026, 1, 15, 10, tzinfo=PARIS), tick=False):
        with pytest.raises(ValidationError):
            attendance_mark(meeting=meeting, member=line.member, status=other, actor=None)
        page = staff_client.get(reverse("meetings:attendance_sheet", args=[meeting.pk])).content.decode()
    assert PUBLISHED_TEXT in page
    assert reverse("meetings:attendance_mark", args=[meeting.pk, line.member.pk]) not in page
    line.refresh_from_db()
    assert line.status == before


# --- 3. convocation: preview and confirmation -----------------------------------------------


def _sitting_with_people():
    MemberFactory(first_name="Anaïs", last_name="Garnier")
    MemberFactory(first_name="Karim", last_name="Ouali", user=None)  # no address
    MemberFactory(first_name="Ancien", last_name="Membre", role=Role.OFFICER)  # staff: not convoked
    guest = GuestData(first_name="Denis", last_name="Mallet", email="dsi@example.org")
    return _sitting(guests=[guest])


def test_the_sitting_page_shows_who_will_receive_the_convocation_before_it_goes(staff_client):
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting_with_people()
        content = staff_client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    start = content.index("Qui la recevra")
    preview = content[start : content.index("Personnes convoquées et réponses")]
    for name in ("Anaïs Garnier", "Karim Ouali", "Denis Mallet"):
        assert name in preview
    assert "Ancien Membre" not in preview
    karim = preview[preview.index("Karim Ouali") :]
    assert karim[: karim.index("</li>")].count("pas d’adresse e-mail") == 1
    assert "Denis Mallet" in preview and "pas d’adresse" not in preview[preview.index("Denis Mallet") :][:120]
    # The button leads to a confirmation page (a link), it does not send.
    assert f'href="{reverse("meetings:meeting_convocation", args=[meeting.pk])}"' in content


def test_the_guest_role_is_said_once(staff_client):
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting(guests=[GuestData(first_name="Denis", last_name="Mallet", email="d@example.org")])
        MemberFactory(
            first_name="Inès", last_name="Dupuis", role=Role.GUEST, title_form=TitleForm.INCLUSIVE, user=None
        )
        content = staff_client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Denis Mallet" in content
    assert "invité·e · invité·e" not in content
    assert "invité·e" in content


def test_the_send_button_asks_for_confirmation_then_sends(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting_with_people()
        url = reverse("meetings:meeting_convocation", args=[meeting.pk])
        confirm = staff_client.get(url)
        assert confirm.status_code == 200
        assert mailoutbox == []
        assert MeetingInvitation.objects.filter(meeting=meeting).count() == 1  # only the guest so far
        meeting.refresh_from_db()
        assert meeting.convocation_sent_at is None
        content = confirm.content.decode()
        assert "2 personnes recevront la convocation par e-mail" in content
        assert "Convocation – Assemblée plénière de mars" in content
        assert "Karim Ouali" in content[content.index("Pas d’e-mail pour ces personnes") :]
        assert "Confirmer l’envoi" in content

        with django_capture_on_commit_callbacks(execute=True):
            sent = staff_client.post(url, follow=True)
    assert "Convocation envoyée à 2 destinataire(s)." in sent.content.decode()
    assert sorted(m.subject for m in mailoutbox) == ["Convocation – Assemblée plénière de mars"] * 2


def test_the_resend_confirmation_counts_everyone_and_says_it_is_an_update(staff_client):
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting_with_people()
        convocation_send(meeting=meeting, actor=None)
        detail = staff_client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
        url = reverse("meetings:meeting_convocation", args=[meeting.pk])
        assert f'href="{url}?renvoi=1"' in detail
        content = staff_client.get(url + "?renvoi=1").content.decode()
    assert "Convocation mise à jour – Assemblée plénière de mars" in content
    assert "2 personnes recevront la convocation" in content
    assert 'name="resend"' in content


def test_the_confirmation_page_after_the_start_goes_back_with_the_reason(staff_client):
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
    with time_machine.travel(DURING, tick=False):
        response = staff_client.get(reverse("meetings:meeting_convocation", args=[meeting.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("meetings:meeting_detail", args=[meeting.pk])
    assert "la convocation ne peut plus être envoyée" in response.content.decode()
