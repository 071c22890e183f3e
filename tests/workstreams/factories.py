"""Factories of work axes and what is raised in them."""

import datetime

import factory

from workstreams.models import (
    Action,
    AnsweringService,
    Participation,
    PositioningCampaign,
    Proposal,
    Question,
    QuestionStatus,
    QuestionTheme,
    Workstream,
    WorkstreamKind,
)

from ..members.factories import MemberFactory


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream

    title = factory.Sequence(lambda n: f"Axe de travail {n}")
    slug = factory.Sequence(lambda n: f"axe-{n}")
    kind = WorkstreamKind.THEMATIC
    order = factory.Sequence(lambda n: n)
    objective = "Comprendre **le budget** numérique de la ville."


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    workstream = factory.SubFactory(WorkstreamFactory)
    member = factory.SubFactory(MemberFactory)


class QuestionThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionTheme

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Sur le thème {n}")
    order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    workstream = factory.SubFactory(WorkstreamFactory)
    theme = None
    text = factory.Sequence(lambda n: f"Quelle est la question numéro {n} ?")
    status = QuestionStatus.OPEN


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    workstream = factory.SubFactory(WorkstreamFactory)
    member = factory.SubFactory(MemberFactory)
    text = factory.Sequence(lambda n: f"Proposition numéro {n}")


class PositioningCampaignFactory(factory.django.DjangoModelFactory):
    """A campaign open from 1 to 18 December 2025 (the seed's deadline); add axes with
    ``workstreams=[...]``."""

    class Meta:
        model = PositioningCampaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Formulaire de positionnement {n}")
    opens_on = datetime.date(2025, 12, 1)
    deadline = datetime.date(2025, 12, 18)

    @factory.post_generation
    def workstreams(self, create, extracted, **kwargs):
        if create and extracted:
            self.workstreams.set(extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Action numéro {n}")
    due_on = datetime.date(2026, 3, 1)


class AnsweringServiceFactory(factory.django.DjangoModelFactory):
    """A service of the directory that answers questions (no account)."""

    class Meta:
        model = AnsweringService

    name = factory.Sequence(lambda n: f"Direction numéro {n}")
    emails = factory.Sequence(lambda n: f"direction{n}@example.org")
