"""The visitors' language link in Chromium: it comes back to the page it was clicked on, query
string included, in the other language, and the page's forms still work afterwards (the link
replaced a form with a CSRF token, issue 17)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from pdin.models import Registration

from ..pdin.factories import OpenEditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_switches_to_english_and_back_then_registers(page: Page, live_server):
    page.set_default_timeout(10000)
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=60, title="L’IA au quotidien")
    page.goto(live_server.url + "/?quartier=Alma")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == live_server.url + "/?quartier=Alma"
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()

    # By keyboard, as well: the link takes the focus and Enter follows it.
    page.get_by_role("link", name="Français").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.goto(live_server.url + edition.get_absolute_url())
    page.get_by_label("Prénom et nom").fill("Nadia Amrani")
    page.get_by_label("Adresse e-mail").fill("nadia.amrani@example.org")
    page.get_by_label("J’accepte", exact=False).check()
    page.get_by_role("button", name="M’inscrire").click()
    expect(page.locator("main")).to_contain_text("Votre place est confirmée.")
    assert Registration.objects.filter(email="nadia.amrani@example.org").count() == 1
