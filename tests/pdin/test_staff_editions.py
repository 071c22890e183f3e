"""Staff pages of the programme: editions (date with its precision, resources), venues, and
cancelling a registration (the freed place goes to the waiting list)."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cln_portal.dates import DatePrecision
from pdin.models import Edition, RegistrationStatus, Venue

from ..meetings.minutes_support import pdf_bytes
from .factories import (
    EditionFactory,
    EventSeriesFactory,
    OpenEditionFactory,
    RegistrationFactory,
    VenueFactory,
    full_edition_with_a_waiting_list,
    statuses_of,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=PARIS)


def _edition_data(**extra) -> dict:
    return {
        "series": EventSeriesFactory().pk,
        "number": 12,
        "title": "L’IA au quotidien",
        "date": "2026-09-18",
        "date_precision": "day",
        "start_time": "08:30",
        "end_time": "10:30",
        "capacity": 50,
        "ressources-TOTAL_FORMS": 1,
        "ressources-INITIAL_FORMS": 0,
        "ressources-0-title": "",
        "ressources-0-url": "",
        **extra,
    }


@pytest.mark.parametrize(
    "name, args",
    [
        ("staff_editions", []),
        ("staff_edition_create", []),
        ("staff_venues", []),
        ("staff_venue_create", []),
    ],
)
def test_programme_staff_pages_are_closed_to_the_public_and_to_members(client, member_user, name, args):
    url = reverse(f"pdin:{name}", args=args)
    assert client.get(url).status_code == 302
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    if name.endswith("_create"):
        assert client.post(url).status_code == 403


def test_staff_create_an_edition_known_by_its_month_only(client, staff_user):
    client.force_login(staff_user)
    venue = VenueFactory(name="Médiathèque Louise-Michel")

    response = client.post(
        reverse("pdin:staff_edition_create"),
        _edition_data(
            number=1,
            title="Premier petit-déjeuner",
            date="2022-09-15",
            date_precision="month",
            start_time="",
            end_time="",
            venue=venue.pk,
        ),
        follow=True,
    )

    edition = Edition.objects.get(number=1)
    assert edition.date_precision == DatePrecision.MONTH
    assert edition.date == datetime.date(2022, 9, 1)
    assert edition.venue == venue
    text = re.sub(r"</?abbr\b[^>]*>", "", response.content.decode())  # acronyms spelt out
    assert "L’édition «\u00a0PDIN n° 1\u00a0» est enregistrée." in text
    assert "septembre 2022" in text
    assert "15 septembre" not in text and "1er septembre" not in text
    # Edited again without touching the date: still a month.
    edit_url = reverse("pdin:staff_edition_edit", args=["pdin", 1])
    form_page = client.get(edit_url).content.decode()
    assert 'value="month" selected' in form_page
    client.post(
        edit_url,
        _edition_data(
            series=edition.series.pk,
            number=1,
            title="Premier petit-déjeuner de l’inclusion",
            date="2022-09-01",
            date_precision="month",
            start_time="",
            end_time="",
        ),
    )
    edition.refresh_from_db()
    assert (edition.title, edition.date_precision, edition.date_display) == (
        "Premier petit-déjeuner de l’inclusion",
        "month",
        "septembre 2022",
    )


def test_a_month_only_edition_has_no_time(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("pdin:staff_edition_create"), _edition_data(date_precision="month", start_time="09:00")
    )

    assert response.status_code == 200
    assert "n’a pas d’heure" in response.content.decode()
    assert not Edition.objects.exists()


def test_edition_resources_accept_a_pdf_and_refuse_a_disguised_file(client, staff_user):
    client.force_login(staff_user)
    fake = SimpleUploadedFile("diaporama.pdf", b"<html>pas un PDF</html>", content_type="application/pdf")

    refused = client.post(
        reverse("pdin:staff_edition_create"),
        _edition_data(**{"ressources-0-title": "Diaporama", "ressources-0-file": fake}),
    )

    assert refused.status_code == 200
    assert "Ce fichier n’est pas un PDF" in refused.content.decode()
    assert not Edition.objects.exists()

    # A real PDF (uploads are opened with pikepdf: magic bytes alone are refused).
    pdf = SimpleUploadedFile("diaporama.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(
        reverse("pdin:staff_edition_create"),
        _edition_data(**{"ressources-0-title": "Diaporama", "ressources-0-file": pdf}),
    )
    (resource,) = Edition.objects.get(number=12).resources.all()
    assert resource.title == "Diaporama" and resource.file.name.endswith(".pdf")


def test_staff_list_editions_with_places_and_waiting_list(client, staff_user, django_assert_num_queries):
    edition, _confirmed, _queue = full_edition_with_a_waiting_list(capacity=2, waiting=3)
    EditionFactory.create_batch(5)
    client.force_login(staff_user)

    # user (session from the cache), editions with counts, council
    with django_assert_num_queries(3):
        response = client.get(reverse("pdin:staff_editions"))

    text = response.content.decode()
    assert edition.label in text
    assert reverse("pdin:staff_edition_edit", args=[edition.series.slug, edition.number]) in text


def test_staff_create_and_edit_a_venue(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("pdin:staff_venue_create"),
        {"name": "Centre social des 4 Quartiers", "slug": "", "city": "Villeneuve", "neighbourhood": "Nord"},
        follow=True,
    )

    venue = Venue.objects.get()
    assert venue.slug == "centre-social-des-4-quartiers"
    assert "Le lieu «\u00a0Centre social des 4 Quartiers\u00a0» est enregistré." in response.content.decode()
    client.post(
        reverse("pdin:staff_venue_edit", args=[venue.slug]),
        {"name": venue.name, "slug": venue.slug, "city": "Villeneuve", "accessibility": "Plain-pied"},
    )
    venue.refresh_from_db()
    assert venue.accessibility == "Plain-pied"
    assert venue.neighbourhood == ""


def test_staff_cannot_cancel_a_registration_of_another_edition(client, staff_user):
    edition = OpenEditionFactory()
    other = RegistrationFactory()
    client.force_login(staff_user)

    url = reverse("pdin:staff_registration_cancel", args=[edition.series.slug, edition.number, other.pk])

    assert client.post(url).status_code == 404
    assert statuses_of([other]) == ["confirmed"]


@time_machine.travel(NOW, tick=False)
def test_staff_cancel_offers_the_place_to_the_oldest_waiting_person(
    client, staff_user, django_capture_on_commit_callbacks
):
    edition, (first, _second), queue = full_edition_with_a_waiting_list()
    client.force_login(staff_user)
    url = reverse("pdin:staff_registration_cancel", args=[edition.series.slug, edition.number, first.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Annuler cette inscription" in confirm.content.decode()
    assert statuses_of([first]) == [RegistrationStatus.CONFIRMED]  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    assert f"L’inscription de {first.name} est annulée" in response.content.decode()
    assert statuses_of([first, *queue]) == ["cancelled", "offered", "waiting", "waiting"]
    assert [m.to for m in mail.outbox] == [[queue[0].email]]
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "1 place restante" not in page


@time_machine.travel(NOW, tick=False)
def test_raising_the_capacity_on_the_staff_page_offers_the_new_places_to_the_two_oldest(
    client, staff_user, django_capture_on_commit_callbacks
):
    edition, _confirmed, queue = full_edition_with_a_waiting_list(capacity=2, waiting=3)
    client.force_login(staff_user)
    url = reverse("pdin:staff_edition_edit", args=[edition.series.slug, edition.number])
    data = {
        "series": edition.series.pk,
        "number": edition.number,
        "title": edition.title,
        "date": "2026-03-13",
        "date_precision": "day",
        "start_time": "08:30",
        "end_time": "10:30",
        "venue": edition.venue.pk,
        "capacity": 4,
        "registration_open": "on",
        "ressources-TOTAL_FORMS": 0,
        "ressources-INITIAL_FORMS": 0,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)

    assert "Des places ont été proposées à 2 personnes" in response.content.decode()
    assert statuses_of(queue) == ["offered", "offered", "waiting"]
    # Saved again: nobody is offered a second place.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert len(mail.outbox) == 2


def test_capacity_cannot_go_below_the_places_held(client, staff_user):
    edition, _confirmed, _queue = full_edition_with_a_waiting_list(capacity=2, waiting=1)
    client.force_login(staff_user)
    url = reverse("pdin:staff_edition_edit", args=[edition.series.slug, edition.number])

    response = client.post(
        url,
        {
            "series": edition.series.pk,
            "number": edition.number,
            "title": edition.title,
            "date": "2026-03-13",
            "date_precision": "day",
            "capacity": 1,
            "ressources-TOTAL_FORMS": 0,
            "ressources-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "2 personnes sont déjà inscrites" in response.content.decode()
    edition.refresh_from_db()
    assert edition.capacity == 2
