"""The member directory: members only; contact details only where the member agreed."""

import pytest
from django.urls import reverse

from ..members.factories import FormerMemberFactory, MemberFactory
from ..workstreams.factories import ParticipationFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


def test_directory_shows_name_sector_role_axes_and_agreed_contacts_only(client, member_user):
    shown = MemberFactory(
        first_name="Amina",
        last_name="Belkacem",
        sector="est",
        title_form="f",
        contact_email="amina@example.org",
        phone="06 00 00 00 01",
        contact_visible=True,
    )
    hidden = MemberFactory(
        first_name="Julien", last_name="Morel", contact_email="julien@example.org", phone="06 99"
    )
    FormerMemberFactory(first_name="Sylvie", last_name="Caron")
    MemberFactory(first_name="Denis", last_name="Mallet", role="guest", mandate_start=None, user=None)
    ParticipationFactory(member=shown, workstream=WorkstreamFactory(title="Données ouvertes"))
    client.force_login(member_user)

    response = client.get(reverse("home:directory"))
    content = response.content.decode()

    assert response.status_code == 200
    assert "Amina Belkacem" in content and "conseillère Est" in content and "Données ouvertes" in content
    assert "amina@example.org" in content and "06 00 00 00 01" in content
    assert "Julien Morel" in content
    assert hidden.contact_email not in content and "06 99" not in content
    assert "Sylvie Caron" not in content
    assert "Denis Mallet" not in content


def test_directory_is_for_members_only(client):
    response = client.get(reverse("home:directory"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    client.force_login(FormerMemberFactory().user)
    assert client.get(reverse("home:directory")).status_code == 403


def test_directory_query_count_does_not_grow(client, member_user, django_assert_num_queries):
    MemberFactory()
    client.force_login(member_user)
    # user with their member record (the session comes from the cache), people, participations, council
    with django_assert_num_queries(4):
        client.get(reverse("home:directory"))
    for member in MemberFactory.create_batch(5):
        ParticipationFactory(member=member)
    with django_assert_num_queries(4):
        client.get(reverse("home:directory"))


def test_staff_people_list_query_count_does_not_grow(client, staff_user, django_assert_num_queries):
    MemberFactory()
    client.force_login(staff_user)
    # user (session from the cache), count, people (with account and pending invitation), erasures count, council
    with django_assert_num_queries(5):
        response = client.get(reverse("members:staff_people"))
    assert response.status_code == 200
    MemberFactory.create_batch(5)
    FormerMemberFactory.create_batch(2)
    with django_assert_num_queries(5):
        client.get(reverse("members:staff_people"))
    former = client.get(reverse("members:staff_people"), {"filtre": "anciens"}).content.decode()
    assert former.count('<th scope="row">') == 2


def test_the_portal_writes_to_one_address_per_person():
    """Convocations, reviews, answers and digests all use Member.email_address: the confirmed
    login first, the contact address for people without an account."""
    from ..members.factories import MemberFactory

    member = MemberFactory(contact_email="perso@example.org")
    assert member.email_address == member.user.email
    guest = MemberFactory(user=None, contact_email=" Invite@Example.org ")
    assert guest.email_address == "Invite@Example.org"
    assert MemberFactory(user=None, contact_email="").email_address == ""
