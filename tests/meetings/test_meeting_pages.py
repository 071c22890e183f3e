"""Pages of the sittings: staff pages (create, convocation, attendance sheet, records), the
answer pages (signed link, member's space) and the dashboard block; query counts pinned."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from members.models import Role
from sessions.meetings.services import AgendaEntry, convocation_send, meeting_save, rsvp_token
from sessions.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    InvitationAnswer,
    Meeting,
    MeetingInvitation,
    MeetingKind,
)

from .factories import AttendanceFactory, MeetingFactory, MemberFactory, VenueFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BEFORE = datetime.datetime(2026, 3, 1, 10, tzinfo=PARIS)
DURING = datetime.datetime(2026, 3, 30, 18, 30, tzinfo=PARIS)


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _sitting(day=datetime.date(2026, 3, 30)) -> Meeting:
    meeting = Meeting(
        kind=MeetingKind.PLENARY,
        starts_at=paris(day.year, day.month, day.day, 18),
        ends_at=paris(day.year, day.month, day.day, 20),
        venue=VenueFactory(name="Hôtel de Ville"),
    )
    return meeting_save(actor=None, meeting=meeting, agenda=[AgendaEntry(title="Accueil")])


def _form_data(**overrides) -> dict:
    data = {
        "kind": MeetingKind.PLENARY,
        "title": "",
        "workstream": "",
        "day": "2026-03-30",
        "start_time": "18:00",
        "end_time": "20:00",
        "venue": "",
        "convener": "",
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": "Accueil des membres",
        "agenda-0-workstream": "",
        "agenda-1-title": "",
        "agenda-1-workstream": "",
        "agenda-2-title": "Questions diverses",
        "agenda-2-workstream": "",
        "guests-TOTAL_FORMS": "1",
        "guests-INITIAL_FORMS": "0",
        "guests-0-first_name": "Denis",
        "guests-0-last_name": "Mallet",
        "guests-0-position": "directeur des systèmes d’information",
        "guests-0-organisation": "",
        "guests-0-email": "dsi@example.org",
    }
    data.update(overrides)
    return data


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["meetings:meeting_list", "meetings:meeting_create", "meetings:attendance_overview"]
)
def test_staff_pages_send_anonymous_to_login_and_refuse_members(client, member_user, name):
    url = reverse(name)
    assert client.get(url).status_code == 302
    client.force_login(member_user)
    assert client.get(url).status_code == 403


# --- creating a sitting -------------------------------------------------------------------


def test_staff_create_a_sitting_with_agenda_and_a_new_invited_person(staff_client):
    venue = VenueFactory(name="Hôtel de Ville")
    axis = WorkstreamFactory(title="Inclusion numérique")
    data = _form_data(venue=venue.pk, **{"agenda-2-workstream": axis.pk})

    with time_machine.travel(BEFORE, tick=False):
        response = staff_client.post(reverse("meetings:meeting_create"), data)

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:meeting_detail", args=[meeting.pk])
    assert meeting.starts_at == paris(2026, 3, 30, 18)
    assert meeting.starts_at.astimezone(datetime.UTC).hour == 16  # summer time from 29 March
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
    assert [(i.title, i.workstream_id) for i in items] == [
        ("Accueil des membres", None),
        ("Questions diverses", axis.pk),
    ]
    guest = MeetingInvitation.objects.get(meeting=meeting, is_guest=True).member
    assert (guest.full_name, guest.role, guest.user_id, guest.contact_email) == (
        "Denis Mallet",
        Role.GUEST,
        None,
        "dsi@example.org",
    )


def test_bad_input_is_explained_in_french_and_nothing_is_lost(staff_client):
    venue = VenueFactory()
    data = _form_data(venue=venue.pk, end_time="17:00", kind=MeetingKind.WORKING_GROUP)

    response = staff_client.post(reverse("meetings:meeting_create"), data)
    content = response.content.decode()

    assert response.status_code == 400
    assert "L’heure de fin doit suivre l’heure de début." in content
    assert "Un groupe de travail porte sur un axe de travail" in content
    assert 'value="Accueil des membres"' in content
    assert 'value="dsi@example.org"' in content
    assert not Meeting.objects.exists()


def test_staff_edit_a_sitting_keeps_its_agenda_in_order(staff_client):
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
        page = staff_client.get(reverse("meetings:meeting_edit", args=[meeting.pk]))
        assert 'value="Accueil"' in page.content.decode()
        assert 'value="2026-03-30"' in page.content.decode()
        data = _form_data(
            venue=meeting.venue_id,
            start_time="17:30",
            **{
                "guests-0-first_name": "",
                "guests-0-last_name": "",
                "guests-0-position": "",
                "guests-0-email": "",
            },
        )
        response = staff_client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == paris(2026, 3, 30, 17, 30)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Accueil des membres",
        "Questions diverses",
    ]


# --- convocation --------------------------------------------------------------------------


def test_send_convocation_button(staff_client, django_capture_on_commit_callbacks, mailoutbox):
    MemberFactory()
    MemberFactory(user=None)  # no address
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                reverse("meetings:meeting_convocation", args=[meeting.pk]), follow=True
            )

    content = response.content.decode()
    assert "Convocation envoyée à 1 destinataire(s)." in content
    assert "Sans adresse e-mail" in content
    assert len(mailoutbox) == 1
    assert "pas d’adresse e-mail" in content


def test_convocation_button_refused_after_start(staff_client):
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
    with time_machine.travel(DURING, tick=False):
        response = staff_client.post(reverse("meetings:meeting_convocation", args=[meeting.pk]), follow=True)
    assert "la convocation ne peut plus être envoyée" in response.content.decode()


# --- answering ----------------------------------------------------------------------------


def _convoked(member):
    with time_machine.travel(BEFORE, tick=False):
        meeting = _sitting()
        convocation_send(meeting=meeting, actor=None)
    return meeting, MeetingInvitation.objects.get(meeting=meeting, member=member)


def test_answer_from_the_email_link_without_login_until_the_start(client):
    member = MemberFactory()
    meeting, invitation = _convoked(member)
    url = reverse("meetings:meeting_rsvp", args=[rsvp_token(invitation)])

    with time_machine.travel(paris(2026, 3, 10, 12), tick=False):
        page = client.get(url)
        assert page.status_code == 200
        assert page["Cache-Control"] == "private, no-store"
        assert "Enregistrer ma réponse" in page.content.decode()
        response = client.post(url, {"answer": "excused", "reason": "Rendez-vous médical"})
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert (invitation.answer, invitation.reason) == ("excused", "Rendez-vous médical")
        client.post(url, {"answer": "attending", "reason": ""})
        invitation.refresh_from_db()
        assert invitation.answer == "attending"

    with time_machine.travel(paris(2026, 3, 30, 18, 0), tick=False):
        page = client.get(url)
        refused = client.post(url, {"answer": "excused", "reason": ""})
    assert "votre réponse ne peut plus être modifiée" in page.content.decode()
    assert "Enregistrer ma réponse" not in page.content.decode()
    assert refused.status_code == 409
    invitation.refresh_from_db()
    assert invitation.answer == "attending"


def test_a_tampered_answer_link_is_a_404(client):
    member = MemberFactory()
    _meeting, invitation = _convoked(member)
    token = rsvp_token(invitation)
    assert client.get(reverse("meetings:meeting_rsvp", args=[token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("meetings:meeting_rsvp", args=["nimportequoi"])).status_code == 404


def test_members_answer_from_their_dashboard(client):
    member = MemberFactory()
    other = _sitting(datetime.date(2026, 4, 20))
    meeting, invitation = _convoked(member)
    client.force_login(member.user)

    with time_machine.travel(paris(2026, 3, 10, 12), tick=False):
        dashboard = client.get(reverse("home:dashboard")).content.decode()
        assert "Mes prochaines séances" in dashboard
        assert "lundi 30 mars 2026 à 18\u00a0h" in dashboard or "lundi 30 mars 2026 à 18 h" in dashboard
        url = reverse("meetings:meeting_rsvp_member", args=[meeting.pk])
        assert url in dashboard
        response = client.post(url, {"answer": "excused", "reason": "", "next": reverse("home:dashboard")})
        assert response.status_code == 302
        assert response.url == reverse("home:dashboard")
        assert client.get(reverse("meetings:meeting_rsvp_member", args=[other.pk])).status_code == 404

    invitation.refresh_from_db()
    assert invitation.answer == InvitationAnswer.EXCUSED


# --- attendance sheet ---------------------------------------------------------------------


def test_one_click_per_person_and_totals(staff_client):
    present, absent = MemberFactory(last_name="Alpha"), MemberFactory(last_name="Bravo")
    meeting, _invitation = _convoked(present)
    stranger = MemberFactory()
    mark = "meetings:attendance_mark"

    with time_machine.travel(DURING, tick=False):
        response = staff_client.post(reverse(mark, args=[meeting.pk, present.pk]), {"status": "present"})
        assert response.status_code == 302
        assert response.url.endswith(f"#personne-{present.pk}")
        staff_client.post(reverse(mark, args=[meeting.pk, absent.pk]), {"status": "absent"})
        assert (
            staff_client.post(reverse(mark, args=[meeting.pk, stranger.pk]), {"status": "absent"}).status_code
            == 404
        )
        added = staff_client.post(
            reverse("meetings:attendance_add", args=[meeting.pk]),
            {
                "first_name": "Claire",
                "last_name": "Marchand",
                "position": "responsable de service",
                "status": "present",
            },
        )
        assert added.status_code == 302
        sheet = staff_client.get(reverse("meetings:attendance_sheet", args=[meeting.pk]))

    content = sheet.content.decode()
    assert sheet.context["sheet"].totals == {
        "present": 2,
        "excused": 0,
        "absent": 1,
        "unrecorded": 0,
        "total": 3,
    }
    # The one-form sheet shows what is recorded as the checked choice.
    assert sheet.context["sheet_form"][f"status-{present.pk}"].value() == "present"
    assert f'value="present" id="id_status-{present.pk}_0" checked' in content.replace("\n", "")
    assert (
        Attendance.objects.get(meeting=meeting, member__last_name="Marchand").role_label
        == "responsable de service"
    )


def test_adding_nobody_on_the_spot_is_explained(staff_client):
    with time_machine.travel(DURING, tick=False):
        meeting = _sitting()
        response = staff_client.post(
            reverse("meetings:attendance_add", args=[meeting.pk]), {"status": "present"}
        )
    assert response.status_code == 400
    assert "Choisissez une personne déjà connue ou saisissez un nom." in response.content.decode()


def test_prefill_button_fills_the_sheet_from_answers(staff_client):
    member = MemberFactory()
    meeting, invitation = _convoked(member)
    invitation.answer = InvitationAnswer.EXCUSED
    invitation.save()
    with time_machine.travel(DURING, tick=False):
        page = staff_client.get(reverse("meetings:attendance_sheet", args=[meeting.pk])).content.decode()
        assert "Préremplir d’après les réponses" in page
        staff_client.post(reverse("meetings:attendance_prefill", args=[meeting.pk]))
    assert Attendance.objects.get(meeting=meeting, member=member).status == AttendanceStatus.EXCUSED


# --- records and alerts -------------------------------------------------------------------


def _history(member, statuses):
    """``member``'s attendance at past sittings, oldest first."""
    for index, status in enumerate(statuses):
        meeting = MeetingFactory(starts_at=paris(2026, 1 + index, 10, 18))
        AttendanceFactory(meeting=meeting, member=member, status=status)


