"""Opening hours read in the reader's language (issue 13): « 9 h 30 », « ouvre demain à 9 h »
in French, "9:30 am", "opens tomorrow at 9 am" in English, as the programme writes its times."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from places import opening

from .factories import PlaceFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
HOURS = "Mo-Fr 09:30-12:00,13:00-18:00; PH off"


@pytest.fixture(autouse=True)
def _french_afterwards():
    """A request in English leaves English active in this thread: the next tests expect French."""
    yield
    translation.activate("fr")


def _at(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "french", "english"),
    [
        (_at(2026, 12, 2, 10, 0), "Ouvert maintenant, jusqu’à 12 h", "Open now, until 12 pm"),
        (_at(2026, 12, 2, 12, 15), "Fermé maintenant, ouvre à 13 h", "Closed now, opens at 1 pm"),
        (
            _at(2026, 12, 2, 19, 0),
            "Fermé maintenant, ouvre demain à 9 h 30",
            "Closed now, opens tomorrow at 9:30 am",
        ),
        # Friday evening: next open on Monday 7 December.
        (
            _at(2026, 12, 4, 18, 0),
            "Fermé maintenant, ouvre lundi 7 décembre à 9 h 30",
            "Closed now, opens Monday 7 December at 9:30 am",
        ),
    ],
)
def test_the_open_now_sentence_in_both_languages(moment, french, english):
    with translation.override("fr"):
        assert opening.status_display(HOURS, moment) == french
    with translation.override("en"):
        assert opening.status_display(HOURS, moment) == english


def test_unknown_hours_say_so_in_both_languages():
    with translation.override("fr"):
        assert opening.status_display("", _at(2026, 12, 2, 10, 0)) == "Horaires non renseignés"
    with translation.override("en"):
        assert opening.status_display("n’importe quoi", _at(2026, 12, 2, 10, 0)) == "Opening hours not given"


def _page(client, url: str, language: str) -> str:
    client.post(reverse("public:language"), {"language": language, "next": "/"})
    with time_machine.travel(_at(2026, 12, 2, 19, 0), tick=False):
        return client.get(url).content.decode()


def test_place_page_in_french_writes_times_the_french_way(client):
    place = PlaceFactory(horaires=HOURS)
    body = _page(client, place.get_absolute_url(), "fr")
    assert "Fermé maintenant, ouvre demain à 9 h 30" in body
    assert '<th scope="row">jeudi 3 décembre</th><td>9 h 30 – 12 h, 13 h – 18 h</td>' in body
    assert "mardi 1er décembre" not in body  # only the next seven days, from today
    assert ":00" not in body.split("<code>")[0]  # the raw OSM hours aside, no "18:00"


def test_place_page_in_english_writes_english_times(client):
    place = PlaceFactory(horaires=HOURS)
    body = _page(client, place.get_absolute_url(), "en")
    assert "Closed now, opens tomorrow at 9:30 am" in body
    assert '<th scope="row">Thursday 3 December</th><td>9:30 am – 12 pm, 1 pm – 6 pm</td>' in body
    assert " h 30" not in body and " à " not in body and "jeudi" not in body


def test_places_list_says_when_each_place_opens_in_the_readers_language(client):
    PlaceFactory(nom="Semaine", horaires=HOURS)
    assert "Fermé maintenant, ouvre demain à 9 h 30" in _page(client, reverse("places:list"), "fr")
    assert "Closed now, opens tomorrow at 9:30 am" in _page(client, reverse("places:list"), "en")


def test_the_first_of_the_month_is_an_ordinal_in_french_only(client):
    # Monday 30 November 2026, evening: the table runs to Sunday 6 December.
    place = PlaceFactory(horaires=HOURS)
    client.post(reverse("public:language"), {"language": "fr", "next": "/"})
    with time_machine.travel(_at(2026, 11, 30, 19, 0), tick=False):
        body = client.get(place.get_absolute_url()).content.decode()
    assert "mardi 1er décembre" in body
    client.post(reverse("public:language"), {"language": "en", "next": "/"})
    with time_machine.travel(_at(2026, 11, 30, 19, 0), tick=False):
        body = client.get(place.get_absolute_url()).content.decode()
    assert "Tuesday 1 December" in body


def test_the_standards_values_read_in_english_on_english_pages(client):
    """Fees, access, publics and services come from the national schema's French value lists:
    English pages show their English labels; the stored values stay the schema's."""
    place = PlaceFactory(
        frais_a_charge="Gratuit|Payant",
        modalites_acces="Se présenter|Téléphoner|Ce lieu n'accueille pas de public",
        publics_specifiquement_adresses="Familles et/ou enfants",
        services="Aide aux démarches administratives",
    )
    body = _page(client, place.get_absolute_url(), "en")
    for french in ("Gratuit", "Payant", "Se présenter", "Téléphoner", "Familles et/ou enfants"):
        assert french not in body
    assert "accueille" not in body and "Aide aux démarches" not in body
    # The filters' options keep the stored value (value="Gratuit"), and show the label.
    listing = re.sub(r'value="[^"]*"', "", _page(client, reverse("places:list"), "en"))
    assert ">Free</option>" in listing and ">Walk in</option>" in listing
    assert "Gratuit" not in listing and "Se présenter" not in listing and "Aide aux démarches" not in listing

    french_page = _page(client, place.get_absolute_url(), "fr")
    assert "Ce lieu n’accueille pas de public" in french_page  # typographic apostrophe
    place.refresh_from_db()
    assert place.modalites_acces == "Se présenter|Téléphoner|Ce lieu n'accueille pas de public"


def test_every_value_the_pages_show_has_a_label():
    from places import standard

    for name in standard.LABELLED_FIELDS:
        assert set(standard.field_values(name)) <= set(standard.VALUE_LABELS), name
