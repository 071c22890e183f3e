"""Participatory programming: members propose themes and venues, support others', staff take them up."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pdin.models import Proposal, ProposalKind, ProposalStatus, ProposalSupport
from pdin.services import proposal_support

from ..members.factories import MemberFactory
from .factories import EventSeriesFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("pdin:proposals"))

    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_member_proposes_a_venue(client, member_user):
    series = EventSeriesFactory()
    client.force_login(member_user)

    response = client.post(
        reverse("pdin:proposals"),
        {
            "series": series.pk,
            "kind": ProposalKind.VENUE,
            "title": "Centre social de l’Épeule",
            "description": "",
        },
        follow=True,
    )

    proposal = Proposal.objects.get()
    assert proposal.author == member_user and proposal.kind == ProposalKind.VENUE
    assert "Centre social de l’Épeule" in response.content.decode()


def test_members_support_others_proposals_ranked_by_support(client, member_user, django_assert_num_queries):
    others = [MemberFactory().user for _ in range(3)]
    little = ProposalFactory(title="Peu soutenue", author=others[0])
    popular = ProposalFactory(title="Très soutenue", author=others[0])
    for user in others[1:]:
        proposal_support(actor=user, proposal=popular)
    client.force_login(member_user)

    client.post(reverse("pdin:proposal_support", args=[little.pk]))
    client.post(reverse("pdin:proposal_support", args=[little.pk]))  # twice: still one support

    assert ProposalSupport.objects.filter(proposal=little).count() == 1
    # user with their member record (session from the cache), proposals with counts and authors, council, series choices
    with django_assert_num_queries(4):
        text = client.get(reverse("pdin:proposals")).content.decode()
    assert text.index("Très soutenue") < text.index("Peu soutenue")
    assert "2 soutiens" in text and "Retirer mon soutien" in text

    client.post(reverse("pdin:proposal_support", args=[little.pk]), {"action": "withdraw"})
    assert not ProposalSupport.objects.filter(proposal=little).exists()


def test_nobody_supports_their_own_proposal(member_user):
    proposal = ProposalFactory(author=member_user)

    with pytest.raises(ValidationError):
        proposal_support(actor=member_user, proposal=proposal)


def test_only_staff_take_a_proposal_up(client, member_user, staff_user):
    proposal = ProposalFactory()
    url = reverse("pdin:proposal_take_up", args=[proposal.pk])

    client.force_login(member_user)
    assert client.post(url).status_code == 403
    client.force_login(staff_user)
    client.post(url)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.TAKEN_UP and proposal.taken_up_by == staff_user
    with pytest.raises(ValidationError):
        proposal_support(actor=member_user, proposal=proposal)
