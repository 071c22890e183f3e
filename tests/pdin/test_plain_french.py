"""Plain French on the public pages (issue 13): what the council and the PDIN are, whom to
call, no jargon, where a venue is and how accessible, past editions that look past."""

import datetime
import html as htmllib
import re

import pytest
import time_machine
from django.urls import reverse

from pdin.models import Resource, Sequence, SequenceKind

from ..members.factories import CouncilFactory
from .factories import EditionFactory, OpenEditionFactory, RegistrationFactory, VenueFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=datetime.UTC)
PHONE = "03 53 01 42 17"
ADDRESS = "17 Grand’Place – CS 70737 – 59066 Roubaix Cedex 1"

# Words a resident far from digital tools does not know, and that must not be on a public
# page without a word of explanation.
JARGON = re.compile(r"iCalendar|\.ics\b|Flux Atom|[Ss]équence plénière|[Ss]équence interactive")


def _text(html: str) -> str:
    """What a person reads: tags out, every kind of space folded."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"</?(a|abbr|strong|em|span|time)\b[^>]*>", "", text)  # inside a line of text
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def _main(html: str) -> str:
    return _text(re.search(r"<main\b.*?</main>", html, re.S).group(0))


def _footer(html: str) -> str:
    return _text(re.search(r"<footer\b.*?</footer>", html, re.S).group(0))


@pytest.fixture
def council():
    return CouncilFactory(phone=PHONE, address=ADDRESS, email="participation@example.org")


@time_machine.travel(TODAY, tick=False)
def test_home_page_says_what_the_council_and_the_pdin_are_and_whom_to_call(client, council):
    html = client.get(reverse("pdin:programme")).content.decode()
    main = _main(html)

    assert (
        "Le Conseil local du numérique réunit des habitantes et des habitants de Villeneuve qui "
        "donnent leur avis à la Ville sur ses projets numériques." in main
    )
    assert (
        "Le Petit-déjeuner de l’inclusion numérique est une rencontre gratuite et ouverte à toutes et à tous"
        in main
    )
    assert f"Appelez Service Participation citoyenne au {PHONE}" in main
    assert ADDRESS in main
    assert 'href="tel:0353014217"' in html


@time_machine.travel(TODAY, tick=False)
def test_every_public_page_footer_gives_phone_address_and_email(client, council):
    edition = OpenEditionFactory()
    pages = [
        reverse("pdin:programme"),
        edition.get_absolute_url(),
        edition.venue.get_absolute_url(),
        reverse("pdin:open_data"),
        reverse("home:legal"),
        reverse("account_login"),
        "/cette-page-n-existe-pas/",
    ]
    for url in pages:
        footer = _footer(client.get(url).content.decode())
        assert f"Téléphone : {PHONE}" in footer, url
        assert f"Adresse postale : {ADDRESS}" in footer, url
        assert "E-mail : participation@example.org" in footer, url


def test_footer_without_contact_details_shows_no_empty_labels(client):
    CouncilFactory()
    footer = _footer(client.get(reverse("home:legal")).content.decode())
    assert "Téléphone" not in footer and "Adresse postale" not in footer


@time_machine.travel(TODAY, tick=False)
def test_programme_and_edition_pages_speak_without_jargon(client, council):
    edition = OpenEditionFactory()
    Sequence.objects.create(edition=edition, kind=SequenceKind.PLENARY, title="Accueil café", order=1)
    Sequence.objects.create(edition=edition, kind=SequenceKind.INTERACTIVE, title="Cas pratiques", order=2)

    programme = _main(client.get(reverse("pdin:programme")).content.decode())
    page = _main(client.get(edition.get_absolute_url()).content.decode())

    assert not JARGON.search(programme), JARGON.findall(programme)
    assert not JARGON.search(page), JARGON.findall(page)
    assert (
        "Ajouter les prochaines dates « Petit-déjeuner de l’inclusion numérique » à mon agenda" in programme
    )
    assert (
        "S’abonner aux nouveautés (nouvelles éditions et comptes-rendus) avec un lecteur de flux Atom"
        in programme
    )
    assert "Ajouter à mon agenda" in page
    assert "Tous ensemble (séance plénière)" in page
    assert "En petits groupes : ateliers de 10 à 12 personnes" in page


def test_venue_page_says_how_to_get_there_and_its_accessibility(client, council):
    venue = VenueFactory(
        public_transport="Métro ligne 2, station « Grand-Place ».",
        accessibility="Entrée de plain-pied, ascenseur.",
    )

    main = _main(client.get(venue.get_absolute_url()).content.decode())

    assert "Comment venir Métro ligne 2, station « Grand-Place »." in main
    assert "Accessibilité du lieu Entrée de plain-pied, ascenseur." in main
    assert f"Un besoin particulier (fauteuil, interprète, accompagnement) ? Appelez-nous au {PHONE}." in main


def test_venue_page_without_directions_says_whom_to_call(client, council):
    venue = VenueFactory(public_transport="", accessibility="")

    main = _main(client.get(venue.get_absolute_url()).content.decode())

    assert f"Pour savoir comment venir en bus, en tram ou en métro, appelez-nous au {PHONE}." in main
    assert f"L’accessibilité de ce lieu n’est pas encore décrite ici. Appelez-nous au {PHONE} :" in main


@time_machine.travel(TODAY, tick=False)
def test_coming_edition_page_tells_how_to_get_to_its_venue(client, council):
    edition = OpenEditionFactory(venue=VenueFactory(public_transport="Bus 25, arrêt « Mairie »."))

    main = _main(client.get(edition.get_absolute_url()).content.decode())

    assert "Comment venir Bus 25, arrêt « Mairie »." in main
    assert f"L’accessibilité de ce lieu n’est pas encore décrite ici. Appelez-nous au {PHONE}" in main


def test_staff_edit_how_to_get_to_a_venue_and_its_accessibility(client, council, staff_user):
    venue = VenueFactory()
    client.force_login(staff_user)
    url = reverse("pdin:staff_venue_edit", args=[venue.slug])
    form = client.get(url).content.decode()
    assert "Comment venir" in form and "Accessibilité du lieu" in form
    assert "à compléter" in _main(client.get(reverse("pdin:staff_venues")).content.decode())

    data = {
        "name": venue.name,
        "slug": venue.slug,
        "address": venue.address,
        "postal_code": venue.postal_code,
        "city": venue.city,
        "neighbourhood": "",
        "public_transport": "Tram R, arrêt « Eurotéléport ».",
        "accessibility": "Rampe d’accès côté parking.",
    }
    assert client.post(url, data).status_code == 302

    venue.refresh_from_db()
    assert venue.public_transport == "Tram R, arrêt « Eurotéléport »."
    assert venue.accessibility == "Rampe d’accès côté parking."
    assert "à compléter" not in _main(client.get(reverse("pdin:staff_venues")).content.decode())


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("fields", "held", "participation"),
    [
        (
            {"participants_count": 52},
            "Cette édition a eu lieu le vendredi 13 février 2026.",
            "52 participant·es",
        ),
        ({}, "Cette édition a eu lieu le vendredi 13 février 2026.", "2 personnes inscrites présentes"),
        (
            {"date": datetime.date(2022, 9, 1), "date_precision": "month"},
            "Cette édition a eu lieu en septembre 2022.",
            "2 personnes inscrites présentes",
        ),
    ],
)
def test_past_edition_says_it_took_place_with_its_participants_and_resources(
    client, council, fields, held, participation
):
    edition = EditionFactory(**{"date": datetime.date(2026, 2, 13), **fields})
    RegistrationFactory.create_batch(2, edition=edition, attended=True)
    RegistrationFactory(edition=edition, attended=False)

    main = _main(client.get(edition.get_absolute_url()).content.decode())

    assert held in main
    assert f"Participation {participation}" in main
    assert (
        f"Ressources Les documents de cette édition ne sont pas en ligne. Pour les demander, appelez-nous au {PHONE}."
        in main
    )
    assert "S’inscrire" not in main and "Comment venir" not in main

    Resource.objects.create(
        edition=edition, title="Diaporama de la plénière", url="https://example.org/d.pdf"
    )
    main = _main(client.get(edition.get_absolute_url()).content.decode())
    assert "Ressources Diaporama de la plénière" in main


@time_machine.travel(TODAY, tick=False)
def test_past_edition_without_attendance_counts_confirmed_registrations(client, council):
    edition = EditionFactory(date=datetime.date(2026, 2, 13))
    RegistrationFactory.create_batch(3, edition=edition)

    main = _main(client.get(edition.get_absolute_url()).content.decode())

    assert "Participation 3 personnes inscrites" in main


def test_open_data_page_says_whom_it_is_for(client, council):
    main = _main(client.get(reverse("pdin:open_data")).content.decode())

    assert "Cette page s’adresse aux personnes qui veulent réutiliser cette liste dans un tableur" in main
    assert "Pour connaître les prochaines rencontres, le programme suffit." in main