def test_member_record_shows_rates_and_alerts_after_three_unexcused_absences(staff_client, settings):
    member = MemberFactory(first_name="Karim", last_name="Ouali")
    _history(member, ["present", "excused", "absent", "absent", "absent"])
    with time_machine.travel(paris(2026, 11, 30, 12), tick=False):
        page = staff_client.get(reverse("meetings:member_attendance", args=[member.pk]))
        listing = staff_client.get(reverse("meetings:meeting_list")).content.decode()
        settings.MEETING_ABSENCE_ALERT_THRESHOLD = 4
        calmer = staff_client.get(reverse("meetings:meeting_list")).content.decode()

    record = page.context["record"]
    assert (record.present, record.excused, record.absent, record.streak) == (1, 1, 3, 3)
    assert (record.present_rate, record.excused_rate, record.absent_rate) == (20, 20, 60)
    assert record.alert
    assert "a manqué ses 3 dernières séances sans s’excuser" in page.content.decode()
    assert "Karim Ouali" in listing and "absences non excusées consécutives" in listing
    assert "Karim Ouali" not in calmer


def test_an_excused_absence_breaks_the_streak(staff_client):
    member = MemberFactory()
    _history(member, ["absent", "absent", "absent", "excused"])
    with time_machine.travel(paris(2026, 11, 30, 12), tick=False):
        record = staff_client.get(reverse("meetings:member_attendance", args=[member.pk])).context["record"]
    assert (record.streak, record.alert) == (0, False)


