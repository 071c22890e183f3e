"""The council's work as open data (issue 14, section 3): every export validates against its
Table Schema, nothing that is not public appears, the CSV parses with a header, counts and
quorum are right, and the number of queries does not grow with the rows."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.opendata.exports import DATASETS, SCHEMAS_DIR, columns
from sessions.meetings.selectors import quorum_reached_by_meeting
from sessions.meetings.services import quorum_status
from sessions.models import AttendanceStatus, MeetingKind, MinutesStatus, QuorumRule, Visibility
from workstreams.models import QuestionStatus, WorkstreamKind, WorkstreamStatus

from ..meetings.factories import AttendanceFactory
from ..members.factories import MeetingFactory, MemberFactory, MinutesFactory
from ..workstreams.factories import QuestionFactory, QuestionThemeFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

NAMES = [dataset.name for dataset in DATASETS]
PUBLISHED_AT = datetime.datetime(2025, 12, 2, 10, 0, tzinfo=datetime.UTC)


def _public_sitting(*, day: int, members, statuses, kind=MeetingKind.PLENARY, versions=1):
    meeting = MeetingFactory(
        kind=kind, starts_at=datetime.datetime(2025, 11, day, 17, 0, tzinfo=datetime.UTC)
    )
    for member, status in zip(members, statuses, strict=True):
        AttendanceFactory(meeting=meeting, member=member, status=status)
    for version in range(1, versions + 1):
        MinutesFactory(
            meeting=meeting,
            version=version,
            visibility=Visibility.PUBLIC,
            published_at=PUBLISHED_AT,
            pdf_sha256=f"{version:x}" * 64,
        )
    return meeting


@pytest.fixture
def council_work():
    """Public records, and beside them every kind of record the public may not read:
    each of those carries « SECRET » in its text."""
    QuorumRule.objects.create(kind=MeetingKind.PLENARY, min_share=50)
    members = MemberFactory.create_batch(4, user=None)
    guest = MemberFactory(user=None, role="guest", mandate_start=None)
    P, E, A = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT
    public = _public_sitting(day=28, members=[*members, guest], statuses=[P, P, E, A, P], versions=2)
    # A draft third version of those public minutes.
    MinutesFactory(
        meeting=public, version=3, visibility=Visibility.PUBLIC, status=MinutesStatus.DRAFT, title="SECRET v3"
    )
    axis = WorkstreamFactory(title="Budget du numérique")
    theme = QuestionThemeFactory(workstream=axis, title="Sur le périmètre budgétaire")
    QuestionFactory(
        workstream=axis,
        theme=theme,
        raised_at=public,
        text="Quel est le budget, « hors » = personnel ?",
        status=QuestionStatus.ANSWERED,
        answer="Deux millions d’euros.",
        answered_by_service="DSI",
        answered_on=datetime.date(2025, 12, 10),
    )
    QuestionFactory(workstream=axis, raised_at=public, text="=SOMME(A1:A9) pour les écoles ?")

    members_only = MeetingFactory(starts_at=datetime.datetime(2025, 10, 2, 17, 0, tzinfo=datetime.UTC))
    MinutesFactory(meeting=members_only, title="SECRET réservé aux membres", visibility=Visibility.MEMBERS)
    QuestionFactory(workstream=axis, raised_at=members_only, text="SECRET question des membres")
    draft_only = MeetingFactory(starts_at=datetime.datetime(2025, 12, 1, 17, 0, tzinfo=datetime.UTC))
    MinutesFactory(
        meeting=draft_only, title="SECRET projet", visibility=Visibility.PUBLIC, status=MinutesStatus.DRAFT
    )
    QuestionFactory(workstream=axis, raised_at=draft_only, text="SECRET question d’un projet")
    QuestionFactory(workstream=axis, text="SECRET question entre deux séances")

    adopted = dict(opinion_adopted_on=datetime.date(2025, 12, 15), opinion_due_on=datetime.date(2025, 12, 31))
    WorkstreamFactory(
        title="Agent conversationnel",
        kind=WorkstreamKind.REFERRAL_APPLICATION,
        referred_by="Ville",
        referral_question="Quel avis ?",
        opinion_text="Un avis favorable, sous réserves.",
        **adopted,
    )
    WorkstreamFactory(kind=WorkstreamKind.REFERRAL_STRATEGIC, opinion_text="SECRET avis en préparation")
    WorkstreamFactory(
        kind=WorkstreamKind.REFERRAL_STRATEGIC,
        status=WorkstreamStatus.ARCHIVED,
        opinion_text="SECRET avis d’une saisine archivée",
        **adopted,
    )
    return {"public": public, "members": members, "guest": guest}


def _get(client, name: str, fmt: str):
    response = client.get(reverse(f"home:open_data_{fmt}", args=[name]))
    assert response.status_code == 200
    return response


def _csv_rows(client, name: str) -> list[list[str]]:
    text = _get(client, name, "csv").content.decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("name", NAMES)
def test_every_export_validates_against_its_schema(client, council_work, name, tmp_path):
    from frictionless import Resource, Schema  # slow to import: only here

    with (SCHEMAS_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        schema = Schema.from_descriptor(json.load(handle))
    path = tmp_path / f"{name}.csv"
    path.write_bytes(_get(client, name, "csv").content)
    report = Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] >= 1

    payload = json.loads(_get(client, name, "json").content)
    assert payload["licence"]["name"] == "Licence Ouverte / Open Licence version 2.0"
    assert payload["schema"].endswith(reverse("home:open_data_schema", args=[name]))
    rows = payload[name]
    assert rows and all(list(row) == columns(name) for row in rows)
    report = Resource(data=rows, schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("name", NAMES)
def test_the_schema_served_is_the_one_in_the_repository(client, name):
    with (SCHEMAS_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        assert json.loads(_get(client, name, "schema").content) == json.load(handle)


def test_nothing_that_is_not_public_appears(client, council_work):
    for name in NAMES:
        for fmt in ("csv", "json"):
            content = _get(client, name, fmt).content.decode("utf-8")
            assert "SECRET" not in content, (name, fmt)
    # …while the public records are there (the test would pass on empty files otherwise).
    questions = [row[3] for row in _csv_rows(client, "questions")[1:]]
    assert questions == ["Quel est le budget, « hors » = personnel ?", "'=SOMME(A1:A9) pour les écoles ?"]
    assert [row[1] for row in _csv_rows(client, "avis")[1:]] == ["Agent conversationnel"]
    assert len(_csv_rows(client, "comptes-rendus")) == 1 + 2
    assert len(_csv_rows(client, "seances")) == 1 + 1


@pytest.mark.parametrize("name", NAMES)
def test_csv_parses_with_a_header_and_the_utf8_crlf_of_rfc_4180(client, council_work, name):
    content = _get(client, name, "csv").content
    assert not content.startswith(b"\xef\xbb\xbf")
    assert content.endswith(b"\r\n")
    rows = _csv_rows(client, name)
    assert rows[0] == columns(name)
    assert all(len(row) == len(rows[0]) for row in rows[1:])


def test_a_sitting_gives_its_counts_quorum_and_public_minutes(client, council_work):
    header, row = _csv_rows(client, "seances")
    record = dict(zip(header, row, strict=True))
    public = council_work["public"]
    assert record["date"] == "2025-11-28"
    assert record["heure_debut"] == "18:00"
    assert record["type"] == "plenary"
    assert (record["presents"], record["excuses"], record["absents"]) == ("3", "1", "1")
    # Four council members in mandate, 50 %: 2 required; 2 of them present (the guest does not count).
    assert (record["quorum_requis"], record["quorum_atteint"]) == ("2", "true")
    latest = public.minutes.get(version=2)
    assert record["compte_rendu_url"].endswith(reverse("meetings:minutes_detail", args=[latest.pk]))


def test_minutes_versions_carry_their_sha256_and_which_is_latest(client, council_work):
    rows = json.loads(_get(client, "comptes-rendus", "json").content)["comptes-rendus"]
    assert [(r["version"], r["pdf_sha256"], r["derniere_version"]) for r in rows] == [
        (1, "1" * 64, False),
        (2, "2" * 64, True),
    ]
    assert rows[0]["pdf_url"].endswith(reverse("meetings:minutes_pdf", args=[rows[0]["identifiant"]]))


def test_the_batched_quorum_agrees_with_the_quorum_of_one_sitting(council_work):
    QuorumRule.objects.create(kind=MeetingKind.TECHNICAL_COMMITTEE, min_present=3)
    members = council_work["members"]
    P, A = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT
    MemberFactory(user=None, mandate_start=datetime.date(2025, 11, 20))  # in mandate on the 28th only
    sittings = [
        council_work["public"],
        _public_sitting(day=5, members=members, statuses=[P, A, A, A]),
        _public_sitting(day=29, members=members, statuses=[P, P, P, A], kind=MeetingKind.TECHNICAL_COMMITTEE),
        _public_sitting(day=30, members=members, statuses=[P, P, P, P], kind=MeetingKind.WORKING_GROUP),
    ]
    batched = quorum_reached_by_meeting(sittings)
    for meeting in sittings:
        single = quorum_status(meeting=meeting)
        assert batched[meeting.pk] == (single["required"], single["reached"])
    # The newcomer counts on the 28th (5 in mandate, 3 required, 2 present), not on the 5th.
    assert [batched[m.pk] for m in sittings] == [(3, False), (2, False), (3, True), (None, None)]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url",
    [reverse("home:open_data_index")]
    + [reverse(f"home:open_data_{fmt}", args=[name]) for name in NAMES for fmt in ("csv", "json")],
)
def test_queries_do_not_grow_with_the_rows(client, council_work, url):
    before = _queries(client, url)
    members = council_work["members"]
    axis = WorkstreamFactory()
    for day in (3, 4, 6):
        sitting = _public_sitting(
            day=day, members=members, statuses=[AttendanceStatus.PRESENT] * 4, versions=2
        )
        QuestionFactory.create_batch(
            2, workstream=axis, raised_at=sitting, theme=QuestionThemeFactory(workstream=axis)
        )
        WorkstreamFactory(
            kind=WorkstreamKind.REFERRAL_APPLICATION,
            opinion_text="Avis.",
            opinion_adopted_on=datetime.date(2025, 12, day),
        )
    assert _queries(client, url) == before


def test_the_index_lists_every_dataset_with_licence_schema_count_and_update(client, council_work):
    page = client.get(reverse("home:open_data_index")).content.decode()
    for name in NAMES:
        assert reverse("home:open_data_csv", args=[name]) in page
        assert reverse("home:open_data_json", args=[name]) in page
        assert reverse("home:open_data_schema", args=[name]) in page
    assert reverse("pdin:open_data_csv") in page
    assert "Licence Ouverte" in page
    assert '<time datetime="2025-12-15">' in page  # the opinion's adoption
    # The footer of every page links to it.
    assert reverse("home:open_data_index") in client.get(reverse("home:legal")).content.decode()


def test_the_pdin_files_keep_their_addresses(client):
    assert client.get(reverse("pdin:open_data_csv")).status_code == 200
    assert client.get("/donnees/inconnu.csv").status_code == 404
