"""The waiting list when staff act (issue 16): a place freed by staff, in their pages or in
the Django admin, or by a raised capacity, goes to the oldest people waiting, each offered
once; a lapsed offer's link says so (410) after the expiry task has run."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from pdin.models import Registration
from pdin.tasks import expire_waitlist_offers

from ..conftest import give_totp
from .factories import full_edition_with_a_waiting_list, statuses_of

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# Three weeks before the edition of Friday 13 March 2026 (OpenEditionFactory).
NOW = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=PARIS)


@time_machine.travel(NOW, tick=False)
def test_admin_delete_offers_the_place_to_the_oldest_waiting_person(
    client, django_capture_on_commit_callbacks, admin_user
):
    edition, (first, _second), queue = full_edition_with_a_waiting_list()
    give_totp(admin_user)  # staff must use a second factor (members.middleware)
    client.force_login(admin_user)
    url = reverse("admin:pdin_registration_delete", args=[first.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Registration.objects.filter(pk=first.pk).exists()
    assert statuses_of(queue) == ["offered", "waiting", "waiting"]
    assert [m.to for m in mail.outbox] == [[queue[0].email]]
    assert "1 place restante" not in client.get(edition.get_absolute_url()).content.decode()


@time_machine.travel(NOW, tick=False)
def test_admin_bulk_delete_and_cancel_offer_each_freed_place_once(
    client, django_capture_on_commit_callbacks, admin_user
):
    edition, confirmed, queue = full_edition_with_a_waiting_list(capacity=2, waiting=3)
    give_totp(admin_user)  # staff must use a second factor (members.middleware)
    client.force_login(admin_user)
    changelist = reverse("admin:pdin_registration_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [confirmed[0].pk], "post": "yes"},
        )
        client.post(changelist, {"action": "cancel_registrations", "_selected_action": [confirmed[1].pk]})

    assert statuses_of([confirmed[1]]) == ["cancelled"]
    assert statuses_of(queue) == ["offered", "offered", "waiting"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([queue[0].email, queue[1].email])


@time_machine.travel(NOW, tick=False)
def test_raising_the_capacity_in_the_admin_offers_the_new_places_to_the_two_oldest(
    client, django_capture_on_commit_callbacks, admin_user
):
    edition, _confirmed, queue = full_edition_with_a_waiting_list(capacity=2, waiting=3)
    give_totp(admin_user)  # staff must use a second factor (members.middleware)
    client.force_login(admin_user)
    url = reverse("admin:pdin_edition_change", args=[edition.pk])
    data = {
        "series": edition.series.pk,
        "number": edition.number,
        "title": edition.title,
        "date": "2026-03-13",
        "date_precision": "day",
        "start_time": "08:30",
        "end_time": "10:30",
        "venue": edition.venue.pk,
        "walk_in_count": 0,
        "capacity": 4,
        "registration_open": "on",
    }
    for prefix in ("sequences", "contributors", "resources"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert statuses_of(queue) == ["offered", "offered", "waiting"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([queue[0].email, queue[1].email])


def test_lapsed_offer_link_says_it_expired_after_the_task_ran(client, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        edition, (first, _second), queue = full_edition_with_a_waiting_list()
        from pdin.services import registration_cancel

        registration_cancel(token=first.cancel_token)
    offered = Registration.objects.get(pk=queue[0].pk)
    url = reverse("pdin:offer_accept", args=[offered.offer_token])

    later = NOW + datetime.timedelta(hours=49)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert expire_waitlist_offers.delay().get() == 1
        response = client.get(url)
        posted = client.post(url)

    assert response.status_code == 410
    assert "Cette proposition a expiré" in response.content.decode()
    assert posted.status_code == 410
    assert statuses_of(queue) == ["expired", "offered", "waiting"]
