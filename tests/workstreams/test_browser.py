"""A member answers the positioning form and joins an axis, in Chromium (no JavaScript needed)."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from workstreams.models import Participation, PositioningResponse

from ..members.factories import CouncilFactory
from .factories import PositioningCampaignFactory, WorkstreamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user) -> None:
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


def test_member_answers_the_positioning_form_then_joins_an_axis(live_server, page, member_user):
    CouncilFactory()
    budget = WorkstreamFactory(title="Budget numérique", order=1)
    pdin = WorkstreamFactory(title="Programmation du PDIN", order=2)
    today = timezone.localdate()
    PositioningCampaignFactory(
        title="Préparation de l’assemblée de janvier",
        opens_on=today - datetime.timedelta(days=1),
        deadline=today + datetime.timedelta(days=7),
        workstreams=[budget, pdin],
    )
    _log_in(page, live_server, member_user)
    page.set_default_timeout(5000)

    page.goto(live_server.url + "/espace/")
    assert page.get_by_role("heading", name="Formulaire de positionnement à remplir").is_visible()
    page.get_by_role("link", name="Remplir le formulaire").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Préparation de l’assemblée de janvier"

    page.get_by_role("group", name="Budget numérique").get_by_label("piloter").check()
    page.get_by_role("group", name="Programmation du PDIN").get_by_label("pas pour le moment").check()
    page.get_by_role("group", name="Mardi").get_by_label("soir").check()
    page.get_by_role("group", name="Samedi").get_by_label("matin").check()
    page.get_by_label("Vos suggestions").fill("Des ateliers le samedi dans les centres sociaux.")
    page.get_by_role("button", name="Envoyer ma réponse").click()

    assert "Votre réponse est enregistrée" in page.get_by_role("status").first.inner_text()
    assert page.get_by_role("group", name="Budget numérique").get_by_label("piloter").is_checked()

    page.get_by_role("link", name="Retour à mon espace").click()
    assert page.get_by_role("link", name="Voir ou modifier ma réponse").is_visible()
    page.get_by_role("button", name=re.compile(r"^Rejoindre l’axe\W+Programmation du PDIN")).click()
    assert "Vous participez à l’axe" in page.content()

    response = PositioningResponse.objects.get(member=member_user.member)
    assert response.availability == ["tue_evening", "sat_morning"]
    assert dict(response.choices.values_list("workstream__title", "level")) == {
        "Budget numérique": "pilot",
        "Programmation du PDIN": "not_now",
    }
    assert Participation.objects.filter(member=member_user.member, workstream=pdin).exists()
