"""Participatory programming in the open (issue 14, section 4), in Debian's Chromium.

A visitor supports a published proposal against a live server: types an address, opens the
link of the e-mail the outbox delivered (``mail.outbox``: the live server runs in a thread
of this process with the locmem backend), confirms with the page's button (a real POST with
the browser's ``Origin`` header and CSRF check), and sees the count go up. axe-core checks
each new page (WCAG 2.1 A and AA), the staff's moderation page through the test client.
"""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import Page, expect

from pdin.models import ProposalPublication, ProposalSupport

from ..pdin.factories import ProposalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = (
    "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(v => v.id + ': ' + v.help)"
)
URL = re.compile(r"https?://[^\s<>\"]+")


@pytest.fixture
def site(live_server, settings) -> str:
    """The live server's address, which the e-mails' links then point to."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def browser_page(page: Page, site: str) -> Page:
    page.set_default_timeout(5000)
    # axe-core comes as an init script: the pages keep their real CSP.
    page.context.add_init_script(path=str(AXE))
    return page


def assert_accessible(page: Page) -> None:
    assert page.evaluate(AXE_RUN) == [], page.url


def test_visitor_supports_a_proposal_from_the_e_mailed_link(browser_page: Page, site: str):
    proposal = ProposalFactory(title="Cafés IA au centre social", publication=ProposalPublication.PUBLISHED)
    page = browser_page
    page.goto(site + "/")
    page.get_by_role("link", name=re.compile("Proposez un thème ou un lieu")).click()
    item = page.locator(f"#proposition-{proposal.pk}")
    expect(item).to_contain_text("0 soutien")
    assert_accessible(page)

    item.get_by_role("link", name=re.compile("^Soutenir")).click()
    assert_accessible(page)
    page.get_by_label("Votre adresse e-mail").fill("  Visiteur@Example.org ")
    page.get_by_role("button", name="M’envoyer le lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    assert_accessible(page)

    (message,) = [m for m in mail.outbox if m.to == ["visiteur@example.org"]]
    (link,) = {u for u in URL.findall(message.body) if "/propositions/soutien/" in u}
    assert any(link in html.unescape(content) for content, _type in message.alternatives)
    response = page.goto(link)  # as a mail client opens it: a new navigation, no referrer
    assert response.status == 200
    assert response.headers["referrer-policy"] == "same-origin"
    assert_accessible(page)
    page.get_by_role("button", name="Je confirme mon soutien").click()

    expect(page.get_by_role("status").first).to_contain_text("Merci : votre soutien est enregistré.")
    expect(page.locator(f"#proposition-{proposal.pk}")).to_contain_text("1 soutien")
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1

    # The same link again: already counted, said plainly, counted once.
    page.goto(link)
    expect(page.get_by_role("status").first).to_contain_text("Vous soutenez déjà cette proposition")
    assert_accessible(page)
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1


def test_resident_proposes_and_a_failed_submit_lands_on_the_error_summary(browser_page: Page, site: str):
    ProposalFactory(publication=ProposalPublication.PUBLISHED)  # the series to choose from
    page = browser_page
    page.goto(site + "/propositions/proposer/")
    assert_accessible(page)
    page.get_by_label("J’accepte que mon nom soit affiché").check()
    page.get_by_role("button", name="Envoyer ma proposition").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Le formulaire contient 3 erreurs")
    expect(summary).to_be_focused()
    assert_accessible(page)

    page.get_by_label("un thème").check()
    page.get_by_label("Votre proposition").fill("Le numérique et les démarches de santé")
    page.get_by_label("Votre nom (facultatif)").fill("Léa Martin")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre proposition")
    assert_accessible(page)


def test_moderation_page_is_accessible(browser_page: Page, site: str, staff_user):
    ProposalFactory(title="Une proposition à modérer", proposer_name="Léa Martin", from_public_form=True)
    ProposalFactory(title="Une proposition publiée", publication=ProposalPublication.PUBLISHED)
    ProposalFactory(
        title="Une proposition refusée", publication=ProposalPublication.REFUSED, refusal_reason="Doublon"
    )
    # Staff's session (second factor included, see tests/conftest.py), handed to Chromium.
    client = Client()
    client.force_login(staff_user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
    page = browser_page

    page.goto(site + "/pdin/equipe/propositions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Propositions de programmation")
    assert_accessible(page)

    # Refusing without a reason: the error summary, then the page is still accessible.
    page.get_by_role("button", name=re.compile("^Refuser.*Une proposition à modérer")).click()
    expect(page.locator(".error-summary")).to_contain_text("Indiquez le motif du refus.")
    assert_accessible(page)
