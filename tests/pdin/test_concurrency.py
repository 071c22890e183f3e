"""Capacity is a hard limit: concurrent registrations against the real PostgreSQL database."""

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connection

from pdin.models import Registration, RegistrationStatus
from pdin.services import places_held, registration_cancel, registration_create

from .factories import OpenEditionFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=PARIS)


def _run_in_threads(count: int, target) -> list:
    """Start ``count`` threads at once (a barrier), each with its own database connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = target(index)
        except Exception as error:  # noqa: BLE001 -- reported by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_registrations_for_ten_places_never_exceed_ten():
    with time_machine.travel(NOW, tick=True):
        edition = OpenEditionFactory(capacity=10)

        results = _run_in_threads(
            30,
            lambda i: (
                registration_create(
                    edition_id=edition.pk, name=f"Personne {i}", email=f"p{i}@example.org", consent=True
                ).registration.status
            ),
        )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count(RegistrationStatus.CONFIRMED) == 10
    assert results.count(RegistrationStatus.WAITING) == 20
    assert Registration.objects.filter(edition=edition, status=RegistrationStatus.CONFIRMED).count() == 10
    assert Registration.objects.filter(edition=edition).count() == 30


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_and_registrations_keep_the_limit():
    with time_machine.travel(NOW, tick=True):
        edition = OpenEditionFactory(capacity=5)
        first = [
            registration_create(
                edition_id=edition.pk, name=f"Personne {i}", email=f"p{i}@example.org", consent=True
            ).registration
            for i in range(8)
        ]

        def act(i: int):
            if i < 5:
                return registration_cancel(token=first[i].cancel_token).status
            return registration_create(
                edition_id=edition.pk, name=f"Nouvelle {i}", email=f"n{i}@example.org", consent=True
            ).registration.status

        results = _run_in_threads(15, act)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert places_held(edition) <= 5
    # The five freed places went to the three people waiting first, then stayed open to no one
    # else: newcomers queue behind them, since offers are under way.
    offered = Registration.objects.filter(edition=edition, status=RegistrationStatus.OFFERED)
    assert {r.email for r in offered} >= {"p5@example.org", "p6@example.org", "p7@example.org"}
