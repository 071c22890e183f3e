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
    # The outcome is on the screen, not only in the e-mail (issue 13).
    expect(page.get_by_role("status")).to_contain_text("Votre place est confirmée.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    registration = Registration.objects.get(edition=edition)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "nadia.amrani@example.org"
    assert [m.to for m in mail.outbox] == [["nadia.amrani@example.org"]]


def test_failed_registration_lands_on_the_errors_on_a_375_pixel_phone(page: Page, live_server):
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=60, title="L’IA au quotidien")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + edition.get_absolute_url())

    page.get_by_label("Prénom et nom").fill("Nadia Amrani")
    page.get_by_label("Adresse e-mail").fill("nadia.amrani@example.org")
    page.get_by_role("button", name="M’inscrire").click()  # consent left unticked

    summary = page.locator("#erreurs")
    expect(summary).to_be_visible()
    assert page.url.endswith("#inscription-formulaire")
    box = summary.bounding_box()
    assert -1 <= box["y"] < 740, box  # in view, not ~1,800 px down
    # The consent error sits under the checkbox, the whole width of the field.
    checkbox = page.get_by_label("J’accepte").bounding_box()
    label = page.locator("label[for=id_consent]").bounding_box()
    error = page.locator("#id_consent_error").bounding_box()
    assert error["y"] >= max(checkbox["y"] + checkbox["height"], label["y"] + label["height"]) - 1
    assert abs(error["x"] - checkbox["x"]) < 2 and error["width"] >= label["width"]
    assert Registration.objects.count() == 0
