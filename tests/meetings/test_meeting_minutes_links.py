"""A sitting's page links to its minutes, and the minutes' pages link back to the sitting (staff)."""

import html
import re

import pytest
from django.urls import reverse

from sessions.models import MinutesStatus

from .factories import MeetingFactory, MinutesFactory
from .minutes_support import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    login_staff(client, staff_user)
    return client


def _href(page: str, text: str) -> str:
    """The target of the one link whose text is ``text``; fails when there is none or several."""
    links = [
        html.unescape(href)
        for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', page, flags=re.S)
        if html.unescape(re.sub(r"<[^>]+>", "", label)).strip() == text
    ]
    assert len(links) == 1, f"{len(links)} links « {text} »"
    return links[0]


def test_sitting_without_minutes_links_to_writing_them(staff_client):
    meeting = MeetingFactory()
    page = staff_client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()

    target = _href(page, "Rédiger le compte-rendu")

    assert target == reverse("meetings:minutes_create") + f"?seance={meeting.pk}"
    form = staff_client.get(target)
    assert form.status_code == 200
    assert re.search(rf'<option value="{meeting.pk}" selected>', form.content.decode())


def test_sitting_links_to_each_version_to_read_or_edit(staff_client):
    meeting = MeetingFactory()
    published = MinutesFactory(
        meeting=meeting, version=1, status=MinutesStatus.PUBLISHED, title="Version lue"
    )
    draft = MinutesFactory(meeting=meeting, version=2, status=MinutesStatus.DRAFT, title="Version en cours")
    page = staff_client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()

    read = _href(page, "Lire la version 1")
    edit = _href(page, "Modifier la version 2")

    assert read == reverse("meetings:minutes_detail", args=[published.pk])
    assert edit == reverse("meetings:minutes_edit", args=[draft.pk])
    assert "Version lue" in staff_client.get(read).content.decode()
    assert "Version en cours" in staff_client.get(edit).content.decode()
    assert "Rédiger le compte-rendu" not in page


def test_minutes_editor_links_back_to_the_sitting(staff_client):
    meeting = MeetingFactory(title="Séance de rentrée")
    minutes = MinutesFactory(meeting=meeting, status=MinutesStatus.DRAFT)
    page = staff_client.get(reverse("meetings:minutes_edit", args=[minutes.pk])).content.decode()

    target = _href(page, "Voir la séance")

    assert target == reverse("meetings:meeting_detail", args=[meeting.pk])
    assert "Séance de rentrée" in staff_client.get(target).content.decode()


def test_minutes_page_links_back_to_the_sitting_for_staff_only(client, staff_user, member_user):
    meeting = MeetingFactory(title="Séance de rentrée")
    minutes = MinutesFactory(meeting=meeting)
    login_staff(client, staff_user)
    page = client.get(minutes.get_absolute_url()).content.decode()

    target = _href(page, "Voir la séance")

    assert target == reverse("meetings:meeting_detail", args=[meeting.pk])
    assert "Séance de rentrée" in client.get(target).content.decode()
    client.force_login(member_user)
    member_page = client.get(minutes.get_absolute_url())
    assert member_page.status_code == 200
    assert "Voir la séance" not in member_page.content.decode()
