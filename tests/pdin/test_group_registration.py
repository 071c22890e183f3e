"""Staff register a group brought by a social centre (issue 16): one line a person, the same
places and waiting list as the public form, e-mails only to those who have an address."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from members.models import AuditEntry
from pdin.models import RegistrationStatus

from ..french import fr
from .factories import OpenEditionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def _url(edition):
    return reverse("pdin:staff_group_registration", args=[edition.series.slug, edition.number])


@time_machine.travel(NOW, tick=False)
def test_staff_register_a_group_with_and_without_addresses_in_one_submit(
    staff, staff_user, django_capture_on_commit_callbacks
):
    edition = OpenEditionFactory(capacity=3)
    RegistrationFactory(edition=edition, status=RegistrationStatus.CONFIRMED, email="deja@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            _url(edition),
            {
                "organisation": "Centre social de l’Alma",
                "people": "Fatima Benali, Fatima@Example.org\n- Jean Dupont\n\nMarie Curie\nPaul Martin",
                "consent": "on",
            },
        )

    assert response.status_code == 302
    group = edition.registrations.filter(organisation="Centre social de l’Alma").order_by("created_at", "pk")
    assert [(r.name, r.email, r.status) for r in group] == [
        ("Fatima Benali", "fatima@example.org", RegistrationStatus.CONFIRMED),
        ("Jean Dupont", "", RegistrationStatus.CONFIRMED),
        ("Marie Curie", "", RegistrationStatus.WAITING),
        ("Paul Martin", "", RegistrationStatus.WAITING),
    ]
    # Only the person with an address gets an e-mail; nobody without one is mistaken for
    # "already registered".
    assert [message.to for message in mail.outbox] == [["fatima@example.org"]]
    assert (
        "2 personnes inscrites, 2 sur la liste d’attente." in staff.get(response["Location"]).content.decode()
    )
    assert AuditEntry.objects.filter(action="pdin_group_registered", actor=staff_user).exists()


@time_machine.travel(NOW, tick=False)
def test_a_bad_line_is_named_and_nothing_is_saved(staff):
    edition = OpenEditionFactory(capacity=10)

    response = staff.post(
        _url(edition),
        {"organisation": "Médiathèque", "people": "Ana Lima\nLéo Roux, pas-une-adresse", "consent": "on"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert fr("Ligne 2 : « pas-une-adresse » n’est pas une adresse e-mail.") in page
    assert "Ana Lima" in page  # what was typed is still there
    assert not edition.registrations.exists()


@time_machine.travel(NOW, tick=False)
def test_the_agreement_of_the_people_is_required(staff):
    edition = OpenEditionFactory(capacity=10)
    response = staff.post(_url(edition), {"organisation": "Médiathèque", "people": "Ana Lima"})
    assert response.status_code == 200
    assert not edition.registrations.exists()


def test_members_cannot_register_a_group(client, member_user):
    edition = OpenEditionFactory(capacity=10)
    client.force_login(member_user)
    assert client.get(_url(edition)).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_a_freed_place_goes_at_once_to_a_waiting_person_without_address(staff, staff_user):
    """Nobody could answer an offer e-mail for them: the place is theirs, staff see it."""
    from pdin.services import registration_cancel_by_staff

    edition = OpenEditionFactory(capacity=1)
    staff.post(
        _url(edition), {"organisation": "Centre social", "people": "Ana Lima\nLéo Roux", "consent": "on"}
    )
    ana, leo = edition.registrations.order_by("created_at", "pk")
    assert (ana.status, leo.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)

    registration_cancel_by_staff(registration_id=ana.pk, actor=staff_user)

    leo.refresh_from_db()
    assert leo.status == RegistrationStatus.CONFIRMED and leo.offer_token is None


def test_registration_cannot_open_for_an_edition_known_by_its_month_only():
    from django.core.exceptions import ValidationError

    from cln_portal.dates import DatePrecision

    edition = OpenEditionFactory(capacity=10)
    edition.date_precision = DatePrecision.MONTH
    edition.date = edition.date.replace(day=1)
    with pytest.raises(ValidationError) as refused:
        edition.full_clean()
    assert "datée au jour près" in str(refused.value)