# --- query counts -------------------------------------------------------------------------


def _populate(size: int):
    members = [MemberFactory() for _ in range(size)]
    for index in range(size):
        meeting = MeetingFactory(starts_at=paris(2026, 1 + index, 10, 18), venue=VenueFactory())
        for member in members:
            AttendanceFactory(meeting=meeting, member=member, status="absent")
            MeetingInvitation.objects.create(meeting=meeting, member=member, answer="attending")
    coming = MeetingFactory(starts_at=paris(2026, 12, 15, 18), venue=VenueFactory())
    for member in members:
        MeetingInvitation.objects.create(meeting=coming, member=member)
    return members, coming


@pytest.mark.parametrize("size", [2, 5])
def test_staff_list_pages_query_counts_do_not_grow(staff_client, django_assert_num_queries, size):
    members, coming = _populate(size)
    last_past = Meeting.objects.filter(starts_at__lt=coming.starts_at).order_by("-starts_at").first()
    pages = [
        # user and council (context processor; the session comes from the cache), then the page’s own:
        (reverse("meetings:meeting_list"), 5),  # meetings with counts, members in mandate, attendances
        (reverse("meetings:attendance_overview"), 4),  # members in mandate, their attendances
        (reverse("meetings:member_attendance", args=[members[0].pk]), 4),  # the member, their lines
        # the meeting, invitations, agenda, convocation preview (invitations, members in
        # mandate), quorum (rule, members, present, any line), the minutes' versions
        (reverse("meetings:meeting_detail", args=[coming.pk]), 12),
        # the meeting, published minutes?, lines, invitations, quorum (4), people for the "add" select
        (reverse("meetings:attendance_sheet", args=[last_past.pk]), 11),
    ]
    with time_machine.travel(paris(2026, 11, 30, 12), tick=False):
        for url, count in pages:
            staff_client.get(url)  # warm the session's MFA flag
            with django_assert_num_queries(count):
                assert staff_client.get(url).status_code == 200


def test_dashboard_block_costs_one_query(client, django_assert_num_queries):
    members, coming = _populate(2)
    coming.convocation_sent_at = paris(2026, 11, 1, 10)
    coming.save()
    client.force_login(members[0].user)
    with time_machine.travel(paris(2026, 11, 30, 12), tick=False):
        client.get(reverse("home:dashboard"))
        from sessions.templatetags.meeting_tags import member_upcoming_meetings

        with django_assert_num_queries(1):
            result = member_upcoming_meetings({}, members[0])
    assert [i.meeting_id for i in result["invitations"]] == [coming.pk]
