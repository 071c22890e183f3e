"""Issue 14 in Chromium: staff add a suggested answer to a sitting's agenda in one click; the
agenda editor and the « dossier de réponses » pages pass axe-core (WCAG 2.1 A and AA)."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.test import Client

from sessions.models import AgendaItem
from workstreams.models import QuestionStatus

from .factories import MeetingFactory, QuestionFactory, QuestionThemeFactory, WorkstreamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


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


def _axe_violations(page) -> list:
    page.add_script_tag(path="node_modules/axe-core/axe.min.js")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', "
        "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.browser_context_args(bypass_csp=True, locale="fr-FR")  # axe-core is injected as a script
def test_staff_add_a_suggested_answer_to_the_agenda_and_read_the_dossier(live_server, page, staff_user):
    axis = WorkstreamFactory(title="IA et services publics", slug="ia")
    theme = QuestionThemeFactory(workstream=axis, title="Sur le périmètre budgétaire")
    last = MeetingFactory(starts_at=datetime.datetime(2025, 10, 2, 18, tzinfo=PARIS))
    coming = MeetingFactory(
        title="Assemblée plénière de janvier", starts_at=datetime.datetime(2026, 1, 15, 18, tzinfo=PARIS)
    )
    AgendaItem.objects.create(meeting=coming, order=0, title="Accueil des membres")
    QuestionFactory(
        workstream=axis,
        theme=theme,
        text="Quel est le coût du chatbot municipal ?",
        status=QuestionStatus.ANSWERED,
        answer="Le marché s’élève à 40 000 euros sur trois ans.",
        answered_by_service="Direction des systèmes d’information",
        answered_on=datetime.date(2025, 12, 10),
    )
    QuestionFactory(
        workstream=axis, text="Qui contrôle les réponses ?", raised_at=last, assigned_service="DSI"
    )
    _log_in(page, live_server, staff_user)
    page.set_default_timeout(10000)

    page.goto(f"{live_server.url}/comptes-rendus/seances/{coming.pk}/")
    page.get_by_role("link", name="Modifier la séance").click()
    suggestions = page.get_by_role("region", name="Suggestions pour l’ordre du jour")
    assert "Qui contrôle les réponses" in suggestions.inner_text()  # open for more than 60 days
    assert _axe_violations(page) == []

    suggestions.get_by_role("listitem").filter(has_text="coût du chatbot").get_by_role(
        "button", name="Ajouter à l’ordre du jour"
    ).click()

    assert "est ajouté à l’ordre du jour" in page.locator(".messages").inner_text()
    point = page.get_by_role("group", name="Point 2").get_by_label("Intitulé du point")
    assert point.input_value().startswith("Réponse à présenter")
    assert "coût du chatbot" in point.input_value()
    assert "Aucune réponse à présenter" in suggestions.inner_text()
    page.get_by_role("link", name="Retour").click()  # the sitting's page: the item is on its agenda
    agenda = page.locator("h2", has_text="Ordre du jour").locator("xpath=following-sibling::ol[1]")
    assert "Accueil des membres" in agenda.inner_text() and "coût du chatbot" in agenda.inner_text()
    assert AgendaItem.objects.get(meeting=coming, order=1).question.text.startswith("Quel est le coût")

    page.get_by_role("link", name="Dossier de réponses").click()
    main = page.get_by_role("main").inner_text()
    assert "À l’ordre du jour de cette séance" in main
    assert "Direction des systèmes d’information" in main
    assert _axe_violations(page) == []
    page.get_by_role("link", name="Tous les dossiers de réponses").click()
    assert _axe_violations(page) == []
    page.get_by_role("link", name="IA et services publics").click()
    assert "Sur le périmètre budgétaire" in page.get_by_role("main").inner_text()
    assert _axe_violations(page) == []
