"""Issue 12, sections 3 and 4: sittings recorded after the fact (one-form sheet, « ajouter
tous les membres en mandat », working groups, « Nouveau lieu ») and paper (letters for the
people without e-mail, sign-in sheet, the published minutes' PDF attached to the e-mail)."""

import datetime
import hashlib
import io
import time
import zoneinfo

import pikepdf
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from members.models import Role
from notifications.models import Notification
from pdin.models import Venue
from sessions.meetings.pdf import convocation_letters_pdf, signin_sheet_pdf
from sessions.meetings.services import (
    Mark,
    attendance_add_convened,
    attendance_sheet_save,
    convocation_send,
)
from sessions.models import Attendance, AttendanceStatus, Meeting, MeetingKind, MinutesStatus, Visibility
from workstreams.models import Participation

from .factories import (
    AttendanceFactory,
    CouncilFactory,
    MeetingFactory,
    MemberFactory,
    MinutesFactory,
    VenueFactory,
    WorkstreamFactory,
    build_minutes,
)
from .pdf_checks import normalise, pages_text

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
LATER = datetime.datetime(2026, 1, 15, 10, tzinfo=PARIS)  # after the sittings below


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _past_sitting(**fields) -> Meeting:
    return MeetingFactory(
        starts_at=datetime.datetime(2025, 11, 28, 18, tzinfo=PARIS),
        ends_at=datetime.datetime(2025, 11, 28, 20, tzinfo=PARIS),
        venue=VenueFactory(name="Hôtel de Ville", address="1 place de la Mairie", city="Villeneuve"),
        **fields,
    )


# --- after the fact ------------------------------------------------------------------------


def test_add_everyone_in_mandate_twice_adds_nobody_twice(staff_user):
    meeting = _past_sitting()
    members = MemberFactory.create_batch(4)
    MemberFactory(role=Role.GUEST, mandate_start=None)  # not on the council
    MemberFactory(mandate_start=datetime.date(2025, 12, 1))  # mandate starts after the sitting
    with time_machine.travel(LATER, tick=False):
        assert attendance_add_convened(meeting=meeting, actor=staff_user) == 4
        assert attendance_add_convened(meeting=meeting, actor=staff_user) == 0
    assert set(meeting.invitations.values_list("member_id", flat=True)) == {m.pk for m in members}
    assert not Notification.objects.exists()  # recorded after the fact: no e-mail goes


def test_working_group_convenes_its_axis_participants_unless_the_council_is_added(staff_user):
    axis = WorkstreamFactory()
    inside, outside = MemberFactory(), MemberFactory()
    Participation.objects.create(workstream=axis, member=inside)
    meeting = _past_sitting(kind=MeetingKind.WORKING_GROUP, workstream=axis)
    with time_machine.travel(LATER, tick=False):
        assert attendance_add_convened(meeting=meeting, actor=staff_user) == 1
        assert list(meeting.invitations.values_list("member_id", flat=True)) == [inside.pk]
        meeting.convene_council = True
        meeting.save()
        assert attendance_add_convened(meeting=meeting, actor=staff_user) == 1
    assert set(meeting.invitations.values_list("member_id", flat=True)) == {inside.pk, outside.pk}


def test_one_form_sheet_records_everyone_at_once_with_reasons(staff_client, django_assert_num_queries):
    meeting = _past_sitting()
    people = MemberFactory.create_batch(3)
    with time_machine.travel(LATER, tick=False):
        staff_client.post(reverse("meetings:attendance_add_convened", args=[meeting.pk]))
        url = reverse("meetings:attendance_sheet", args=[meeting.pk])
        staff_client.get(url)  # warm the session's MFA flag
        # user (session: cache), council, then: meeting, minutes status, lines, invitations, quorum (4), "add" select
        with django_assert_num_queries(11):
            assert staff_client.get(url).status_code == 200
        response = staff_client.post(
            url,
            {
                f"status-{people[0].pk}": "present",
                f"status-{people[1].pk}": "excused",
                f"reason-{people[1].pk}": "raisons professionnelles",
                f"status-{people[2].pk}": "absent",
                f"reason-{people[2].pk}": "ignored unless excused",
            },
        )
    assert response.status_code == 302
    lines = {a.member_id: (a.status, a.reason) for a in Attendance.objects.filter(meeting=meeting)}
    assert lines == {
        people[0].pk: ("present", ""),
        people[1].pk: ("excused", "raisons professionnelles"),
        people[2].pk: ("absent", ""),
    }


