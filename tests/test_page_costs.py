"""The uncached path: pages whose work stays the same whatever the size of the data (issue 17)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .members.factories import CouncilFactory, MemberFactory, MinutesFactory
from .pdin.factories import EditionFactory, VenueFactory
from .workstreams.factories import ParticipationFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2025, 12, 10, 10, 0, tzinfo=datetime.UTC)
SNAPSHOT = "<p>" + "Texte figé du compte-rendu. " * 2000 + "</p>"


def _published(count: int, **fields):
    return MinutesFactory.create_batch(count, visibility="public", html_snapshot=SNAPSHOT, **fields)


def test_public_minutes_list_query_count_does_not_grow_and_reads_no_frozen_page(
    client, django_assert_num_queries
):
    CouncilFactory()
    minutes = _published(2)
    with django_assert_num_queries(2):  # council, minutes with their sitting
        client.get(reverse("meetings:public_minutes_list"))

    minutes += _published(8)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("meetings:public_minutes_list"))
    assert response.status_code == 200
    assert len(queries) == 2
    page = response.content.decode()
    assert all(f'href="{m.get_absolute_url()}"' in page for m in minutes)
    assert not any("html_snapshot" in query["sql"] for query in queries)


def test_dashboard_lists_the_newest_minutes_without_their_frozen_pages(client):
    CouncilFactory()
    member = MemberFactory()
    ParticipationFactory(member=member)
    minutes = _published(7)
    client.force_login(member.user)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home:dashboard")).content.decode()

    assert not any("html_snapshot" in query["sql"] for query in queries)
    listed = [m for m in minutes if f'href="{m.get_absolute_url()}"' in page]
    assert len(listed) == 5
    assert reverse("meetings:minutes_list") in page  # « Tous les comptes-rendus »


@time_machine.travel(TODAY, tick=False)
def test_programme_lists_twelve_editions_a_page_and_links_to_older_ones(client, django_assert_num_queries):
    CouncilFactory()
    venue = VenueFactory()
    editions = [
        EditionFactory(venue=venue, date=datetime.date(2024, 1, 1) + datetime.timedelta(days=20 * i))
        for i in range(15)
    ]
    newest_first = sorted(editions, key=lambda e: e.date, reverse=True)

    with django_assert_num_queries(4):  # council, every edition's columns, the cards, the series
        first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()

    assert all(e.get_absolute_url() in first for e in newest_first[:12])
    assert not any(f'href="{e.get_absolute_url()}"' in first for e in newest_first[12:])
    assert all(e.get_absolute_url() in second for e in newest_first[12:])
    assert "Éditions plus anciennes" in first and 'href="?page=2"' in first
    assert "Éditions plus récentes" in second
    # A page number out of range or not a number: a page, never an error.
    assert client.get("/?page=99").status_code == 200
    assert client.get("/?page=abc").status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_programme_filter_form_keeps_the_chosen_values(client):
    CouncilFactory()
    EditionFactory(venue=VenueFactory(neighbourhood="Épeule"), date=datetime.date(2025, 3, 1))
    EditionFactory(venue=VenueFactory(neighbourhood="Alma"), date=datetime.date(2025, 4, 1))

    page = client.get("/?quartier=Alma").content.decode()
    again = client.get("/").content.decode()

    assert '<option value="Alma" selected>' in page
    assert '<option value="Alma" selected>' not in again


def test_axis_page_lists_every_participant_with_their_title(client, django_assert_num_queries):
    CouncilFactory()
    workstream = WorkstreamFactory()
    pilot = ParticipationFactory(workstream=workstream, level="pilot")
    others = ParticipationFactory.create_batch(30, workstream=workstream)
    client.force_login(others[0].member.user)

    page = client.get(workstream.get_absolute_url()).content.decode()

    assert f"{pilot.member.full_name}, {pilot.member.title} (pilote)" in page
    assert all(f"{p.member.full_name}, {p.member.title}</li>" in page for p in others)
