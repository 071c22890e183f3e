"""Calendar feeds, JSON-LD, open data and the Atom feed, parsed back as their readers would."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from cln_portal.dates import DatePrecision
from sessions.models import MinutesStatus, Visibility

from ..members.factories import CouncilFactory, MinutesFactory
from .factories import EditionFactory, EventSeriesFactory, OpenEditionFactory, ThemeFactory, VenueFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=datetime.UTC)


def _events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


@time_machine.travel(NOW, tick=False)
def test_series_feed_lists_coming_editions_with_stable_uids_and_paris_time(client):
    series = EventSeriesFactory()
    timed = OpenEditionFactory(series=series, number=12, title="L’IA au quotidien")
    all_day = EditionFactory(series=series, number=13, date=datetime.date(2026, 4, 3))
    multi_day = EditionFactory(
        series=series,
        number=14,
        date=datetime.date(2026, 5, 18),
        date_end=datetime.date(2026, 5, 20),
        date_precision=DatePrecision.RANGE,
    )
    EditionFactory(
        series=series, number=15, date=datetime.date(2026, 9, 1), date_precision=DatePrecision.MONTH
    )
    EditionFactory(series=series, number=10, date=datetime.date(2025, 10, 3))  # past
    url = reverse("pdin:series_ics", args=[series.slug])

    first, second = client.get(url), client.get(url)

    events = _events(first)
    assert first.content == second.content
    uids = [str(e["UID"]) for e in events]
    assert uids == [str(e["UID"]) for e in _events(second)]
    assert len(set(uids)) == 3
    by_uid = {str(e["UID"]): e for e in events}
    calendar = Calendar.from_ical(first.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]

    host = urlsplit(settings.SITE_URL).hostname
    event = by_uid[f"pdin-edition-{timed.pk}@{host}"]
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == datetime.datetime(
        2026, 3, 13, 8, 30, tzinfo=event.decoded("DTSTART").tzinfo
    )
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
    assert "DTSTART;TZID=Europe/Paris:20260313T083000" in first.content.decode()
    assert "L’IA au quotidien" in str(event["SUMMARY"])

    # All-day: DTEND is the next day (exclusive, RFC 5545); multi-day: the day after the last.
    one_day = [e for e in events if e.decoded("DTSTART") == all_day.date][0]
    assert one_day.decoded("DTEND") == datetime.date(2026, 4, 4)
    range_event = [e for e in events if e.decoded("DTSTART") == multi_day.date][0]
    assert range_event.decoded("DTEND") == datetime.date(2026, 5, 21)
    # The month-only edition has no day: it is not in the feed.
    assert not [e for e in events if e.decoded("DTSTART") == datetime.date(2026, 9, 1)]


@time_machine.travel(NOW, tick=False)
def test_uid_does_not_change_when_an_edition_is_edited(client):
    edition = OpenEditionFactory()
    url = reverse("pdin:edition_ics", args=[edition.series.slug, edition.number])
    before = _events(client.get(url))[0]

    edition.title = "Nouveau titre"
    edition.start_time = datetime.time(9, 0)
    edition.save()
    after = _events(client.get(url))[0]

    assert str(before["UID"]) == str(after["UID"])
    assert "Nouveau titre" in str(after["SUMMARY"])


def test_month_only_edition_has_no_ics(client):
    edition = EditionFactory(date=datetime.date(2022, 9, 1), date_precision=DatePrecision.MONTH)

    assert (
        client.get(reverse("pdin:edition_ics", args=[edition.series.slug, edition.number])).status_code == 404
    )


def _jsonld(response) -> dict:
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@time_machine.travel(NOW, tick=False)
def test_edition_page_has_schema_org_event_data(client):
    CouncilFactory(name="Conseil local du numérique de Villeneuve")
    venue = VenueFactory(name="ENSAIT", address="2 allée Louise et Victor Champier", city="Roubaix")
    edition = OpenEditionFactory(venue=venue, capacity=60, title="Intelligence artificielle et citoyenneté")

    data = _jsonld(client.get(edition.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-03-13T08:30:00+01:00"
    assert data["endDate"] == "2026-03-13T10:30:00+01:00"
    assert data["location"]["name"] == "ENSAIT"
    assert data["location"]["address"]["streetAddress"] == "2 allée Louise et Victor Champier"
    assert data["organizer"]["name"] == "Conseil local du numérique de Villeneuve"
    assert data["remainingAttendeeCapacity"] == 60
    assert data["offers"]["availability"] == "https://schema.org/InStock"


@time_machine.travel(NOW, tick=False)
def test_json_ld_cannot_be_closed_by_a_title(client):
    edition = OpenEditionFactory(title="</script><script>alert(1)</script> & <b>")

    response = client.get(edition.get_absolute_url())

    html = response.content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert _jsonld(response)["name"].endswith("</script><script>alert(1)</script> & <b>")


def test_json_ld_of_a_month_only_edition_keeps_the_month(client):
    edition = EditionFactory(date=datetime.date(2022, 9, 1), date_precision=DatePrecision.MONTH)

    data = _jsonld(client.get(edition.get_absolute_url()))

    assert data["startDate"] == "2022-09"
    assert "endDate" not in data


def _open_data_editions():
    theme = ThemeFactory(name="Santé", slug="sante")
    venue = VenueFactory(name="Site Tissel", neighbourhood="Épeule")
    month = EditionFactory(
        number=8,
        title="Numérique en santé",
        date=datetime.date(2025, 3, 1),
        date_precision=DatePrecision.MONTH,
        venue=venue,
        theme=theme,
        participants_count=52,
    )
    day = OpenEditionFactory(number=11, title='=HYPERLINK("http://x")', venue=venue)
    EditionFactory(number=12, is_demo=True)
    return month, day


def test_open_data_csv_matches_the_database(client):
    month, day = _open_data_editions()

    response = client.get("/donnees/editions.csv")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["numero"] for row in rows] == ["8", "11"]  # the demonstration edition is left out
    assert rows[0] == {
        "serie": "pdin",
        "numero": "8",
        "titre": "Numérique en santé",
        "sous_titre": "",
        "date": "2025-03",
        "precision_date": "mois",
        "heure_debut": "",
        "lieu": "Site Tissel",
        "adresse": "12 rue de la République, 99000 Villeneuve",
        "quartier": "Épeule",
        "theme": "Santé",
        "participants": "52",
        "url": settings.SITE_URL + month.get_absolute_url(),
    }
    assert rows[1]["date"] == "2026-03-13" and rows[1]["heure_debut"] == "08:30"
    assert rows[1]["participants"] == ""
    # A title that a spreadsheet would run as a formula is neutralised.
    assert rows[1]["titre"] == '\'=HYPERLINK("http://x")'


def test_open_data_json_matches_the_database_and_names_its_licence(client):
    month, day = _open_data_editions()

    data = client.get("/donnees/editions.json").json()

    assert data["licence"]["name"] == "Licence Ouverte / Open Licence version 2.0"
    assert [f["name"] for f in data["schema"]][:3] == ["serie", "numero", "titre"]
    records = {r["numero"]: r for r in data["editions"]}
    assert set(records) == {8, 11}
    assert records[8]["participants"] == 52
    assert records[8]["date"] == "2025-03" and records[8]["precision_date"] == "mois"
    assert records[11]["titre"] == day.title  # JSON is data: no neutralising
    assert records[11]["participants"] is None


def test_open_data_page_documents_schema_and_licence(client):
    text = client.get(reverse("pdin:open_data")).content.decode()

    assert "Licence Ouverte" in text
    for field in ("numero", "titre", "date", "precision_date", "lieu", "quartier", "participants"):
        assert f"<code>{field}</code>" in text


def test_openagenda_export_has_timings_and_leaves_month_only_editions_out(client):
    _month, day = _open_data_editions()

    data = client.get(reverse("pdin:open_data_openagenda")).json()

    (event,) = data["events"]
    assert event["uid"] == f"pdin-edition-{day.pk}"
    assert event["timings"] == [{"begin": "2026-03-13T08:30:00+01:00", "end": "2026-03-13T10:30:00+01:00"}]
    assert event["title"]["fr"].startswith("PDIN n° 11")
    assert len(event["description"]["fr"]) <= 200
    assert event["location"]["name"] == "Site Tissel"
    assert event["registration"][0]["value"].endswith("#inscription")


@time_machine.travel(NOW, tick=False)
def test_atom_feed_has_new_editions_and_only_published_public_minutes(client):
    edition = EditionFactory(title="Une nouvelle édition")
    public = MinutesFactory(
        title="Compte-rendu public",
        status=MinutesStatus.PUBLISHED,
        visibility=Visibility.PUBLIC,
        published_at=NOW - datetime.timedelta(days=1),
    )
    MinutesFactory(
        title="Réservé aux membres",
        status=MinutesStatus.PUBLISHED,
        visibility=Visibility.MEMBERS,
        published_at=NOW,
    )
    MinutesFactory(title="Brouillon", status=MinutesStatus.DRAFT, visibility=Visibility.PUBLIC)

    response = client.get(reverse("home:feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 -- our own feed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    links = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]
    assert any("Une nouvelle édition" in t for t in titles)
    assert "Compte-rendu\u00a0: Compte-rendu public" in titles
    assert not any("Réservé aux membres" in t or "Brouillon" in t for t in titles)
    assert "http://testserver" + public.get_absolute_url() in links
    assert "http://testserver" + edition.get_absolute_url() in links
