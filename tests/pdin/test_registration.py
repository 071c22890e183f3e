"""Registration without an account: capacity, waiting list, offers, cancel links, no disclosure."""

import datetime
import re
import zoneinfo
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import time_machine
from django.core import mail, signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from pdin.models import Registration, RegistrationStatus
from pdin.services import (
    offer_accept,
    offers_expire,
    registration_cancel,
    registration_create,
)
from pdin.tasks import expire_waitlist_offers

from .factories import OpenEditionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# Three weeks before the edition of Friday 13 March 2026 (OpenEditionFactory).
NOW = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _register(edition, n: int, **extra):
    return registration_create(
        edition_id=edition.pk,
        name=f"Personne {n}",
        email=f"personne{n}@example.org",
        consent=True,
        **extra,
    ).registration


def _form(n: int = 1, **extra) -> dict:
    return {
        "name": f"Personne {n}",
        "email": f"personne{n}@example.org",
        "organisation": "",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
        **extra,
    }


def _statuses(edition) -> list[str]:
    return list(edition.registrations.order_by("created_at", "pk").values_list("status", flat=True))


@time_machine.travel(NOW, tick=False)
def test_registrations_are_confirmed_up_to_capacity_then_wait_in_order(django_capture_on_commit_callbacks):
    edition = OpenEditionFactory(capacity=3)

    with django_capture_on_commit_callbacks(execute=True):
        registrations = [_register(edition, n) for n in range(5)]

    assert [r.status for r in registrations] == ["confirmed"] * 3 + ["waiting"] * 2
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count(f"Inscription confirmée\u00a0: {edition.label}") == 3
    assert subjects.count(f"Liste d’attente\u00a0: {edition.label}") == 2
    waiting_mail = [m for m in mail.outbox if m.to == ["personne4@example.org"]][0]
    assert "au rang 2" in waiting_mail.body


@time_machine.travel(NOW, tick=False)
def test_confirmation_email_has_an_ics_and_a_cancel_link(django_capture_on_commit_callbacks):
    edition = OpenEditionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(edition, 1)

    message = mail.outbox[-1]
    assert message.to == ["personne1@example.org"]
    assert "vendredi 13 mars 2026 à 8 h 30" in message.body
    cancel_url = reverse("pdin:registration_cancel", args=[registration.cancel_token])
    assert cancel_url in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    assert "DTSTART;TZID=Europe/Paris:20260313T083000" in content


def test_same_email_in_other_case_resends_and_never_registers_twice(
    client, django_capture_on_commit_callbacks
):
    edition = OpenEditionFactory(capacity=5)
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, _form(1))
    later = NOW + datetime.timedelta(minutes=3)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, _form(1, email="  Personne1@EXAMPLE.org ", name="Quelqu’un d’autre"))

    # The visitor reads the same words: nothing tells that the address was known.
    assert first.status_code == second.status_code == 302
    with time_machine.travel(later, tick=False):
        answers = [_thanks_text(client, response) for response in (first, second)]
    assert answers[0] == answers[1]
    assert "Votre place est confirmée." in answers[0]
    assert edition.registrations.count() == 1
    assert edition.registrations.get().name == "Personne 1"
    # The confirmation went again to the address's owner, and only to them.
    assert [m.to for m in mail.outbox] == [["personne1@example.org"], ["personne1@example.org"]]
    assert mail.outbox[0].subject == mail.outbox[1].subject


def _thanks_text(client, redirect_response) -> str:
    """The text of the alert on the page the form redirected to (tags and spaces folded)."""
    location = redirect_response if isinstance(redirect_response, str) else redirect_response["Location"]
    html = client.get(location).content.decode()
    alert = re.search(r'<div class="alert[^"]*" role="status">(.*?)</div>', html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", alert)).strip()


@time_machine.travel(NOW, tick=False)
def test_thanks_page_says_confirmed_or_the_rank_on_the_waiting_list(client):
    edition = OpenEditionFactory(capacity=1)
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])

    answers = [
        _thanks_text(client, client.post(url, data)) for data in (_form(1), _form(2), _form(3), _form(1))
    ]

    assert "Votre place est confirmée." in answers[0]
    assert "Rendez-vous le vendredi 13 mars 2026 à 8 h 30" in answers[0]
    assert "Vous êtes sur la liste d’attente, rang 1." in answers[1]
    assert "Vous êtes sur la liste d’attente, rang 2." in answers[2]
    # An address already registered reads the same words as a new one with that status.
    assert answers[3] == answers[0]
    assert _statuses(edition) == ["confirmed", "waiting", "waiting"]