def test_one_form_sheet_is_refused_in_french_once_the_minutes_are_published(staff_user):
    meeting = _past_sitting()
    person = MemberFactory()
    MinutesFactory(meeting=meeting, status=MinutesStatus.PUBLISHED)
    with time_machine.travel(LATER, tick=False), pytest.raises(ValidationError, match="publié"):
        attendance_sheet_save(
            meeting=meeting, marks=[Mark(person, AttendanceStatus.PRESENT)], actor=staff_user
        )
    assert not Attendance.objects.exists()


def test_sheet_closed_before_the_day_even_with_the_one_form(staff_user):
    meeting = _past_sitting()
    with time_machine.travel(datetime.datetime(2025, 11, 1, tzinfo=PARIS), tick=False):
        with pytest.raises(ValidationError, match="s’ouvre le jour de la séance"):
            attendance_add_convened(meeting=meeting, actor=staff_user)


def test_new_venue_from_the_sitting_form_keeps_what_was_typed(staff_client):
    form = {
        "kind": "plenary",
        "title": "Plénière de rattrapage",
        "day": "2025-11-28",
        "start_time": "18:00",
        "end_time": "20:00",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": "Accueil",
        "agenda-1-title": "",
        "guests-TOTAL_FORMS": "1",
        "guests-INITIAL_FORMS": "0",
        "lieu-name": "Centre social des Tilleuls",
        "lieu-address": "4 rue des Tilleuls",
        "lieu-city": "Villeneuve",
        "lieu-accessibility": "Plain-pied, boucle magnétique",
        "lieu-public_transport": "Tram T2, arrêt Tilleuls",
        "action": "lieu",
    }
    response = staff_client.post(reverse("meetings:meeting_create"), form)
    assert response.status_code == 200
    venue = Venue.objects.get()
    assert venue.public_transport == "Tram T2, arrêt Tilleuls" and venue.slug == "centre-social-des-tilleuls"
    assert not Meeting.objects.exists()  # only the venue so far
    page = response.content.decode()
    assert 'value="Plénière de rattrapage"' in page and 'value="Accueil"' in page
    assert f'<option value="{venue.pk}" selected>' in page
    assert "Ce champ est obligatoire" not in page
    # Saving now creates the sitting in the past, at that venue, without convocation.
    form.update({"venue": str(venue.pk), "action": ""})
    form = {k: v for k, v in form.items() if not k.startswith("lieu-")}
    assert staff_client.post(reverse("meetings:meeting_create"), form).status_code == 302
    assert Meeting.objects.get().venue == venue


def test_a_venue_without_name_is_refused_and_nothing_is_lost(staff_client):
    response = staff_client.post(
        reverse("meetings:meeting_create"),
        {
            "kind": "plenary",
            "title": "Plénière",
            "agenda-TOTAL_FORMS": "0",
            "agenda-INITIAL_FORMS": "0",
            "guests-TOTAL_FORMS": "0",
            "guests-INITIAL_FORMS": "0",
            "lieu-city": "Villeneuve",
            "action": "lieu",
        },
    )
    assert response.status_code == 400
    assert "Indiquez le nom du nouveau lieu." in response.content.decode()
    assert 'value="Plénière"' in response.content.decode()
    assert not Venue.objects.exists()


# --- paper ---------------------------------------------------------------------------------


def _coming_sitting_with_paper_people():
    CouncilFactory(phone="01 23 45 67 89", address="1 place de la Mairie, 00000 Villeneuve")
    meeting = MeetingFactory(
        title="Assemblée plénière de mars",
        starts_at=datetime.datetime(2026, 3, 30, 18, tzinfo=PARIS),
        ends_at=datetime.datetime(2026, 3, 30, 20, tzinfo=PARIS),
        venue=VenueFactory(name="Hôtel de Ville", public_transport="Bus 12, arrêt Mairie"),
    )
    meeting.agenda_items.create(title="Bilan de l’inclusion numérique", order=0)
    meeting.agenda_items.create(title="Saisine : le chatbot municipal", order=1)
    no_address = MemberFactory(user=None, first_name="Josette", last_name="Aubert")
    paper = MemberFactory(first_name="Marcel", last_name="Bonnet", wants_paper=True)
    emailed = MemberFactory(first_name="Inès", last_name="Charpentier")
    return meeting, no_address, paper, emailed


