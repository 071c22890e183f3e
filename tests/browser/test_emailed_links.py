"""Every link the portal sends by e-mail, followed in Chromium and its button clicked (issue 16).

Each test makes the situation through the real services, reads the e-mail the outbox
delivered (``mail.outbox``: the live server runs in a thread of this process, and the test
settings send with the locmem backend), opens the link from its text in Debian's Chromium
against the live server, clicks what a person would click, then checks the page and the
database.

Django's test client sends no ``Origin`` header; Chromium does, and sends ``Origin: null``
from a page served with ``Referrer-Policy: no-referrer``, which Django's CSRF check refuses
(« Origin checking failed - null does not match any trusted origins »). Only a real browser
shows that, hence this module. ``SITE_URL`` is the live server's address, so the links are
exactly those of the e-mails.
"""

import datetime
import html
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from members.models import Invitation, User
from notifications.models import NotificationPreference
from pdin.models import Registration, RegistrationStatus
from pdin.services import registration_cancel, registration_create, reminders_send
from sessions.meetings.services import convocation_send, meeting_reminders_send
from sessions.minutes.services import minutes_send_for_review
from sessions.models import InvitationAnswer, MeetingInvitation, MinutesCorrection, MinutesStatus

from ..french import fr
from ..meetings.factories import MeetingFactory, MemberFactory, VenueFactory
from ..meetings.minutes_support import sitting_with_minutes
from ..pdin.factories import OpenEditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
URL = re.compile(r"https?://[^\s<>\"]+")


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture
def site(live_server, settings) -> str:
    """The live server's address, which the e-mails' links then point to."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def browser_page(page: Page, site: str) -> Page:
    """Chromium's tab, recording every request it makes (``page.requested``)."""
    page.set_default_timeout(5000)
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    return page


def emailed(to: str, subject: str):
    """The last e-mail sent to ``to`` whose subject contains ``subject``."""
    found = [m for m in mail.outbox if m.to == [to] and subject in m.subject]
    assert found, [(m.to, m.subject) for m in mail.outbox]
    return found[-1]


def link(message, path_part: str) -> str:
    """The one link of the e-mail's text whose address contains ``path_part``; the HTML part
    (what most people click) holds the same one."""
    links = {url for url in URL.findall(message.body) if path_part in url}
    assert len(links) == 1, (path_part, message.body)
    url = links.pop()
    for content, mimetype in message.alternatives:
        if mimetype == "text/html":
            assert url in html.unescape(content), (url, content)
    return url


def open_link(page: Page, url: str, site: str):
    """Open an e-mailed link as a mail client does (a new tab, no referrer); return the response."""
    assert url.startswith(site + "/"), url
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    return response


def assert_token_stays_home(page: Page, response, site: str) -> None:
    """The page of a secret link keeps its URL on this portal.

    Its referrer policy sends the URL to this portal only; it loaded nothing from another host
    and links to no other host (a click would not send the URL anyway, but nothing invites one).
    """
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-robots-tag"] == "noindex"
    assert all(url.startswith((site + "/", "data:")) for url in page.requested), page.requested
    hrefs = page.eval_on_selector_all("a[href], form[action]", "els => els.map(e => e.href || e.action)")
    assert all(href.startswith(site + "/") for href in hrefs), hrefs


def log_in(page: Page, email: str, password: str) -> None:
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Se connecter").click()


# --- PDIN registrations: cancel, waiting list, offer --------------------------------------


def _register(edition, n: int) -> Registration:
    outcome = registration_create(
        edition_id=edition.pk, name=f"Personne {n}", email=f"personne{n}@example.org", consent=True
    )
    return outcome.registration


@pytest.fixture
def full_edition(site):
    """An edition with one place, taken by personne1; personne2 and personne3 wait, in that order."""
    # Far in the future: the live server runs on the real clock.
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=1, title="L’IA au quotidien")
    for n in (1, 2, 3):
        _register(edition, n)
    return edition


def _status(email: str) -> str:
    return Registration.objects.get(email=email).status