@time_machine.travel(NOW, tick=False)
def test_thanks_page_cannot_be_pointed_at_another_registration(client):
    edition = OpenEditionFactory(capacity=1)
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])
    thanks = client.post(url, _form(1))["Location"]
    mine = edition.registrations.get()
    other = RegistrationFactory(edition=edition, status=RegistrationStatus.WAITING)
    token = parse_qs(urlsplit(thanks).query)["inscription"][0]
    # The same signed token with another registration's id in place of the visitor's.
    payload, rest = token.split(":", 1)
    assert signing.b64_decode(payload.encode()) == str(mine.pk).encode()
    forged_token = signing.b64_encode(str(other.pk).encode()).decode() + ":" + rest
    forged = thanks.split("?")[0] + "?" + urlencode({"inscription": forged_token})

    for address in (forged, thanks.split("?")[0], thanks.split("?")[0] + "?inscription=12"):
        # Only the general message, which sends the visitor to the e-mail.
        assert _thanks_text(client, address).startswith("Votre demande pour")
    # The link stops speaking of the registration after an hour.
    with time_machine.travel(NOW + datetime.timedelta(hours=1, minutes=1), tick=False):
        assert _thanks_text(client, thanks).startswith("Votre demande pour")
    assert _thanks_text(client, thanks).startswith("Votre place est confirmée.")


@time_machine.travel(NOW, tick=False)
def test_on_a_full_edition_the_button_says_waiting_list(client):
    edition = OpenEditionFactory(capacity=1)
    url = edition.get_absolute_url()

    assert "M’inscrire sur la liste d’attente" not in client.get(url).content.decode()
    RegistrationFactory(edition=edition)
    html = client.get(url).content.decode()

    assert 'value="M’inscrire sur la liste d’attente"' in html


@time_machine.travel(NOW, tick=False)
def test_registration_form_errors_keep_what_was_typed(client):
    edition = OpenEditionFactory()
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])

    response = client.post(url, _form(1, email="pas-une-adresse", consent=""))

    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="Personne 1"' in text
    assert "Votre accord est nécessaire" in text
    assert edition.registrations.count() == 0


@time_machine.travel(NOW, tick=False)
def test_form_posts_to_its_own_anchor_so_errors_are_in_view(client):
    edition = OpenEditionFactory()
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])
    action = f'action="{url}#inscription-formulaire"'

    assert action in client.get(edition.get_absolute_url()).content.decode()
    html = client.post(url, _form(1, consent="")).content.decode()

    assert action in html  # a second failed submit lands there too
    summary = html.index('id="erreurs"')
    # (the first <form> of every page is the language switch in the header)
    assert html.index('id="inscription-formulaire"') < summary < html.index(action)
    assert 'tabindex="-1" id="erreurs"' in html


@time_machine.travel(NOW, tick=False)
def test_honeypot_filled_records_nothing_but_says_thanks(client):
    edition = OpenEditionFactory()
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])

    response = client.post(url, _form(1, website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"].endswith("/inscription/merci/")
    assert edition.registrations.count() == 0
    assert mail.outbox == []


@time_machine.travel(NOW, tick=False)
def test_rate_limit_per_address(client, settings):
    settings.PDIN_REGISTRATION_RATE_LIMIT = 3
    edition = OpenEditionFactory(capacity=50)
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])

    codes = [client.post(url, _form(n), REMOTE_ADDR="203.0.113.7").status_code for n in range(5)]
    other = client.post(url, _form(9), REMOTE_ADDR="203.0.113.8")

    assert codes == [302, 302, 302, 429, 429]
    assert other.status_code == 302
    assert edition.registrations.count() == 4
    assert (
        "Réessayez dans une heure" in client.post(url, _form(7), REMOTE_ADDR="203.0.113.7").content.decode()
    )


