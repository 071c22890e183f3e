"""The public PDIN programme and an edition's page, as a visitor sees them."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from cln_portal.dates import DatePrecision

from ..members.factories import CouncilFactory
from .factories import EditionFactory, EventSeriesFactory, VenueFactory

pytestmark = pytest.mark.django_db

# A fixed "today" in Europe/Paris: tests never depend on the real date.
TODAY = datetime.datetime(2025, 12, 10, 10, 0, tzinfo=datetime.UTC)


def _text(response) -> str:
    """The page's text with tags removed and spaces (no-break ones included) collapsed."""
    # <abbr> (acronyms spelt out, cln_portal.abbreviations) sits inside a word's text.
    html = re.sub(r"</?abbr\b[^>]*>", "", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").replace("\u202f", " "))


@time_machine.travel(TODAY, tick=False)
def test_programme_is_the_home_page_and_public(client):
    EditionFactory(title="Les seniors et le numérique")

    response = client.get("/")

    assert response.status_code == 200
    assert reverse("pdin:programme") == "/"
    assert "Les seniors et le numérique" in _text(response)


@time_machine.travel(TODAY, tick=False)
def test_programme_shows_month_only_date_as_given(client):
    # A title of its own: the factory's « Thème de l’édition 61 » would read « … 61 septembre ».
    EditionFactory(
        number=1, title="Atelier", date=datetime.date(2022, 9, 1), date_precision=DatePrecision.MONTH
    )

    text = _text(client.get("/"))

    assert "septembre 2022" in text
    # The 1st of the month is storage only: it is never shown.
    assert "1er septembre 2022" not in text
    assert "1 septembre 2022" not in text


@time_machine.travel(TODAY, tick=False)
def test_programme_groups_editions_by_year_newest_first(client):
    EditionFactory(
        number=1, title="Première", date=datetime.date(2022, 9, 1), date_precision=DatePrecision.MONTH
    )
    EditionFactory(number=5, title="Cinquième", date=datetime.date(2024, 2, 9))
    EditionFactory(number=4, title="Quatrième", date=datetime.date(2023, 11, 17))
    EditionFactory(number=6, title="Sixième", date=datetime.date(2024, 6, 14))

    text = _text(client.get("/"))

    order = [
        text.index(s)
        for s in [
            "Éditions 2024",
            "Sixième",
            "Cinquième",
            "Éditions 2023",
            "Quatrième",
            "Éditions 2022",
            "Première",
        ]
    ]
    assert order == sorted(order)


@time_machine.travel(TODAY, tick=False)
def test_coming_edition_is_shown_first_with_its_venue(client):
    EditionFactory(number=10, title="Passée", date=datetime.date(2025, 10, 3))
    venue = VenueFactory(name="Centre social des Tilleuls", address="4 place des Tilleuls")
    EditionFactory(number=11, title="L’IA au quotidien", date=datetime.date(2026, 2, 13), venue=venue)

    text = _text(client.get("/"))

    assert text.index("Prochaine édition") < text.index("L’IA au quotidien") < text.index("Passée")
    assert "13 février 2026" in text
    assert "4 place des Tilleuls" in text
    # The coming edition is shown once, not again in its year.
    assert text.count("L’IA au quotidien") == 1


@time_machine.travel(TODAY, tick=False)
def test_programme_says_so_when_there_is_no_edition(client):
    assert "Aucune édition n’est encore publiée." in _text(client.get("/"))


@time_machine.travel(TODAY, tick=False)
def test_programme_query_count_does_not_grow_with_editions(client, django_assert_num_queries):
    CouncilFactory()
    EditionFactory(date=datetime.date(2026, 2, 13))
    EditionFactory.create_batch(3)
    # The council, a few columns of every edition, the cards shown (with series, venue,
    # theme and places held), the series links.
    with django_assert_num_queries(4):
        client.get("/")

    EditionFactory.create_batch(12, venue=VenueFactory())
    EditionFactory(series=EventSeriesFactory(slug="cafes-ia", name="Cafés IA", short_name="Café IA"))
    with django_assert_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_edition_page_shows_the_details_of_a_held_edition(client):
    venue = VenueFactory(
        name="Hôtel de ville", address="1 place de la Mairie", postal_code="99000", city="Villeneuve"
    )
    edition = EditionFactory(
        number=7,
        title="Démarches en ligne",
        subtitle="Qui accompagne qui ?",
        date=datetime.date(2024, 10, 4),
        start_time=datetime.time(8, 30),
        end_time=datetime.time(10, 30),
        venue=venue,
        description="Une matinée pour **partager** les pratiques.",
        participants_count=52,
    )

    response = client.get(f"/pdin/{edition.series.slug}/7/")
    text = _text(response)

    assert response.status_code == 200
    assert edition.get_absolute_url() == "/pdin/pdin/7/"
    assert "n° 7" in text
    assert "Démarches en ligne" in text
    assert "Qui accompagne qui ?" in text
    assert "Vendredi 4 octobre 2024" in text
    assert "de 8 h 30 à 10 h 30" in text
    assert "Hôtel de ville" in text and "1 place de la Mairie, 99000 Villeneuve" in text
    assert "<strong>partager</strong>" in response.content.decode()
    assert "52 participant·es" in text


@time_machine.travel(TODAY, tick=False)
def test_edition_page_of_a_coming_edition_has_no_participants_count(client):
    edition = EditionFactory(number=12, date=datetime.date(2026, 5, 1), participants_count=0)

    text = _text(client.get(edition.get_absolute_url()))

    assert "Vendredi 1er mai 2026" in text
    assert "participant" not in text


@time_machine.travel(TODAY, tick=False)
def test_month_only_edition_page_shows_the_month_and_no_time(client):
    edition = EditionFactory(
        number=1,
        date=datetime.date(2022, 9, 1),
        date_precision=DatePrecision.MONTH,
        start_time=datetime.time(8, 30),
    )

    text = _text(client.get(edition.get_absolute_url()))

    assert "Septembre 2022" in text
    assert "8 h 30" not in text


def test_unknown_edition_is_not_found(client):
    EditionFactory(number=3)

    assert client.get("/pdin/pdin/99/").status_code == 404
    assert client.get("/pdin/inconnue/3/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_edition_page_query_count(client, django_assert_num_queries):
    CouncilFactory()
    edition = EditionFactory()
    # The council, the edition (series, venue, theme), its registrations counted by status,
    # its sequences, speakers and partners, resources, the digital-mediation places linked to
    # it (places app).
    with django_assert_num_queries(7):
        client.get(edition.get_absolute_url())
