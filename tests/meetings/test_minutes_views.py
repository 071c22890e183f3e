"""The minutes pages: list, HTML version, PDF download; who may see what."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sessions.minutes.selectors import minutes_document, minutes_get_by_meeting_date, minutes_visible_to
from sessions.models import MinutesStatus

from .factories import MinutesFactory, build_minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return build_minutes()


@pytest.fixture
def draft():
    return MinutesFactory(status=MinutesStatus.DRAFT, title="Projet de compte-rendu secret")


def _urls(minutes):
    return [
        reverse("meetings:minutes_list"),
        reverse("meetings:minutes_detail", args=[minutes.pk]),
        reverse("meetings:minutes_pdf", args=[minutes.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, published):
    for url in _urls(published):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert f"next={url}" in response["Location"].replace("%2F", "/")


def test_member_reads_published_minutes(client, member_user, published, draft):
    client.force_login(member_user)
    listing = client.get(reverse("meetings:minutes_list"))
    assert listing.status_code == 200
    assert published.title in listing.content.decode()
    assert draft.title not in listing.content.decode()
    detail = client.get(published.get_absolute_url())
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Axe de travail numéro 1" in html and "Prénom0 Nom0" in html
    pdf = client.get(reverse("meetings:minutes_pdf", args=[published.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "compte-rendu-cln-2025-11-28-v1.pdf" in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_draft_is_404_for_a_member(client, member_user, draft):
    client.force_login(member_user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:minutes_pdf", args=[draft.pk])).status_code == 404


def test_draft_is_visible_to_staff_with_its_mark(client, staff_user, draft):
    client.force_login(staff_user)
    assert draft.title in client.get(reverse("meetings:minutes_list")).content.decode()
    detail = client.get(draft.get_absolute_url())
    assert detail.status_code == 200
    assert "n’est pas publié" in detail.content.decode()
    pdf = client.get(reverse("meetings:minutes_pdf", args=[draft.pk]))
    assert pdf.status_code == 200
    assert "-projet.pdf" in pdf["Content-Disposition"]
    assert pdf["Cache-Control"] == "private, no-store"


def test_stored_pdf_is_served_as_is(client, member_user, published):
    published.pdf.save("cr.pdf", ContentFile(b"%PDF-1.7 stored"), save=True)
    client.force_login(member_user)
    response = client.get(reverse("meetings:minutes_pdf", args=[published.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.7 stored"


def test_detail_page_is_accessible_and_lists_footnotes_at_the_end(client, member_user, published):
    client.force_login(member_user)
    html = client.get(published.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    # Calls link to a numbered list of notes placed after the minutes' body.
    assert 'href="#note-1" id="appel-1"' in html
    notes_at = html.index('id="notes-titre"')
    assert html.index('id="note-1"') > notes_at > html.index("appelnote1")
    assert "Texte de la note numéro 1" in html[notes_at:]
    assert "float: footnote" not in html and 'class="footnote"' not in html


def test_detail_page_query_count_does_not_grow_with_the_minutes(
    client, member_user, django_assert_num_queries
):
    small = build_minutes(people=2, workstreams=1, footnotes=1, editions=1)
    client.force_login(member_user)
    # 16 for the page and the minutes (the reader's member record comes with their account,
    # members.middleware), plus the list of the sitting's versions.
    with django_assert_num_queries(16):
        assert client.get(small.get_absolute_url()).status_code == 200
    large = build_minutes(
        people=20,
        workstreams=6,
        questions_per_theme=5,
        footnotes=6,
        editions=11,
        meeting_starts_at=small.meeting.starts_at.replace(year=2026),
    )
    with django_assert_num_queries(16):
        assert client.get(large.get_absolute_url()).status_code == 200


def test_minutes_document_query_count_is_fixed(django_assert_num_queries):
    minutes = build_minutes(people=10, workstreams=4, footnotes=3, editions=5)
    with django_assert_num_queries(12):
        document = minutes_document(minutes=minutes)
    assert len(document["present"]) == 5 and len(document["excused"]) == 5
    assert [part.key for part in document["parts"]] == ["workstreams", "next_steps"]
    axis = document["parts"][0].sections[0]
    assert [group.label for group in axis.question_groups] == ["Sur le thème 1 :", "Sur le thème 2 :"]
    assert axis.proposals and axis.contact_groups and axis.next_steps
    assert document["annexes"][0].pdin_years


def test_minutes_visible_to(member_user, staff_user, published, draft, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert list(minutes_visible_to(user=AnonymousUser())) == []
    assert list(minutes_visible_to(user=member_user)) == [published]
    assert set(minutes_visible_to(user=staff_user)) == {published, draft}


def test_minutes_get_by_meeting_date_returns_the_latest_version(published):
    newer = MinutesFactory(meeting=published.meeting, version=2, status=MinutesStatus.DRAFT)
    assert minutes_get_by_meeting_date(date=published.meeting.date) == newer
    assert minutes_get_by_meeting_date(date=published.meeting.date.replace(day=1)) is None
