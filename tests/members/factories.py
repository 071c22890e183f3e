"""Factories of accounts, members and the council (and minimal sittings/minutes for the dashboard)."""

import datetime

import factory

from members.models import Council, Member, Role, Sector, User
from sessions.models import Meeting, MeetingKind, Minutes, MinutesStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    password = factory.django.Password("mot-de-passe-de-test")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    first_name = factory.Sequence(lambda n: f"Camille{n}")
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    role = Role.COUNCILLOR
    sector = Sector.NORD
    mandate_start = datetime.date(2025, 10, 1)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = "Conseil local du numérique"
    short_name = "CLN"
    city = "Villeneuve"
    service = "Service Participation citoyenne"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = MeetingKind.PLENARY
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2025, 11, 28, 17, 0, tzinfo=datetime.UTC) - datetime.timedelta(days=30 * n)
        )
    )


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Compte-rendu de la séance {n}")
    issued_on = datetime.date(2025, 12, 2)
    status = MinutesStatus.PUBLISHED


class FormerMemberFactory(MemberFactory):
    """A councillor whose mandate ended on 31 October 2025."""

    mandate_start = datetime.date(2025, 7, 1)
    mandate_end = datetime.date(2025, 10, 31)
    mandate_end_reason = "démission"
