"""The chargé de mission writes one section of the minutes and publishes them, in Chromium."""

import hashlib

import pytest
from django.conf import settings
from django.test import Client

from sessions.models import AgendaItem, Attendance, Minutes, MinutesStatus

from .factories import MeetingFactory, WorkstreamFactory
from .minutes_support import SITTING, councillor, login_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# axe-core is injected as a script: the test's browser ignores the CSP (the portal's pages do not).
@pytest.mark.browser_context_args(bypass_csp=True)
def test_charge_de_mission_writes_a_section_and_publishes(live_server, page, staff_user):
    meeting = MeetingFactory(starts_at=SITTING, title="Comité technique de novembre")
    workstream = WorkstreamFactory(title="Budget numérique", objective="Comprendre le budget.")
    AgendaItem.objects.create(meeting=meeting, order=0, title="Budget numérique", workstream=workstream)
    Attendance.objects.create(meeting=meeting, member=councillor("Anna", "Lenoir"), status="present")
    client = Client()
    login_staff(client, staff_user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_default_timeout(10000)

    page.goto(live_server.url + "/comptes-rendus/")
    page.get_by_role("link", name="Rédiger un compte-rendu").click()
    page.get_by_label("Séance").select_option(str(meeting.pk))
    page.get_by_label("Titre").fill("Conseil local du numérique du 28 novembre 2025")
    page.get_by_label("Date du compte-rendu").fill("2025-12-02")
    page.get_by_role("button", name="Créer le projet").click()
    assert "Le projet de compte-rendu est créé." in page.content()

    # The one-page section editor: texts, a theme and its questions pasted, in one submit.
    page.get_by_role("link", name="Budget numérique", exact=True).click()
    page.get_by_label("Texte libre", exact=True).fill("Les membres ont découvert le **budget** numérique.")
    page.locator('[name="theme-0-title"]').fill("Sur le périmètre budgétaire")
    page.locator('[name="theme-0-pasted"]').fill("Quel est le montant du budget ?\nQui le vote ?")
    page.get_by_role("button", name="Enregistrer la section").click()
    assert "Section enregistrée" in page.locator(".messages").inner_text()
    assert "Quel est le montant du budget" in page.locator(".minutes-preview").inner_text()
    page.locator('[name="question-0-answer"]').fill("Deux millions d’euros.")
    page.locator('[name="question-0-answered_by_service"]').fill("Direction des finances")
    page.get_by_role("button", name="Descendre la question 1").click()
    assert "Section enregistrée" in page.locator(".messages").inner_text()
    preview = page.locator(".minutes-preview").inner_text()
    assert preview.index("Qui le vote") < preview.index("Quel est le montant du budget")
    assert "Deux millions d’euros." in preview

    # The section page passes axe-core (WCAG 2.1 A and AA).
    page.add_script_tag(path="node_modules/axe-core/axe.min.js")
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert violations == []

    page.get_by_role("link", name="Conseil local du numérique du 28 novembre 2025 (version 1)").first.click()
    page.get_by_role("link", name="Publier…").click()
    page.get_by_role("button", name="Publier").click()
    assert "Le compte-rendu est publié" in page.content()

    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == MinutesStatus.PUBLISHED
    with minutes.pdf.open("rb") as handle:
        assert minutes.pdf_sha256 == hashlib.sha256(handle.read()).hexdigest()
    assert minutes.pdf_sha256 in page.content()
    page.get_by_role("link", name="Voir le compte-rendu tel qu’il sera lu").click()
    assert "Deux millions d’euros." in page.content()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Conseil local du numérique du 28 novembre 2025"
    )