def test_cancel_link_of_the_confirmation_frees_the_place(browser_page, site, full_edition):
    url = link(emailed("personne1@example.org", "Inscription confirmée"), "/annuler/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)

    browser_page.get_by_role("button", name="Oui, annuler mon inscription").click()

    expect(browser_page.get_by_role("status").first).to_contain_text("Votre inscription est annulée")
    expect(browser_page.get_by_role("button", name="Oui, annuler mon inscription")).to_have_count(0)
    assert _status("personne1@example.org") == RegistrationStatus.CANCELLED
    assert _status("personne2@example.org") == RegistrationStatus.OFFERED
    emailed("personne2@example.org", "Une place s’est libérée")


def test_offer_link_confirms_the_place(browser_page, site, full_edition):
    registration_cancel(token=Registration.objects.get(email="personne1@example.org").cancel_token)
    url = link(emailed("personne2@example.org", "Une place s’est libérée"), "/confirmer/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)

    browser_page.get_by_role("button", name="Je confirme ma place").click()

    expect(browser_page.get_by_role("status").first).to_contain_text("Votre place est confirmée")
    assert _status("personne2@example.org") == RegistrationStatus.CONFIRMED
    emailed("personne2@example.org", "Inscription confirmée")


def test_cancel_link_of_the_offer_declines_it_for_the_next_person(browser_page, site, full_edition):
    registration_cancel(token=Registration.objects.get(email="personne1@example.org").cancel_token)
    url = link(emailed("personne2@example.org", "Une place s’est libérée"), "/annuler/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)

    browser_page.get_by_role("button", name="Oui, annuler mon inscription").click()

    expect(browser_page.get_by_role("status").first).to_contain_text("Votre inscription est annulée")
    assert _status("personne2@example.org") == RegistrationStatus.CANCELLED
    assert _status("personne3@example.org") == RegistrationStatus.OFFERED


def test_link_of_the_waiting_list_e_mail_leaves_it(browser_page, site, full_edition):
    url = link(emailed("personne3@example.org", "Liste d’attente"), "/annuler/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)
    expect(browser_page.get_by_text("Vous êtes sur la liste d’attente de cette édition.")).to_be_visible()

    browser_page.get_by_role("button", name="Oui, annuler mon inscription").click()

    expect(browser_page.get_by_role("status").first).to_contain_text("Votre inscription est annulée")
    assert _status("personne3@example.org") == RegistrationStatus.CANCELLED
    assert _status("personne2@example.org") == RegistrationStatus.WAITING


def test_cancel_link_of_the_day_before_reminder(browser_page, site):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    edition = OpenEditionFactory(date=tomorrow, capacity=20, title="L’IA au quotidien")
    _register(edition, 1)
    assert reminders_send(today=timezone.localdate()) == 1
    url = link(emailed("personne1@example.org", "C’est demain"), "/annuler/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)

    browser_page.get_by_role("button", name="Oui, annuler mon inscription").click()

    expect(browser_page.get_by_role("status").first).to_contain_text("Votre inscription est annulée")
    assert _status("personne1@example.org") == RegistrationStatus.CANCELLED


# --- Convocations: answer, reminder, unsubscribe -------------------------------------------


@pytest.fixture
def convoked(site, member_user):
    """A sitting in three days; ``member_user`` got its convocation and, the day before, its reminder."""
    starts_at = (
        (timezone.now() + datetime.timedelta(days=3))
        .astimezone(PARIS)
        .replace(hour=18, minute=0, second=0, microsecond=0)
    )
    meeting = MeetingFactory(
        starts_at=starts_at, venue=VenueFactory(name="Hôtel de Ville"), title="Plénière de printemps"
    )
    convocation_send(meeting=meeting, actor=None)
    day_before = datetime.datetime.combine(
        starts_at.date() - datetime.timedelta(days=1), datetime.time(9, 0), tzinfo=PARIS
    )
    assert meeting_reminders_send(now=day_before + datetime.timedelta(minutes=5)) == 1
    return MeetingInvitation.objects.get(meeting=meeting, member=member_user.member)


def test_answer_link_of_the_convocation_says_present(browser_page, site, convoked, member_user):
    url = link(emailed(member_user.email, "Convocation"), "/seances/reponse/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)

    browser_page.get_by_label("Je serai présent·e").check()
    browser_page.get_by_role("button", name="Enregistrer ma réponse").click()

    expect(browser_page.get_by_role("status").first).to_contain_text("Votre réponse est enregistrée")
    expect(browser_page.get_by_text("Réponse actuelle")).to_contain_text("sera présent·e")
    convoked.refresh_from_db()
    assert convoked.answer == InvitationAnswer.ATTENDING


def test_answer_link_of_the_reminder_says_excused(browser_page, site, convoked, member_user):
    url = link(emailed(member_user.email, "Rappel"), "/seances/reponse/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)

    browser_page.get_by_label("Je serai absent·e (excusé·e)").check()
    browser_page.get_by_label("Motif de l’absence (facultatif)").fill("Conseil d’école le même soir")
    browser_page.get_by_role("button", name="Enregistrer ma réponse").click()

    expect(browser_page.get_by_role("status").first).to_contain_text("Votre réponse est enregistrée")
    expect(browser_page.get_by_text("Réponse actuelle")).to_contain_text("excusé·e")
    convoked.refresh_from_db()
    assert convoked.answer == InvitationAnswer.EXCUSED
    assert convoked.reason == "Conseil d’école le même soir"


def _reminders_off(member) -> bool:
    return NotificationPreference.objects.filter(
        member=member, kind="meeting_reminder", by_email=False
    ).exists()


def test_unsubscribe_link_in_the_body_turns_the_reminders_off(browser_page, site, convoked, member_user):
    url = link(emailed(member_user.email, "Rappel"), "/notifications/desabonnement/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)
    assert not _reminders_off(member_user.member)  # opening the link (or a scanner) changes nothing

    browser_page.get_by_role("button", name="Oui, me désabonner").click()

    expect(browser_page.get_by_role("status").first).to_contain_text("vous ne recevrez plus de messages")
    assert _reminders_off(member_user.member)


def test_one_click_list_unsubscribe_from_a_mail_client(playwright, site, convoked, member_user):
    """RFC 8058: the mail client POSTs ``List-Unsubscribe=One-Click`` itself, without cookie,
    CSRF token or page; a second POST (a retry) is answered the same."""
    message = emailed(member_user.email, "Rappel")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith(site + "/") and url in message.body

    mail_client = playwright.request.new_context()
    try:
        for origin in ({}, {"Origin": "null"}):
            answer = mail_client.post(url, form={"List-Unsubscribe": "One-Click"}, headers=origin)
            assert answer.status == 200, answer.text()
            assert _reminders_off(member_user.member)
    finally:
        mail_client.dispose()
    assert NotificationPreference.objects.filter(member=member_user.member).count() == 1


# --- Accounts: invitation, password reset, login code --------------------------------------


def test_invitation_link_creates_the_account(browser_page, site, staff_user):
    from members.services import invitation_send

    person = MemberFactory(user=None, first_name="Anaïs", last_name="Garnier")
    invitation_send(actor=staff_user, member=person, email="anais.garnier@example.org")
    url = link(emailed("anais.garnier@example.org", "invitation"), "/invitation/")
    response = open_link(browser_page, url, site)
    assert_token_stays_home(browser_page, response, site)

    browser_page.locator("input[name=password1]").fill("un-jardin-partage-2026")
    browser_page.locator("input[name=password2]").fill("un-jardin-partage-2026")
    browser_page.get_by_role("button", name="Créer mon compte").click()

    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    expect(browser_page.get_by_role("status").first).to_contain_text("Votre compte est créé")
    user = User.objects.get(email="anais.garnier@example.org")
    assert user.check_password("un-jardin-partage-2026") and user.member == person
    assert Invitation.objects.get(member=person).used_at is not None


def test_password_reset_link_sets_a_new_password(browser_page, site, member_user):
    browser_page.goto(site + "/comptes/password/reset/")
    browser_page.locator("input[name=email]").fill(member_user.email)
    browser_page.get_by_role("button", name="Recevoir le lien").click()
    expect(browser_page.get_by_role("heading", level=1)).to_be_visible()

    url = link(emailed(member_user.email, "mot de passe"), "/password/reset/key/")
    open_link(browser_page, url, site)
    browser_page.locator("input[name=password1]").fill("un-jardin-partage-2026")
    browser_page.locator("input[name=password2]").fill("un-jardin-partage-2026")
    browser_page.get_by_role("button", name="Enregistrer le mot de passe").click()

    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Mot de passe modifié")
    member_user.refresh_from_db()
    assert member_user.check_password("un-jardin-partage-2026")


def test_login_code_from_the_e_mail_logs_in(browser_page, site, member_user):
    browser_page.goto(site + "/comptes/login/")
    browser_page.get_by_role("link", name="Recevoir un code de connexion").click()
    browser_page.locator("input[name=email]").fill(member_user.email)
    browser_page.get_by_role("button", name="Recevoir le code").click()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Saisir le code de connexion")

    body = emailed(member_user.email, "code").body
    code = body.split(fr("page restée ouverte :"), 1)[1].strip().splitlines()[0].strip()
    browser_page.locator("input[name=code]").fill(code)
    browser_page.get_by_role("button", name="Se connecter").click()

    expect(browser_page.get_by_role("button", name="Déconnexion")).to_be_visible()
    assert browser_page.url == site + "/espace/"
    member_user.refresh_from_db()
    assert member_user.last_login is not None


# --- Minutes under review -----------------------------------------------------------------


def test_review_link_sends_a_logged_out_attendee_to_log_in_and_back(
    browser_page, site, member_user, staff_user, password
):
    minutes = sitting_with_minutes(status=MinutesStatus.DRAFT, present=[member_user.member])
    minutes_send_for_review(minutes=minutes, actor=staff_user)
    url = link(emailed(member_user.email, "Compte-rendu à relire"), "/comptes-rendus/")

    browser_page.goto(url)
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    assert browser_page.url == f"{site}/comptes/login/?next=/comptes-rendus/{minutes.pk}/"
    log_in(browser_page, member_user.email, password)

    assert browser_page.url == url
    expect(browser_page.get_by_text("En relecture").first).to_be_visible()
    browser_page.get_by_label("Correction proposée").fill("Lire « 18 décembre 2025 » et non 2024.")
    browser_page.get_by_role("button", name="Envoyer la correction").click()

    expect(browser_page.get_by_text("Lire « 18 décembre 2025 » et non 2024.")).to_be_visible()
    correction = MinutesCorrection.objects.get(minutes=minutes)
    assert correction.author == member_user


# --- When the CSRF check refuses anyway ---------------------------------------------------


def test_a_refused_form_explains_in_french_what_to_do(browser_page, site):
    # axe-core comes as an init script: the page keeps its real CSP.
    browser_page.context.add_init_script(path=str(AXE))
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=20)
    browser_page.goto(site + edition.get_absolute_url())
    browser_page.get_by_label("Prénom et nom").fill("Nadia Amrani")
    browser_page.get_by_label("Adresse e-mail").fill("nadia.amrani@example.org")
    browser_page.get_by_label("J’accepte").check()
    # The page stayed open while the browser lost its cookies (private window closed, cleaning).
    browser_page.context.clear_cookies()
    with browser_page.expect_response(lambda r: r.request.method == "POST") as answer:
        browser_page.get_by_role("button", name="M’inscrire").click()

    assert answer.value.status == 403
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Le formulaire n’a pas pu être envoyé")
    expect(browser_page.get_by_role("main")).to_contain_text("Revenez à la page précédente")
    expect(browser_page.get_by_role("main")).to_contain_text("ouvrez de nouveau le lien")
    expect(browser_page.get_by_role("contentinfo")).to_contain_text("Mentions légales")
    assert Registration.objects.count() == 0
    violations = browser_page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations.map(v => v.id)"
    )
    assert violations == []
