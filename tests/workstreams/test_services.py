"""Joining and leaving a work axis."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from workstreams.models import Participation, WorkstreamStatus
from workstreams.services import participation_join, participation_leave

from ..members.factories import MemberFactory
from .factories import ParticipationFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


def test_member_joins_then_leaves_an_axis():
    workstream, member = WorkstreamFactory(), MemberFactory()

    participation_join(workstream=workstream, member=member)
    assert list(workstream.members.all()) == [member]

    assert participation_leave(workstream=workstream, member=member) is True
    assert not workstream.members.exists()


def test_joining_twice_keeps_one_participation():
    workstream, member = WorkstreamFactory(), MemberFactory()

    first = participation_join(workstream=workstream, member=member)
    second = participation_join(workstream=workstream, member=member)

    assert first.pk == second.pk
    assert Participation.objects.filter(workstream=workstream, member=member).count() == 1


def test_leaving_an_axis_not_joined_changes_nothing():
    workstream, member = WorkstreamFactory(), MemberFactory()
    other = ParticipationFactory(workstream=workstream)

    assert participation_leave(workstream=workstream, member=member) is False
    assert list(workstream.participations.all()) == [other]


def test_account_without_member_record_gets_a_french_message():
    with pytest.raises(ValidationError) as error:
        participation_join(workstream=WorkstreamFactory(), member=None)

    assert "aucune fiche de membre" in error.value.messages[0]


def test_closed_axis_cannot_be_joined_or_left():
    workstream = WorkstreamFactory(status=WorkstreamStatus.CLOSED, title="Saisine close")
    participation = ParticipationFactory(workstream=workstream)

    with pytest.raises(ValidationError, match="est clos"):
        participation_join(workstream=workstream, member=MemberFactory())
    with pytest.raises(ValidationError, match="est clos"):
        participation_leave(workstream=workstream, member=participation.member)
    assert list(workstream.participations.all()) == [participation]


def test_a_former_member_can_neither_join_nor_leave(client, django_user_model):
    workstream = WorkstreamFactory()
    member = MemberFactory()
    ParticipationFactory(workstream=workstream, member=member)
    user = django_user_model.objects.create_user("ancien@example.org", "un-mot-de-passe-long")
    member.user = user
    member.save()
    from members.services import mandate_end

    mandate_end(member=member, on=datetime.date(2025, 12, 31), reason="démission", actor=None)

    with pytest.raises(ValidationError, match="mandat au conseil est terminé"):
        participation_join(workstream=WorkstreamFactory(), member=member)
    client.force_login(user)
    response = client.post(f"/axes/{workstream.slug}/quitter/", follow=True)
    assert "mandat au conseil est terminé" in response.content.decode()
    # What the former member did stays in the record.
    assert workstream.members.filter(pk=member.pk).exists()