def test_convocation_page_says_why_each_person_gets_no_email(staff_client, django_assert_num_queries):
    meeting, no_address, paper, emailed = _coming_sitting_with_paper_people()
    url = reverse("meetings:meeting_convocation", args=[meeting.pk])
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=PARIS), tick=False):
        staff_client.get(url)
        # user (session from the cache), council, then: meeting, invitations, convened members
        with django_assert_num_queries(5):
            response = staff_client.get(url)
        page = response.content.decode()
        assert "Josette Aubert" in page and "pas d’adresse e-mail" in page
        assert "a demandé ses convocations sur papier" in page
        assert "ajoutées depuis" not in page
        assert reverse("meetings:convocation_letters", args=[meeting.pk]) in page
        assert reverse("meetings:signin_sheet", args=[meeting.pk]) in page
        result = convocation_send(meeting=meeting, actor=None)
    assert result.sent == 1
    assert {p.pk for p in result.without_address} == {no_address.pk, paper.pk}
    assert Notification.objects.get().recipient == emailed.user.email


def test_paper_letters_one_per_person_tagged_french_fonts_embedded(staff_client):
    meeting, no_address, paper, emailed = _coming_sitting_with_paper_people()
    response = staff_client.get(reverse("meetings:convocation_letters", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="convocations-2026-03-30.pdf"' in response["Content-Disposition"]
    pages = [normalise(text) for text in pages_text(response.content)]
    assert len(pages) == 2
    for page, person in zip(pages, (no_address, paper), strict=True):
        assert normalise(person.full_name) in page
        assert "lundi 30 mars 2026 à 18 h" in page
        assert "hôtel de ville" in page and "bus 12, arrêt mairie" in page
        assert "bilan de l'inclusion numérique" in page and "saisine : le chatbot municipal" in page
        assert "par téléphone au 01 23 45 67 89" in page
    assert normalise(emailed.full_name) not in " ".join(pages)
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "fr"
        names = set()
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                names.add(str(font.BaseFont).split("+")[-1])
    # The text in Liberation Sans, as the minutes; the check boxes (☐) from the DejaVu fallback.
    assert any(name.startswith("Liberation-Sans") for name in names), names


def test_paper_text_keeps_french_non_breaking_spaces():
    meeting, *_ = _coming_sitting_with_paper_people()
    reader = PdfReader(io.BytesIO(convocation_letters_pdf(meeting=meeting)))
    text = reader.pages[0].extract_text()
    assert "«\u00a0Assemblée plénière de mars\u00a0»" in text
    assert "coupon\u00a0:" in text and "Saisine\u00a0: le chatbot" in text


def test_twenty_letters_print_one_page_per_person_convened_on_paper():
    # How fast they render is for `make bench`, not a wall-clock bound in the suite.
    meeting, *_ = _coming_sitting_with_paper_people()
    MemberFactory.create_batch(18, user=None)
    pdf = convocation_letters_pdf(meeting=meeting)
    assert len(pages_text(pdf)) == 20


def test_signin_sheet_lists_everyone_convened_with_a_column_to_sign(staff_client):
    meeting, no_address, paper, emailed = _coming_sitting_with_paper_people()
    walk_in = AttendanceFactory(meeting=meeting).member
    response = staff_client.get(reverse("meetings:signin_sheet", args=[meeting.pk]))
    assert 'filename="emargement-2026-03-30.pdf"' in response["Content-Disposition"]
    text = normalise(" ".join(pages_text(response.content)))
    assert "feuille d'émargement" in text and "signature" in text
    for person in (no_address, paper, emailed, walk_in):
        assert normalise(person.last_name) in text
    started = time.perf_counter()
    signin_sheet_pdf(meeting=meeting)
    print(f"sign-in sheet: {time.perf_counter() - started:.2f} s")  # noqa: T201


# --- the published minutes' e-mail ---------------------------------------------------------


@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.PUBLIC])
def test_published_email_carries_the_stored_pdf(
    visibility, staff_user, member_user, django_capture_on_commit_callbacks
):
    from sessions.minutes.checks import minutes_check
    from sessions.minutes.services import minutes_publish

    draft = build_minutes(status=MinutesStatus.DRAFT)
    draft.visibility = visibility
    draft.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with django_capture_on_commit_callbacks(execute=True):
            minutes_publish(
                minutes=draft,
                actor=staff_user,
                acknowledged_warnings=[w.key for w in minutes_check(minutes=draft)],
            )
    draft.refresh_from_db()
    with draft.pdf.open("rb") as handle:
        stored = handle.read()
    published = [m for m in mail.outbox if "publié" in m.subject.lower()]
    assert published
    recipients = {address for message in published for address in message.to}
    assert member_user.email in recipients
    assert (staff_user.email in recipients) == (visibility == Visibility.PUBLIC)
    for message in published:
        [(filename, content, mimetype)] = message.attachments
        assert filename == f"compte-rendu-{draft.meeting.date.isoformat()}.pdf"
        assert mimetype == "application/pdf"
        assert content == stored
        assert hashlib.sha256(content).hexdigest() == draft.pdf_sha256
