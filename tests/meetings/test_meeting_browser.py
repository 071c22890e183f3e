"""The chargé de mission creates a sitting and records attendance, in Chromium, without JavaScript needs."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from sessions.models import Attendance, AttendanceStatus, Meeting, MeetingInvitation

from .factories import MemberFactory, VenueFactory, WorkstreamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user) -> None:
    """Share a logged-in session with the browser (staff log in with a second factor)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_charge_de_mission_creates_a_sitting_and_records_attendance(live_server, page, staff_user):
    VenueFactory(name="Hôtel de Ville")
    WorkstreamFactory(title="Inclusion numérique")
    anais = MemberFactory(first_name="Anaïs", last_name="Garnier")
    karim = MemberFactory(first_name="Karim", last_name="Ouali")
    _log_in(page, live_server, staff_user)
    today = timezone.localdate()
    page.set_default_timeout(5000)

    page.goto(live_server.url + "/espace/")
    page.get_by_role("link", name="Séances", exact=True).click()
    page.get_by_role("link", name="Créer une séance").click()
    page.get_by_label("Type de séance").select_option("plenary")
    page.get_by_label("Intitulé", exact=True).fill("Assemblée plénière de décembre")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Heure de début").fill("18:00")
    page.get_by_label("Heure de fin").fill("20:00")
    page.locator("#id_venue").select_option(label="Hôtel de Ville")
    page.get_by_role("group", name="Point 1").get_by_label("Intitulé du point").fill("Accueil des membres")
    page.get_by_role("group", name="Point 2").get_by_label("Intitulé du point").fill(
        "Point sur l’inclusion numérique"
    )
    page.get_by_role("group", name="Point 2").get_by_label("Axe de travail").select_option(
        label="Inclusion numérique"
    )
    page.get_by_role("button", name="Enregistrer la séance").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Assemblée plénière de décembre"
    assert "La séance est créée." in page.content()
    meeting = Meeting.objects.get()
    # Members in mandate are convoked when the convocation goes; here staff record the sheet directly.
    for member in (anais, karim):
        MeetingInvitation.objects.create(meeting=meeting, member=member)

    page.get_by_role("link", name="Feuille de présence").click()
    page.get_by_role("group", name="Anaïs Garnier").get_by_label("Présent·e").check()
    page.get_by_role("group", name="Karim Ouali").get_by_label("Absent·e").check()
    page.get_by_role("button", name="Enregistrer la feuille de présence").click()
    page.get_by_label("Prénom").fill("Denis")
    page.get_by_label("Nom", exact=True).fill("Mallet")
    page.get_by_label("Fonction").fill("directeur des systèmes d’information")
    page.get_by_role("button", name="Ajouter la personne").click()

    totals = page.locator(".attendance-totals").inner_text()
    assert "Présent·es\u00a0: 2" in totals
    assert "Absent·es\u00a0: 1" in totals
    assert page.get_by_role("group", name="Anaïs Garnier").get_by_label("Présent·e").is_checked()
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("member__last_name", "status"))
    assert statuses == {
        "Garnier": AttendanceStatus.PRESENT,
        "Ouali": AttendanceStatus.ABSENT,
        "Mallet": AttendanceStatus.PRESENT,
    }
    assert meeting.starts_at == timezone.make_aware(datetime.datetime.combine(today, datetime.time(18)))


def _axe_violations(page) -> list:
    page.add_script_tag(path="node_modules/axe-core/axe.min.js")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', "
        "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.browser_context_args(bypass_csp=True)  # axe-core is injected as a script
