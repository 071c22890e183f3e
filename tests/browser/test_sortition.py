"""A draw by lot in Chromium (issue 14): staff freeze a pool, publish it, type the seed, draw
and see the report; a visitor downloads the list and the script and recomputes the result."""

import datetime
import re
import subprocess
import sys

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from members.middleware import SESSION_KEY as MFA_DONE
from members.models import DrawStatus, SortitionDraw

from ..members.test_sortition import POOL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "7 14 21 28 35 1 2"


def _staff_session(page: Page, live_server, user) -> None:
    """Log ``user`` in as after password and TOTP code (the login flow has its own tests)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_DONE] = user.pk
    session.save()
    page.context.add_cookies([{"name": "sessionid", "value": session.session_key, "url": live_server.url}])


def test_staff_draw_and_a_visitor_recomputes_it(page: Page, live_server, staff_user, settings, tmp_path):
    page.set_default_timeout(30000)
    _staff_session(page, live_server, staff_user)
    page.goto(live_server.url + "/espace/equipe/personnes/")
    page.get_by_role("link", name="Tirages au sort").first.click()
    page.get_by_role("link", name="Nouveau tirage au sort").click()
    page.get_by_label("Intitulé").fill("Tirage du conseil")
    page.get_by_label("Liste numérotée").fill(POOL)
    page.get_by_label("Ou : nombre total de sièges, répartis en proportion").fill("7")
    page.get_by_label("Minimum de sièges par strate").fill("1")
    page.get_by_label("Source publique du hasard").fill("drand, tour n° 20 000 000")
    seed_at = timezone.localtime() + datetime.timedelta(days=8)
    page.get_by_label("Valeur publique connue à partir du").fill(seed_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Tirage enregistré, en préparation.")).to_be_visible()

    page.get_by_role("button", name="Publier la liste").click()
    expect(page.get_by_text("Liste publiée : elle ne peut plus changer.")).to_be_visible()
    draw = SortitionDraw.objects.get()
    expect(page.get_by_text(draw.pool_sha256)).to_be_visible()

    # Too early: refused with the announced date.
    page.get_by_label("Valeur publique du hasard (graine)").fill(SEED)
    page.get_by_label("Graine, à nouveau").fill(SEED)
    page.get_by_role("button", name="Tirer au sort").click()
    expect(page.get_by_text(re.compile("Trop tôt"))).to_be_visible()

    # Eight days later (the announced time has passed): the value is public.
    SortitionDraw.objects.filter(pk=draw.pk).update(
        seed_available_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page.get_by_label("Valeur publique du hasard (graine)").fill(SEED)
    page.get_by_label("Graine, à nouveau").fill(SEED)
    page.get_by_label("Témoins").fill("Julie Témoin, habitante")
    page.get_by_role("button", name="Tirer au sort").click()
    expect(page.get_by_text("Tirage effectué.")).to_be_visible()
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN
    first_nord = draw.result["nord"]["panel"][0]
    expect(page.get_by_role("table", name=re.compile("Strate « nord »"))).to_contain_text(str(first_nord))

    # The public page, as a visitor sees it, and the recomputation.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tirages-au-sort/{draw.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tirage du conseil")
    expect(page.get_by_text("Julie Témoin, habitante")).to_be_visible()
    files = {}
    for name in ("Télécharger la liste publiée", "Télécharger le script de vérification"):
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile(name)).click()
        files[name] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[name])
    seats = [f"{stratum}={k}" for stratum, k in sorted(draw.seats.items())]
    run = subprocess.run(  # noqa: S603 - the downloaded script, fixed arguments
        [
            sys.executable,
            "-I",
            str(files["Télécharger le script de vérification"]),
            str(files["Télécharger la liste publiée"]),
            SEED,
            *seats,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"Empreinte SHA-256 de la liste : {draw.pool_sha256}" in run.stdout
    for stratum, part in draw.result.items():
        assert f"{stratum} tirés : " + " ".join(map(str, part["panel"])) in run.stdout.splitlines()
