"""A service answers a question from its e-mailed link, in Chromium; staff publish it (issue 14).

The link's page posts from a real browser (its referrer policy must let Chromium send an
Origin that Django's CSRF check accepts, see ``cln_portal.secret_links``), and every new
page passes axe-core (WCAG 2.1 A and AA), the axe script coming as an init script so that
the pages keep their real CSP.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from workstreams.models import AnswerRequest, Question, QuestionStatus
from workstreams.services import question_assign

from ..members.factories import CouncilFactory, MemberFactory
from ..workstreams.factories import AnsweringServiceFactory, QuestionFactory, WorkstreamFactory
from .test_emailed_links import emailed, link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
RULES = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


@pytest.fixture
def site(live_server, settings) -> str:
    """The live server's address, which the e-mails' links then point to."""
    settings.SITE_URL = live_server.url
    return live_server.url


def _violations(page: Page) -> list:
    return page.evaluate(
        f"async () => (await axe.run(document, {{runOnly: {{type: 'tag', values: {RULES}}}}}))"
        ".violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])"
    )


def _log_in(page: Page, site: str, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )


def test_a_service_drafts_and_sends_its_answer_from_the_link_then_staff_publish_it(
    page: Page, site, staff_user
):
    CouncilFactory(email="participation@example.org")
    page.set_default_timeout(5000)
    page.context.add_init_script(path=str(AXE))
    asker = MemberFactory(user__email="asker@example.org")
    follower = MemberFactory(user__email="follower@example.org")
    question = QuestionFactory(
        workstream=WorkstreamFactory(title="Agent conversationnel"),
        text="Quel est le coût annuel de l’agent conversationnel\u00a0?",
        raised_by=asker,
    )
    question.followers.add(asker, follower)
    other = QuestionFactory(text="Quelle base légale pour le traitement\u00a0?")
    dsi = AnsweringServiceFactory(name="Direction des systèmes d’information", emails="dsi@example.org")
    # The live server runs on the real clock: the due date is ten days from now.
    due_on = timezone.localdate() + datetime.timedelta(days=10)
    question_assign(question=question, service=dsi, due_on=due_on, actor=staff_user)
    question_assign(question=other, service=AnsweringServiceFactory(), due_on=due_on, actor=staff_user)

    # The service opens the link of its e-mail, as a mail client does.
    url = link(emailed("dsi@example.org", "réponse attendue"), "/reponse-du-service/")
    response = page.goto(url)
    assert response.status == 200
    assert response.headers["referrer-policy"] == "same-origin"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Questions confiées à Direction des systèmes d’information"
    )
    expect(page.get_by_text("Quelle base légale")).to_have_count(0)  # another service's question
    assert _violations(page) == []

    answer_request = AnswerRequest.objects.get(question=question)
    section = page.locator(f"#demande-{answer_request.pk}")
    section.get_by_label("Votre réponse").fill("Environ 40 000 € par an.")
    section.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre brouillon est enregistré")
    section = page.locator(f"#demande-{answer_request.pk}")
    expect(section.get_by_label("Votre réponse")).to_have_value("Environ 40 000 € par an.")
    section.get_by_label("Votre réponse").fill("Environ 40 000 € par an, licences comprises.")
    section.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.get_by_role("status").first).to_contain_text("Votre réponse est envoyée")
    answer_request.refresh_from_db()
    assert answer_request.draft == "Environ 40 000 € par an, licences comprises."
    assert answer_request.submitted_at is not None

    # Staff find it in the register of open questions, edit it and publish it.
    _log_in(page, site, staff_user)
    page.goto(site + reverse("workstreams:open_questions"))
    page.get_by_role("link", name="réponse du service reçue, à publier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Réponse de Direction des systèmes d’information"
    )
    assert _violations(page) == []
    answer = page.get_by_label("Réponse apportée")
    expect(answer).to_have_value("Environ 40 000 € par an, licences comprises.")
    answer.fill("Environ 40 000 € par an, licences et hébergement compris.")
    page.get_by_role("button", name="Publier la réponse").click()

    expect(page.get_by_role("status").first).to_contain_text("La réponse est publiée")
    expect(page.locator(f"#question-{question.pk}")).to_contain_text("licences et hébergement compris")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answered_by_service == "Direction des systèmes d’information"
    told = sorted(m.to[0] for m in mail.outbox if "Réponse à une question" in m.subject)
    assert told == ["asker@example.org", "follower@example.org"]

    # The link now says why it no longer works.
    response = page.goto(url)
    assert response.status == 410
    expect(page.get_by_role("alert")).to_contain_text("la réponse à cette question a été publiée")
    assert _violations(page) == []


def test_the_staff_pages_and_an_expired_link_pass_axe_core(page: Page, site, staff_user):
    CouncilFactory(email="participation@example.org")
    page.set_default_timeout(5000)
    page.context.add_init_script(path=str(AXE))
    dsi = AnsweringServiceFactory(name="Direction des systèmes d’information")
    question = QuestionFactory()
    question_assign(
        question=question,
        service=dsi,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        actor=staff_user,
    )
    answer_request = AnswerRequest.objects.get(question=question)
    url = link(emailed(dsi.email_list[0], "réponse attendue"), "/reponse-du-service/")
    AnswerRequest.objects.filter(pk=answer_request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    found = {}
    response = page.goto(url)
    assert response.status == 410
    expect(page.get_by_role("alert")).to_contain_text("Ce lien a expiré")
    expect(page.get_by_role("alert")).to_contain_text("participation@example.org")
    found["expired link"] = _violations(page)

    _log_in(page, site, staff_user)
    for path in (
        reverse("workstreams:answering_services"),
        reverse("workstreams:answering_service_create"),
        reverse("workstreams:answering_service_edit", args=[dsi.pk]),
        reverse("workstreams:answer_requests"),
        reverse("workstreams:answer_review", args=[answer_request.pk]),
        reverse("workstreams:question_manage", args=[question.pk]),
    ):
        assert page.goto(site + path).status == 200, path
        found[path] = _violations(page)

    page.goto(site + reverse("workstreams:answering_service_create"))
    page.get_by_label("Adresses e-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="Enregistrer le service").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    found["service form with errors"] = _violations(page)

    assert {where: v for where, v in found.items() if v} == {}
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.IN_PROGRESS