def test_past_sitting_attendance_for_17_people_in_three_submissions(live_server, page, staff_user):
    """Issue 12: before, recording 17 people after the fact took 18 submissions (the sitting,
    then « Ajouter la personne » once per person); now: the sitting, « Ajouter tous les
    membres en mandat », and the one-form sheet."""
    VenueFactory(name="Hôtel de Ville")
    people = MemberFactory.create_batch(17, mandate_start=datetime.date(2025, 1, 1))
    _log_in(page, live_server, staff_user)
    page.set_default_timeout(10000)
    submissions = []
    page.on(
        "request",
        lambda request: (
            submissions.append(request.url)
            if request.method == "POST" and request.resource_type == "document"
            else None
        ),
    )
    past = timezone.localdate() - datetime.timedelta(days=10)

    page.goto(live_server.url + "/comptes-rendus/seances/nouvelle/")
    assert _axe_violations(page) == []
    page.get_by_label("Type de séance").select_option("plenary")
    page.get_by_label("Intitulé", exact=True).fill("Plénière tenue sans convocation")
    page.get_by_label("Date").fill(past.isoformat())
    page.get_by_label("Heure de début").fill("18:00")
    page.get_by_label("Heure de fin").fill("20:00")
    page.locator("#id_venue").select_option(label="Hôtel de Ville")
    page.get_by_role("button", name="Enregistrer la séance").click()  # 1
    assert "Séance déjà tenue" in page.content()
    assert _axe_violations(page) == []

    page.get_by_role("link", name="Feuille de présence").click()
    page.get_by_role("button", name="Ajouter tous les membres en mandat").click()  # 2
    assert _axe_violations(page) == []
    for person in people[:15]:
        page.get_by_role("group", name=person.full_name, exact=True).get_by_label("Présent·e").check()
    excused = page.get_by_role("group", name=people[15].full_name, exact=True)
    excused.get_by_label("Excusé·e").check()
    excused.get_by_label("Motif de l’absence excusée").fill("raisons professionnelles")
    page.get_by_role("group", name=people[16].full_name, exact=True).get_by_label("Absent·e").check()
    page.get_by_role("button", name="Enregistrer la feuille de présence").click()  # 3

    assert "Feuille de présence enregistrée" in page.content()
    meeting = Meeting.objects.get()
    lines = Attendance.objects.filter(meeting=meeting)
    assert lines.count() == 17
    assert lines.filter(status=AttendanceStatus.PRESENT).count() == 15
    assert lines.get(member=people[15]).reason == "raisons professionnelles"
    assert lines.get(member=people[16]).status == AttendanceStatus.ABSENT
    assert len(submissions) == 3, submissions
    assert not MeetingInvitation.objects.filter(meeting=meeting, convoked_at__isnull=False).exists()


@pytest.mark.browser_context_args(bypass_csp=True)
def test_new_venue_and_convocation_page_in_chromium(live_server, page, staff_user):
    _log_in(page, live_server, staff_user)
    page.set_default_timeout(10000)
    MemberFactory(user=None, first_name="Josette", last_name="Aubert")
    coming = timezone.localdate() + datetime.timedelta(days=20)
    page.goto(live_server.url + "/comptes-rendus/seances/nouvelle/")
    page.get_by_label("Type de séance").select_option("plenary")
    page.get_by_label("Intitulé", exact=True).fill("Plénière de printemps")
    page.get_by_label("Date").fill(coming.isoformat())
    page.get_by_label("Heure de début").fill("18:00")
    page.get_by_label("Heure de fin").fill("20:00")
    page.get_by_label("Nom du lieu").fill("Centre social des Tilleuls")
    page.get_by_label("Transports en commun").fill("Tram T2, arrêt Tilleuls")
    page.get_by_role("button", name="Créer ce lieu").click()
    # Nothing typed is lost, and the new venue is chosen.
    assert page.get_by_label("Intitulé", exact=True).input_value() == "Plénière de printemps"
    selected = page.locator("#id_venue").evaluate("s => s.options[s.selectedIndex].text")
    assert selected == "Centre social des Tilleuls"
    assert _axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer la séance").click()
    page.get_by_role("link", name="Envoyer la convocation").click()
    assert "Josette Aubert" in page.content() and "pas d’adresse e-mail" in page.content()
    assert _axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les convocations papier (PDF)").click()
    assert download.value.suggested_filename == f"convocations-{coming.isoformat()}.pdf"
