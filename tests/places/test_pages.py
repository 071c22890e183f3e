"""Public pages of « Où se faire aider ? »: filters, « ouvert maintenant », export, fiche PDF."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from frictionless import Resource, Schema

from places import opening, standard
from places.models import Place
from places.services import place_save

from ..french import fr
from ..pdin.factories import EditionFactory
from ..workstreams.factories import WorkstreamFactory
from .factories import PlaceFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"


def _at(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def test_open_now_across_a_day():
    # Wednesday 2 December 2026.
    assert opening.is_open(WEEKDAYS, _at(2026, 12, 2, 8, 59)) is False
    assert opening.is_open(WEEKDAYS, _at(2026, 12, 2, 9, 0)) is True
    assert opening.is_open(WEEKDAYS, _at(2026, 12, 2, 12, 30)) is False
    assert opening.is_open(WEEKDAYS, _at(2026, 12, 2, 16, 59)) is True
    assert opening.is_open(WEEKDAYS, _at(2026, 12, 2, 17, 0)) is False
    assert opening.is_open("", _at(2026, 12, 2, 10, 0)) is None
    assert opening.is_open("tous les jours sauf mardi", _at(2026, 12, 2, 10, 0)) is None


def test_closed_on_french_public_holidays():
    # Christmas, Easter Monday 2026 (6 April) and 14 July are weekdays, and holidays in France.
    for day in [(2026, 12, 25), (2026, 4, 6), (2026, 7, 14), (2026, 5, 1)]:
        assert opening.is_open(WEEKDAYS, _at(*day, 10, 0)) is False, day
    assert opening.is_open(WEEKDAYS, _at(2026, 12, 24, 10, 0)) is True


def test_open_now_follows_the_change_to_summer_time():
    # On 29 March 2026 Paris goes from UTC+1 to UTC+2: 9:30 on Monday 30 is 07:30 UTC.
    utc = datetime.UTC
    hours = "Mo-Sa 09:00-18:00"
    assert opening.is_open(hours, datetime.datetime(2026, 3, 28, 7, 30, tzinfo=utc)) is False  # 8:30 CET
    assert opening.is_open(hours, datetime.datetime(2026, 3, 30, 7, 30, tzinfo=utc)) is True  # 9:30 CEST
    assert opening.is_open(hours, datetime.datetime(2026, 3, 30, 16, 30, tzinfo=utc)) is False  # 18:30 CEST
    with time_machine.travel(datetime.datetime(2026, 3, 30, 7, 30, tzinfo=utc), tick=False):
        assert opening.is_open(hours) is True


def test_list_filters(client):
    deaf = PlaceFactory(
        nom="Surdité ok", prise_en_charge_specifique="Surdité|Illettrisme", neighbourhood="Épeule"
    )
    languages = PlaceFactory(
        nom="Langues", prise_en_charge_specifique="Langues étrangères (autres)", frais_a_charge="Payant"
    )
    PlaceFactory(nom="Rien", services="Loisirs et créations numériques", modalites_acces="Téléphoner")
    url = reverse("places:list")

    def names(**params):
        return [p.nom for p in client.get(url, params).context["places"]]

    assert names(prise_en_charge="Surdité") == [deaf.nom]
    assert names(prise_en_charge="Illettrisme") == [deaf.nom]
    assert names(frais="Payant") == [languages.nom]
    assert names(service="Loisirs et créations numériques") == ["Rien"]
    assert names(acces="Téléphoner") == ["Rien"]
    assert names(quartier="Épeule") == [deaf.nom]
    # A value that is only a prefix of another is not a match (« Gratuit » ≠ « Gratuit sous condition »).
    PlaceFactory(nom="Sous condition", frais_a_charge="Gratuit sous condition")
    assert "Sous condition" not in names(frais="Gratuit")
    # An unknown value is ignored, never a 500.
    assert client.get(url, {"frais": "<script>"}).status_code == 200


def test_open_now_filter(client):
    PlaceFactory(nom="Semaine", horaires=WEEKDAYS)
    PlaceFactory(nom="Samedi", horaires="Sa 10:00-12:00")
    PlaceFactory(nom="Inconnu", horaires="")
    with time_machine.travel(_at(2026, 12, 2, 10, 0), tick=False):
        response = client.get(reverse("places:list"), {"ouvert": "on"})
        assert [p.nom for p in response.context["places"]] == ["Semaine"]
        assert "Ouvert maintenant" in response.content.decode()
    with time_machine.travel(_at(2026, 12, 25, 10, 0), tick=False):
        assert client.get(reverse("places:list"), {"ouvert": "on"}).context["places"] == []


def test_list_query_count_does_not_grow(client, django_assert_num_queries):
    PlaceFactory.create_batch(3, neighbourhood="Centre")
    # session-less visitor: council (context processor), neighbourhoods, places
    with django_assert_num_queries(3) as first:
        client.get(reverse("places:list"))
    PlaceFactory.create_batch(10, neighbourhood="Épeule")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("places:list"))


def test_place_page_has_osm_acceslibre_and_age(client):
    place = PlaceFactory(
        latitude="50.690470",
        longitude="3.178210",
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/59-roubaix/a/x/erp/y/",
        date_maj=datetime.date(2026, 8, 20),
        how_to_get_there="Métro ligne 2, station Grand-Place.",
    )
    with time_machine.travel(_at(2026, 12, 2, 10, 0), tick=False):
        body = client.get(place.get_absolute_url()).content.decode()
    assert "https://www.openstreetmap.org/?mlat=50.690470&amp;mlon=3.178210#map=18/50.690470/3.178210" in body
    assert "Voir sur OpenStreetMap" in body
    assert "https://acceslibre.beta.gouv.fr/app/59-roubaix/a/x/erp/y/" in body
    assert "Mis à jour il y a 3 mois" in body
    assert "Métro ligne 2" in body


def test_fiche_pdf_is_rendered_once_and_stored(client):
    place = PlaceFactory(nom="Médiathèque test", how_to_get_there="Bus 32")
    response = client.get(reverse("places:fiche", args=[place.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    place.refresh_from_db()
    assert place.fiche_pdf.name.endswith(f"fiche-orientation-{place.pk}.pdf")
    again = client.get(reverse("places:fiche", args=[place.pk]))
    assert again.content == response.content


def _validate_csv(text: str):
    descriptor = standard.schema_descriptor()
    fields = [{k: v for k, v in f.items() if k != "enumValues"} for f in descriptor["fields"]]
    resource = Resource(
        data=list(csv.reader(io.StringIO(text))), schema=Schema.from_descriptor({"fields": fields})
    )
    return resource.validate()


def test_export_with_local_corrections_is_valid_against_the_standard(client, staff_user):
    place = PlaceFactory(standard_id="lieu-1", telephone="+33320112233", horaires=WEEKDAYS)
    PlaceFactory(standard_id="lieu-2", services="", frais_a_charge="")
    place_save(
        place=place,
        values={
            "nom": "Nom corrigé",
            "prise_en_charge_specifique": "Surdité|Illettrisme",
            "courriels": "a@example.org",
        },
        actor=staff_user,
    )
    response = client.get(reverse("places:open_data_csv"))
    assert response.status_code == 200
    text = response.content.decode()
    report = _validate_csv(text)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == standard.field_names()
    assert rows[0]["nom"] == "Nom corrigé"
    assert rows[0]["prise_en_charge_specifique"] == "Surdité|Illettrisme"


def test_invalid_data_is_not_served_as_open_data(client):
    PlaceFactory(code_postal="591")  # not 5 digits: a correction made outside the forms
    response = client.get(reverse("places:open_data_csv"))
    assert response.status_code == 503
    assert fr("Ligne 2, champ « code_postal »") in response.content.decode()


def test_staff_correction_form(client, staff_user):
    place = PlaceFactory()
    client.force_login(staff_user)
    url = reverse("places:staff_edit", args=[place.pk])
    assert client.get(url).status_code == 200
    data = {
        "nom": "Nouveau nom",
        "pivot": place.pivot,
        "adresse": place.adresse,
        "code_postal": "59100",
        "commune": "Roubaix",
        "code_insee": "59512",
        "telephone": "03 20 11 22 33",
        "horaires": "Mo-Fr 09:00-12:00",
        "services": ["Aide aux démarches administratives", "Utilisation sécurisée du numérique"],
        "frais_a_charge": ["Gratuit"],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.services == "Aide aux démarches administratives|Utilisation sécurisée du numérique"
    assert place.telephone == "+33320112233"
    assert place.edited_locally
    bad = client.post(url, {**data, "horaires": "le matin"})
    assert "syntaxe OpenStreetMap" in bad.content.decode()
    # The title says « Erreur : » once (base.html adds it for every page with a refused form).
    title = bad.content.decode().split("<title>")[1].split("</title>")[0]
    assert title.startswith("Erreur\u00a0: Corriger le lieu"), title


def test_staff_pages_are_staff_only(client, member_user):
    place = PlaceFactory()
    client.force_login(member_user)
    assert client.get(reverse("places:staff_import")).status_code == 403
    assert client.get(reverse("places:staff_edit", args=[place.pk])).status_code == 403
    assert Place.objects.count() == 1


def test_axis_is_linked_for_members_only(client, member_user):
    place = PlaceFactory()
    axis = WorkstreamFactory(title="Inclusion numérique et santé")
    place.workstreams.add(axis)
    body = client.get(place.get_absolute_url()).content.decode()
    assert fr("Axe de travail : Inclusion numérique et santé") in body
    assert axis.get_absolute_url() not in body
    client.force_login(member_user)
    assert axis.get_absolute_url() in client.get(place.get_absolute_url()).content.decode()


def test_edition_and_axis_pages_list_their_own_linked_places(client, member_user):
    linked = PlaceFactory(
        nom="Médiathèque Colette", adresse="3 rue des Lilas", code_postal="59000", commune="Lille"
    )
    elsewhere = PlaceFactory(nom="Centre social Moulins")
    edition, other_edition = EditionFactory(), EditionFactory()
    axis = WorkstreamFactory()
    linked.editions.add(edition)
    linked.workstreams.add(axis)
    elsewhere.editions.add(other_edition)

    body = client.get(edition.get_absolute_url()).content.decode()
    assert 'aria-labelledby="ou-se-faire-aider"' in body
    assert "Médiathèque Colette</a> – 3 rue des Lilas, 59000 Lille" in body
    assert "Centre social Moulins" not in body
    assert linked.get_absolute_url() in body
    client.force_login(member_user)
    body = client.get(axis.get_absolute_url()).content.decode()
    assert "Médiathèque Colette" in body and "Centre social Moulins" not in body
    client.logout()
    unlinked = EditionFactory()
    assert (
        'aria-labelledby="ou-se-faire-aider"' not in client.get(unlinked.get_absolute_url()).content.decode()
    )


def test_place_page_lists_the_coming_week_with_holidays_closed(client):
    place = PlaceFactory(horaires=WEEKDAYS)
    # Monday 21 December 2026: Friday 25 is Christmas.
    with time_machine.travel(_at(2026, 12, 21, 10, 0), tick=False):
        days = dict(client.get(place.get_absolute_url()).context["coming_days"])
    assert days[datetime.date(2026, 12, 21)] == [
        (datetime.time(9, 0), datetime.time(12, 0)),
        (datetime.time(14, 0), datetime.time(17, 0)),
    ]
    assert days[datetime.date(2026, 12, 25)] == []
    assert days[datetime.date(2026, 12, 26)] == []
    assert len(days) == 7


def test_a_correction_renders_the_fiche_after_commit(staff_user, django_capture_on_commit_callbacks):
    place = PlaceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        place_save(place=place, values={"nom": "Nom corrigé"}, actor=staff_user)
    place.refresh_from_db()
    assert place.fiche_pdf.name.endswith(f"fiche-orientation-{place.pk}.pdf")
    assert place.fiche_pdf_rendered_at >= place.updated_at
