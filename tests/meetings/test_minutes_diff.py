"""What changed between two published versions of the minutes, on the minutes page (issue 14)."""

import pytest
from django.urls import reverse

from sessions.minutes.diff import page_text_lines, text_diff
from sessions.models import MinutesStatus, Visibility

from ..french import fr
from ..members.factories import MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db

V1 = "<h2>Ouverture</h2><p>La séance est ouverte à 18 h.</p><p>Neuf membres présents.</p><p>Fin.</p>"
V2 = "<h2>Ouverture</h2><p>La séance est ouverte à 18 h 15.</p><p>Neuf membres présents.</p><p>Fin.</p>"


def _versions(visibility=Visibility.PUBLIC):
    meeting = MeetingFactory()
    common = dict(meeting=meeting, visibility=visibility, status=MinutesStatus.PUBLISHED)
    v1 = MinutesFactory(version=1, html_snapshot=V1, pdf_sha256="a" * 64, **common)
    v2 = MinutesFactory(version=2, html_snapshot=V2, pdf_sha256="b" * 64, **common)
    return v1, v2


def test_the_page_of_a_new_version_shows_what_changed_next_to_both_sha256(client):
    v1, v2 = _versions()
    page = client.get(reverse("meetings:minutes_detail", args=[v2.pk])).content.decode()
    section = page[page.index('class="minutes-diff"') :]
    section = section[: section.index("</section>")]
    assert "a" * 64 in section and "b" * 64 in section
    assert (
        f'<del><span aria-hidden="true">− </span><span class="visually-hidden">{fr("supprimé :")} </span>'
        "La séance est ouverte à 18 h.</del>"
    ) in section
    assert (
        f'<ins><span aria-hidden="true">+ </span><span class="visually-hidden">{fr("ajouté :")} </span>'
        "La séance est ouverte à 18 h 15.</ins>"
    ) in section
    # Unchanged lines next to the change are recalled, the others cut.
    assert "Neuf membres présents." in section and "Fin." not in section


def test_the_first_version_and_a_draft_have_no_diff(client, staff_user):
    v1, v2 = _versions()
    assert (
        'class="minutes-diff"'
        not in client.get(reverse("meetings:minutes_detail", args=[v1.pk])).content.decode()
    )
    draft = MinutesFactory(
        meeting=v1.meeting, version=3, status=MinutesStatus.DRAFT, visibility=Visibility.PUBLIC
    )
    client.force_login(staff_user)
    assert (
        'class="minutes-diff"'
        not in client.get(reverse("meetings:minutes_detail", args=[draft.pk])).content.decode()
    )


def test_the_public_never_sees_a_diff_with_a_members_only_version(client):
    meeting = MeetingFactory()
    MinutesFactory(
        meeting=meeting, version=1, html_snapshot="<p>SECRET membres</p>", visibility=Visibility.MEMBERS
    )
    v2 = MinutesFactory(meeting=meeting, version=2, html_snapshot=V2, visibility=Visibility.PUBLIC)
    page = client.get(reverse("meetings:minutes_detail", args=[v2.pk])).content.decode()
    assert "SECRET" not in page and 'class="minutes-diff"' not in page


def test_text_lines_follow_the_blocks_of_the_page():
    html = "<h2>Titre</h2><p>Un <em>mot</em> &amp; deux</p><ul><li>a</li><li>b</li></ul>"
    assert page_text_lines(html) == ["Titre", "Un mot & deux", "a", "b"]


def test_unchanged_runs_are_cut_around_each_change():
    lines = text_diff(list("abcdefgh"), list("abXdefgh"), context=1)
    assert [(line.kind, line.text) for line in lines] == [
        ("gap", ""),
        ("same", "b"),
        ("removed", "c"),
        ("added", "X"),
        ("same", "d"),
        ("gap", ""),
    ]
    assert text_diff(["a"], ["a"]) == []
