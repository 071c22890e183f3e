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
    page.get_by_label("Lieu").select_option(label="Hôtel de Ville")
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
    page.get_by_role("button", name="Présent·e : Anaïs Garnier").click()
    page.get_by_role("button", name="Absent·e : Karim Ouali").click()
    page.get_by_label("Prénom").fill("Denis")
    page.get_by_label("Nom", exact=True).fill("Mallet")
    page.get_by_label("Fonction").fill("directeur des systèmes d’information")
    page.get_by_role("button", name="Ajouter la personne").click()

    totals = page.locator(".attendance-totals").inner_text()
    assert "Présent·es\u00a0: 2" in totals
    assert "Absent·es\u00a0: 1" in totals
    assert (
        page.get_by_role("button", name="Présent·e : Anaïs Garnier").get_attribute("aria-pressed") == "true"
    )
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("member__last_name", "status"))
    assert statuses == {
        "Garnier": AttendanceStatus.PRESENT,
        "Ouali": AttendanceStatus.ABSENT,
        "Mallet": AttendanceStatus.PRESENT,
    }
    assert meeting.starts_at == timezone.make_aware(datetime.datetime.combine(today, datetime.time(18)))