@time_machine.travel(NOW, tick=False)
def test_registration_is_refused_when_closed_or_past():
    closed = OpenEditionFactory(registration_open=False)
    past = OpenEditionFactory(date=datetime.date(2026, 2, 13))

    for edition in (closed, past):
        with pytest.raises(ValidationError, match="closes"):
            _register(edition, 1)
    assert Registration.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_cancel_link_asks_then_cancels_once(client):
    registration = RegistrationFactory()
    url = reverse("pdin:registration_cancel", args=[registration.cancel_token])

    page = client.get(url)
    registration.refresh_from_db()
    assert page.status_code == 200 and registration.status == RegistrationStatus.CONFIRMED
    assert "Oui, annuler mon inscription" in page.content.decode()
    # Same-origin, not no-referrer: the token goes to no other host, and Chromium still posts
    # the form with a real Origin (no-referrer made it Origin: null, refused by CSRF: issue 16).
    assert page["Referrer-Policy"] == "same-origin"

    client.post(url)
    again = client.post(url)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert again.status_code == 200


def test_cancel_tokens_are_unguessable_and_single_purpose(client):
    registrations = RegistrationFactory.create_batch(3)
    tokens = [r.cancel_token for r in registrations]

    assert len(set(tokens)) == 3
    assert all(len(t) >= 43 for t in tokens)  # 32 random bytes, URL-safe base64
    assert client.get(reverse("pdin:registration_cancel", args=["x" * 43])).status_code == 404
    # A cancel link is not an offer link, and the other way round.
    assert client.get(reverse("pdin:offer_accept", args=[tokens[0]])).status_code == 404
    assert client.post(reverse("pdin:offer_accept", args=[tokens[0]])).status_code == 404


def test_cancelling_a_confirmed_place_offers_it_to_the_first_waiting_person(
    django_capture_on_commit_callbacks,
):
    edition = OpenEditionFactory(capacity=2)
    with time_machine.travel(NOW, tick=False):
        first, _second, third, fourth = [_register(edition, n) for n in range(4)]
    mail.outbox.clear()

    cancelled_at = NOW + datetime.timedelta(days=1)
    with time_machine.travel(cancelled_at, tick=False), django_capture_on_commit_callbacks(execute=True):
        registration_cancel(token=first.cancel_token)

    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == RegistrationStatus.OFFERED
    assert fourth.status == RegistrationStatus.WAITING
    # Held 48 hours by default.
    assert third.offer_expires_at == cancelled_at + datetime.timedelta(hours=48)
    (offer_mail,) = mail.outbox
    assert offer_mail.to == ["personne2@example.org"]
    assert reverse("pdin:offer_accept", args=[third.offer_token]) in offer_mail.body
    assert "lundi 23 février 2026 à 10 h" in offer_mail.body


def test_offer_is_confirmed_with_one_click(client, django_capture_on_commit_callbacks):
    edition = OpenEditionFactory(capacity=1)
    with time_machine.travel(NOW, tick=False):
        first, second = _register(edition, 1), _register(edition, 2)
        registration_cancel(token=first.cancel_token)
    second.refresh_from_db()
    url = reverse("pdin:offer_accept", args=[second.offer_token])
    mail.outbox.clear()

    with time_machine.travel(NOW + datetime.timedelta(hours=5), tick=False):
        assert "Je confirme ma place" in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, follow=True)

    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert "Votre place est confirmée" in response.content.decode()
    assert mail.outbox[0].subject == f"Inscription confirmée\u00a0: {edition.label}"


def test_lapsed_offer_goes_to_the_next_person_through_the_task(django_capture_on_commit_callbacks):
    edition = OpenEditionFactory(capacity=1)
    with time_machine.travel(NOW, tick=False):
        first, second, third = [_register(edition, n) for n in range(3)]
        registration_cancel(token=first.cancel_token)
    second.refresh_from_db()
    token = second.offer_token

    with time_machine.travel(NOW + datetime.timedelta(hours=47), tick=False):
        assert expire_waitlist_offers.delay().get() == 0
    later = NOW + datetime.timedelta(hours=48, minutes=5)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        mail.outbox.clear()
        assert expire_waitlist_offers.delay().get() == 1
        # Safe to run twice: nothing more lapses, nobody else gets an offer.
        assert expire_waitlist_offers.delay().get() == 0

    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.EXPIRED
    assert third.status == RegistrationStatus.OFFERED
    assert [m.to for m in mail.outbox] == [["personne2@example.org"]]
    # The lapsed offer's link still says what happened (the page answers 410), never confirms.
    with time_machine.travel(later, tick=False), pytest.raises(ValidationError, match="a expiré"):
        offer_accept(token=token)


