"""A visitor registers for an edition on a phone (375 pixels wide), in Debian's Chromium."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from pdin.models import Registration, RegistrationStatus

from .factories import OpenEditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_registers_on_a_375_pixel_phone(page: Page, live_server):
    # Far in the future: the live server runs on the real clock, which the test cannot set.
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=60, title="L’IA au quotidien")
    page.set_viewport_size({"width": 375, "height": 740})

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="S’inscrire").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("L’IA au quotidien")

    page.get_by_label("Prénom et nom").fill("Nadia Amrani")
    page.get_by_label("Adresse e-mail").fill("nadia.amrani@example.org")
    page.get_by_label("Structure (facultatif)").fill("Centre social des 4 Quartiers")
    page.get_by_label("J’accepte").check()
    # Nothing sticks out of the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="M’inscrire").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre inscription")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    registration = Registration.objects.get(edition=edition)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "nadia.amrani@example.org"
    assert [m.to for m in mail.outbox] == [["nadia.amrani@example.org"]]
