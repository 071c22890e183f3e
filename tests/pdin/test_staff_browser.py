"""The staff's new pages pass axe-core (WCAG 2.1 A and AA) in Debian's Chromium: the staff
home, the editions and venues pages and forms (with and without errors), an edition's
registrations with the cancel confirmation, and a lapsed offer's page."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from pdin.models import RegistrationStatus

from ..members.factories import CouncilFactory
from ..workstreams.factories import QuestionFactory
from .factories import OpenEditionFactory, RegistrationFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
RULES = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


def _log_in(page: Page, live_server, user) -> None:
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


def _violations(page: Page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        f"async () => (await axe.run(document, {{runOnly: {{type: 'tag', values: {RULES}}}}}))"
        ".violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])"
    )


@pytest.mark.browser_context_args(bypass_csp=True)
def test_the_staff_pages_pass_axe_core(page: Page, live_server, staff_user):
    CouncilFactory()
    page.set_default_timeout(5000)
    # Far in the future: the live server runs on the real clock.
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=1, venue=VenueFactory())
    confirmed = RegistrationFactory(edition=edition)
    RegistrationFactory(edition=edition, status=RegistrationStatus.WAITING)
    lapsed = RegistrationFactory(
        edition=edition,
        status=RegistrationStatus.EXPIRED,
        offer_token="jeton-de-proposition-expiree-0123456789abcdefghij",
        offer_expires_at=timezone.now() - datetime.timedelta(hours=1),
    )
    QuestionFactory(assigned_service="DSI")
    _log_in(page, live_server, staff_user)
    args = [edition.series.slug, edition.number]
    pages = [
        reverse("home:staff_home"),
        reverse("pdin:staff_editions"),
        reverse("pdin:staff_edition_create"),
        reverse("pdin:staff_edition_edit", args=args),
        reverse("pdin:staff_venues"),
        reverse("pdin:staff_venue_create"),
        reverse("pdin:staff_venue_edit", args=[edition.venue.slug]),
        reverse("pdin:staff_registrations", args=args),
        reverse("pdin:staff_registration_cancel", args=[*args, confirmed.pk]),
        reverse("pdin:offer_accept", args=[lapsed.offer_token]),
    ]
    found = {}
    for path in pages:
        response = page.goto(live_server.url + path)
        assert (response.status, page.url) == (410 if "confirmer" in path else 200, live_server.url + path)
        found[path] = _violations(page)

    # Forms sent with errors.
    page.goto(live_server.url + reverse("pdin:staff_edition_create"))
    page.get_by_role("button", name="Enregistrer l’édition").click()
    assert page.locator(".alert-danger").count() >= 1
    found["edition form with errors"] = _violations(page)
    page.goto(live_server.url + reverse("pdin:staff_venue_create"))
    page.get_by_role("button", name="Enregistrer").click()
    found["venue form with errors"] = _violations(page)

    assert {where: v for where, v in found.items() if v} == {}
