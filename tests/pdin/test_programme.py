"""The programme's filters, series and venue pages, an edition's programme and resources, page weight."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cln_portal.dates import DatePrecision
from pdin.models import Contributor, ContributorKind, Edition, Resource, Sequence, SequenceKind
from pdin.validators import validate_pdf

from ..members.factories import CouncilFactory
from .factories import (
    EditionFactory,
    EventSeriesFactory,
    OpenEditionFactory,
    RegistrationFactory,
    ThemeFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=datetime.UTC)


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").replace("\u202f", " "))


@time_machine.travel(TODAY, tick=False)
def test_coming_edition_shows_time_theme_places_left_and_a_register_button(client):
    edition = OpenEditionFactory(capacity=10, theme=ThemeFactory(name="Intelligence artificielle"))
    RegistrationFactory.create_batch(3, edition=edition)

    response = client.get("/")
    text = _text(response)

    assert "Vendredi 13 mars 2026 à 8 h 30" in text
    assert "Intelligence artificielle" in text
    assert "7 places restantes" in text
    assert f'href="{edition.get_absolute_url()}#inscription"' in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_full_edition_offers_the_waiting_list(client):
    edition = OpenEditionFactory(capacity=2)
    RegistrationFactory.create_batch(2, edition=edition)

    assert "Complet : inscription sur liste d’attente" in _text(client.get("/"))
    assert "S’inscrire sur la liste d’attente" in _text(client.get(edition.get_absolute_url()))


@time_machine.travel(TODAY, tick=False)
def test_programme_filters_by_theme_and_neighbourhood_without_javascript(client):
    health = ThemeFactory(name="Santé", slug="sante")
    jobs = ThemeFactory(name="Emploi", slug="emploi")
    epeule = VenueFactory(name="Condition Publique", neighbourhood="Épeule")
    centre = VenueFactory(name="Médiathèque", neighbourhood="Centre")
    EditionFactory(number=1, title="Santé à l’Épeule", theme=health, venue=epeule)
    EditionFactory(number=2, title="Santé au centre", theme=health, venue=centre)
    EditionFactory(number=3, title="Emploi au centre", theme=jobs, venue=centre)

    by_theme = _text(client.get("/", {"theme": "sante"}))
    both = _text(client.get("/", {"theme": "sante", "quartier": "Centre"}))
    none = _text(client.get("/", {"theme": "inconnu"}))

    assert (
        "Santé à l’Épeule" in by_theme
        and "Santé au centre" in by_theme
        and "Emploi au centre" not in by_theme
    )
    assert "Santé au centre" in both and "Santé à l’Épeule" not in both
    assert "Aucune édition ne correspond à ce filtre." in none
    form = client.get("/").content.decode()
    assert re.search(r'<form[^>]*method="get"', form)
    assert '<option value="Épeule">Épeule</option>' in form
    assert 'name=""' not in form  # the submit button adds nothing to the URL


@time_machine.travel(TODAY, tick=False)
def test_each_series_has_its_own_programme_and_feed_link(client):
    cafes = EventSeriesFactory(slug="cafes-ia", name="Cafés IA", short_name="Cafés IA")
    EditionFactory(series=cafes, number=1, title="Café IA aux Trois-Ponts", date=datetime.date(2026, 4, 2))
    EditionFactory(number=11, title="Une édition du PDIN")

    text = _text(client.get(cafes.get_absolute_url()))

    assert "Café IA aux Trois-Ponts" in text and "Une édition du PDIN" not in text
    assert "/programme/cafes-ia/agenda.ics" in client.get(cafes.get_absolute_url()).content.decode()


def test_venue_page_shows_address_accessibility_and_editions(client, django_assert_num_queries):
    CouncilFactory()
    venue = VenueFactory(
        name="Centre social des 4 Quartiers",
        neighbourhood="Quatre Quartiers",
        accessibility="Accès de plain-pied, **boucle magnétique** à l’accueil.",
    )
    EditionFactory(number=6, title="Accès aux droits", venue=venue)
    EditionFactory(number=7, title="Ailleurs")

    with django_assert_num_queries(2):  # council, its editions with the venue
        response = client.get(venue.get_absolute_url())
    text = _text(response)

    assert "Quatre Quartiers" in text and "12 rue de la République, 99000 Villeneuve" in text
    assert "<strong>boucle magnétique</strong>" in response.content.decode()
    assert "Accès aux droits" in text and "Ailleurs" not in text
    assert (
        "https://www.openstreetmap.org/search?query=12+rue+de+la+R%C3%A9publique" in response.content.decode()
    )


def test_a_venue_without_editions_has_its_page_and_an_unknown_one_is_not_found(
    client, django_assert_num_queries
):
    CouncilFactory()
    venue = VenueFactory(name="Médiathèque du Centre")
    EditionFactory(title="Ailleurs")

    with django_assert_num_queries(3):  # council, its editions (none), the venue
        text = _text(client.get(venue.get_absolute_url()))
    assert "Médiathèque du Centre" in text
    assert "Aucune édition prévue dans ce lieu pour l’instant." in text and "Ailleurs" not in text
    assert client.get(venue.get_absolute_url().replace(venue.slug, "inconnu")).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_venue_page_separates_coming_editions_from_past_ones(client, django_assert_num_queries):
    CouncilFactory()
    venue = VenueFactory()
    theme = ThemeFactory(name="Accès aux droits")
    EditionFactory(number=5, title="Édition d’autrefois", venue=venue, date=datetime.date(2025, 6, 13))
    EditionFactory(
        number=13, title="Édition suivante", venue=venue, date=datetime.date(2026, 9, 18), theme=theme
    )
    EditionFactory(
        number=12, title="Édition prochaine", venue=venue, date=datetime.date(2026, 3, 13), theme=theme
    )

    # Council, its editions with the venue, series and theme: not one more per edition.
    with django_assert_num_queries(2):
        html = client.get(venue.get_absolute_url()).content.decode()

    assert "Éditions tenues dans ce lieu" not in html
    coming = html.index("<h2>Prochaines éditions</h2>")
    past = html.index("<h2>Éditions passées</h2>")
    assert coming < html.index("Édition prochaine") < html.index("Édition suivante") < past
    assert html.count("· Accès aux droits</p>") == 2  # each card names its theme
    assert past < html.index("Édition d’autrefois")


@time_machine.travel(TODAY, tick=False)
def test_edition_page_shows_programme_speakers_partners_resources_and_map_link(client):
    edition = OpenEditionFactory()
    Sequence.objects.create(edition=edition, kind=SequenceKind.PLENARY, title="Retour d’expérience", order=1)
    Sequence.objects.create(
        edition=edition, kind=SequenceKind.INTERACTIVE, title="Ateliers en petits groupes", order=2
    )
    Contributor.objects.create(edition=edition, kind=ContributorKind.SPEAKER, name="Nadia Amrani")
    Contributor.objects.create(edition=edition, kind=ContributorKind.PARTNER, name="Les Assembleurs")
    Resource.objects.create(edition=edition, title="Support de présentation", url="https://example.org/s.pdf")

    response = client.get(edition.get_absolute_url())
    text = _text(response)
    html = response.content.decode()

    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate id"
    for expected in (
        "Tous ensemble (séance plénière)",
        "Retour d’expérience",
        "ateliers de 10 à 12 personnes",
        "Nadia Amrani",
        "Les Assembleurs",
        "Support de présentation",
    ):
        assert expected in text
    assert 'href="https://www.openstreetmap.org/search?query=' in html
    # A plain link: no map is embedded, nothing is fetched from another host.
    assert "<iframe" not in html and not re.search(r'<(script|img|link)[^>]+(src|href)="https?://', html)


def test_uploaded_slides_must_be_a_pdf_by_content():
    from tests.test_uploads import real_pdf

    real = SimpleUploadedFile("slides.pdf", real_pdf())
    fake = SimpleUploadedFile("slides.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")

    validate_pdf(real)
    with pytest.raises(ValidationError, match="pas un PDF"):
        validate_pdf(fake)
    resource = Resource(edition=EditionFactory(), title="Diapositives", file=fake)
    with pytest.raises(ValidationError):
        resource.full_clean()


def test_a_resource_is_a_file_or_a_link():
    with pytest.raises(ValidationError):
        Resource(edition=EditionFactory(), title="Rien").full_clean()


@time_machine.travel(TODAY, tick=False)
def test_programme_page_is_light_and_needs_no_other_host(client):
    CouncilFactory()
    for number in range(1, 12):
        EditionFactory(
            number=number,
            date=datetime.date(2022, 9, 1) + datetime.timedelta(days=120 * number),
            date_precision=DatePrecision.MONTH if number < 11 else DatePrecision.DAY,
            theme=ThemeFactory(),
        )
    OpenEditionFactory(number=12, capacity=60)

    response = client.get("/")
    html = response.content.decode()
    assets = re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', html)

    assert all(a.startswith("/") or a.startswith("data:") for a in assets), assets
    assert not re.search(r'(src|href)="//', html)
    weight = len(response.content) + sum(
        Path(finders.find(a.removeprefix("/static/"))).stat().st_size
        for a in assets
        if a.startswith("/static/")
    )
    assert weight < 150 * 1024, weight


def test_demo_seed_adds_an_open_demonstration_edition_idempotently():
    from sessions.demo import demo_seed

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        demo_seed(with_accounts=False)
        first = list(Edition.objects.order_by("pk").values())
        demo_seed(with_accounts=False)
        assert list(Edition.objects.order_by("pk").values()) == first

    demo = Edition.objects.get(is_demo=True)
    assert demo.number == 12 and demo.series.slug == "pdin"
    assert demo.capacity == 60 and demo.registration_open
    assert demo.date == datetime.date(2026, 4, 3)  # four weeks on, a Friday
    assert Edition.objects.filter(is_demo=False, series__slug="pdin").count() == 11
    assert Edition.objects.get(number=11, is_demo=False).date == datetime.date(2026, 2, 13)
    assert demo.sequences.count() == 4

    with time_machine.travel(datetime.datetime(2026, 3, 30, 9, 0, tzinfo=datetime.UTC), tick=False):
        demo_seed(with_accounts=False)
    demo.refresh_from_db()
    # Moved ahead when it came too close: four weeks on is Friday 1 May, then 8 May, both
    # public holidays.
    assert demo.date == datetime.date(2026, 5, 15)


def test_demo_edition_skips_public_holidays_and_has_a_street_address():
    from sessions.demo import demo_seed

    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), tick=False):
        demo_seed(with_accounts=False)
        first = list(Edition.objects.order_by("pk").values())
        demo_seed(with_accounts=False)
        assert list(Edition.objects.order_by("pk").values()) == first

    demo = Edition.objects.get(is_demo=True)
    assert demo.date == datetime.date(2027, 1, 8)  # not Friday 1 January 2027
    assert demo.venue.name == "Hôtel de Ville de Roubaix"
    assert demo.venue.address == "17 Grand’Place"


def test_demo_seed_moves_an_older_demo_edition_off_a_holiday_and_the_address_less_venue():
    from pdin.models import Venue
    from sessions.demo import demo_seed

    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), tick=False):
        demo_seed(with_accounts=False)
        Edition.objects.filter(is_demo=True).update(
            date=datetime.date(2027, 1, 1), venue=Venue.objects.get(slug="centre-social-4-quartiers")
        )
        demo_seed(with_accounts=False)

    demo = Edition.objects.get(is_demo=True)
    assert demo.date == datetime.date(2027, 1, 8)
    assert demo.venue.slug == "hotel-de-ville"