def test_offer_is_shorter_when_the_edition_is_close():
    edition = OpenEditionFactory(capacity=1)  # Friday 13 March 2026
    cancelled_at = datetime.datetime(2026, 3, 11, 15, 0, tzinfo=PARIS)  # Wednesday afternoon
    with time_machine.travel(cancelled_at - datetime.timedelta(days=3), tick=False):
        first, second = _register(edition, 1), _register(edition, 2)
    with time_machine.travel(cancelled_at, tick=False):
        registration_cancel(token=first.cancel_token)

    second.refresh_from_db()
    # Held until the last-minute window opens: Thursday 12 March, 00:00 in Paris.
    assert second.offer_expires_at == datetime.datetime(2026, 3, 12, 0, 0, tzinfo=PARIS)


def test_the_day_before_a_free_place_is_taken_at_once():
    edition = OpenEditionFactory(capacity=1)
    with time_machine.travel(NOW, tick=False):
        first, second = _register(edition, 1), _register(edition, 2)
    day_before = datetime.datetime(2026, 3, 12, 18, 0, tzinfo=PARIS)
    with time_machine.travel(day_before, tick=False):
        registration_cancel(token=first.cancel_token)
        second.refresh_from_db()
        # No more offers on the day before: the place is free.
        assert second.status == RegistrationStatus.WAITING
        newcomer = _register(edition, 3)

    assert newcomer.status == RegistrationStatus.CONFIRMED
    assert newcomer.confirmed_at == day_before


def test_the_day_before_a_waiting_person_asking_again_gets_the_free_place():
    edition = OpenEditionFactory(capacity=1)
    with time_machine.travel(NOW, tick=False):
        first, second = _register(edition, 1), _register(edition, 2)
    with time_machine.travel(datetime.datetime(2026, 3, 12, 8, 0, tzinfo=PARIS), tick=False):
        registration_cancel(token=first.cancel_token)
        again = _register(edition, 2)

    assert again.pk == second.pk
    assert again.status == RegistrationStatus.CONFIRMED


@time_machine.travel(NOW, tick=False)
def test_expired_offer_cannot_be_confirmed(client):
    registration = RegistrationFactory(
        status=RegistrationStatus.OFFERED,
        offer_token="jeton-de-proposition-expire-0123456789abcdefghijk",
        offered_at=NOW - datetime.timedelta(hours=49),
        offer_expires_at=NOW - datetime.timedelta(hours=1),
    )
    url = reverse("pdin:offer_accept", args=[registration.offer_token])

    response = client.post(url)

    assert response.status_code == 410
    assert "Cette proposition a expiré" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.OFFERED
    assert offers_expire() == 1


def test_consent_text_states_the_retention_the_purge_applies(settings):
    from pdin.forms import RegistrationForm

    settings.PDIN_REGISTRATION_RETENTION_MONTHS = 4
    assert "supprimées 4 mois après l’édition" in RegistrationForm().fields["consent"].label


@time_machine.travel(NOW, tick=False)
def test_a_social_centre_registers_a_group_from_one_address(client):
    # The default limits: thirty people from one Wi-Fi address all get in.
    edition = OpenEditionFactory(capacity=50)
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])

    codes = [client.post(url, _form(n), REMOTE_ADDR="203.0.113.50").status_code for n in range(30)]

    assert codes == [302] * 30
    assert edition.registrations.count() == 30


@time_machine.travel(NOW, tick=False)
def test_one_email_address_is_limited_whatever_the_ip(client, settings):
    settings.PDIN_CONTACT_PHONE = "03\u00a020\u00a012\u00a034\u00a056"
    editions = [OpenEditionFactory(capacity=50) for _ in range(7)]
    codes = []
    for n, edition in enumerate(editions):
        url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])
        response = client.post(url, _form(1), REMOTE_ADDR=f"198.51.100.{n}")
        codes.append(response.status_code)

    assert codes == [302] * 5 + [429, 429]
    page = response.content.decode()
    assert "Réessayez dans une heure" in page
    assert "appelez-nous au 03\u00a020\u00a012\u00a034\u00a056" in page


@time_machine.travel(NOW, tick=False)
def test_a_refusal_per_ip_shows_the_phone_contact(client, settings):
    settings.PDIN_REGISTRATION_RATE_LIMIT = 2
    settings.PDIN_CONTACT_PHONE = "03 20 12 34 56"
    edition = OpenEditionFactory(capacity=50)
    url = reverse("pdin:edition_register", args=[edition.series.slug, edition.number])
    for n in range(2):
        client.post(url, _form(n), REMOTE_ADDR="203.0.113.9")

    response = client.post(url, _form(5), REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429
    assert "03 20 12 34 56" in response.content.decode()
