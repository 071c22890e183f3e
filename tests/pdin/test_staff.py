"""Staff pages of an edition: registrations list, CSV export, attendance, closing registration."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from pdin.models import RegistrationStatus

from .factories import OpenEditionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=datetime.UTC)


def _url(name: str, edition) -> str:
    return reverse(f"pdin:{name}", args=[edition.series.slug, edition.number])


@pytest.mark.parametrize(
    "name", ["staff_registrations", "staff_registrations_csv", "staff_attendance", "staff_registration_open"]
)
def test_staff_pages_are_closed_to_the_public_and_to_members(client, member_user, name):
    edition = OpenEditionFactory()
    method = client.post if name == "staff_registration_open" else client.get

    assert method(_url(name, edition)).status_code == 302
    client.force_login(member_user)
    assert method(_url(name, edition)).status_code == 403


def test_staff_see_registrations_confirmed_first_then_the_waiting_list(
    client, staff_user, django_assert_num_queries
):
    edition = OpenEditionFactory()
    RegistrationFactory(edition=edition, status=RegistrationStatus.WAITING, name="Attente Un")
    RegistrationFactory(edition=edition, name="Inscrite Une", accessibility_needs="Boucle magnétique")
    RegistrationFactory.create_batch(5, edition=edition)
    client.force_login(staff_user)

    # user (session from the cache), edition, registrations, counts, council
    with django_assert_num_queries(5):
        response = client.get(_url("staff_registrations", edition))

    text = response.content.decode()
    assert text.index("Inscrite Une") < text.index("Attente Un")
    assert "Boucle magnétique" in text


def test_csv_export_has_a_bom_and_neutralised_formulas(client, staff_user):
    edition = OpenEditionFactory()
    RegistrationFactory(
        edition=edition, name='=HYPERLINK("http://evil")', organisation="+33 1 23", email="a@example.org"
    )
    RegistrationFactory(edition=edition, name="Claire Dupont", organisation="@asso", email="b@example.org")
    client.force_login(staff_user)

    response = client.get(_url("staff_registrations_csv", edition))

    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["État", "Nom", "Adresse e-mail"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil")' and rows[1][3] == "'+33 1 23"
    assert rows[2][1] == "Claire Dupont" and rows[2][3] == "'@asso"


@time_machine.travel(NOW, tick=False)
def test_attendance_sets_the_participants_count(client, staff_user):
    edition = OpenEditionFactory(date=datetime.date(2026, 2, 20))
    came = RegistrationFactory.create_batch(3, edition=edition)
    RegistrationFactory(edition=edition)  # did not come
    client.force_login(staff_user)

    response = client.post(
        _url("staff_attendance", edition), {"attended": [str(r.pk) for r in came], "walk_ins": "4"}
    )

    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.participants_count == 7 and edition.walk_in_count == 4
    assert edition.registrations.filter(attended=True).count() == 3
    page = client.get(_url("staff_attendance", edition)).content.decode()
    assert page.count("checked") == 3


def test_attendance_refuses_a_negative_or_absurd_count_without_losing_ticks(client, staff_user):
    edition = OpenEditionFactory()
    came = RegistrationFactory(edition=edition)
    client.force_login(staff_user)

    for walk_ins in ("-2", "2200000000"):
        response = client.post(
            _url("staff_attendance", edition), {"attended": [str(came.pk)], "walk_ins": walk_ins}
        )

        assert response.status_code == 200
        assert "checked" in response.content.decode()
    edition.refresh_from_db()
    assert edition.participants_count is None


@time_machine.travel(NOW, tick=False)
def test_staff_close_registration_and_the_form_disappears(client, staff_user):
    edition = OpenEditionFactory()
    client.force_login(staff_user)
    assert 'id="inscription"' in client.get(edition.get_absolute_url()).content.decode()

    client.post(_url("staff_registration_open", edition), {"open": "0"})

    edition.refresh_from_db()
    assert not edition.registration_open
    text = client.get(edition.get_absolute_url()).content.decode()
    assert 'id="inscription"' not in text
    assert "Les inscriptions à cette édition sont closes." in text
    register = client.post(
        _url("edition_register", edition), {"name": "X", "email": "x@example.org", "consent": "on"}
    )
    assert register.status_code == 200
    assert edition.registrations.count() == 0
