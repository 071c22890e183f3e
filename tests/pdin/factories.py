"""Factories of venues, event series, editions, themes, registrations and proposals."""

import datetime

import factory

from cln_portal.dates import DatePrecision
from pdin.models import (
    Edition,
    EventSeries,
    Proposal,
    ProposalKind,
    Registration,
    RegistrationStatus,
    Theme,
    Venue,
)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Centre social n° {n}")
    slug = factory.Sequence(lambda n: f"lieu-{n}")
    address = "12 rue de la République"
    postal_code = "99000"
    city = "Villeneuve"


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries
        django_get_or_create = ("slug",)

    name = "Petit-déjeuner de l’inclusion numérique"
    short_name = "PDIN"
    slug = "pdin"


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    series = factory.SubFactory(EventSeriesFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Thème de l’édition {n + 1}")
    date = datetime.date(2024, 3, 15)
    date_precision = DatePrecision.DAY
    venue = factory.SubFactory(VenueFactory)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class OpenEditionFactory(EditionFactory):
    """A coming edition open for registration: Friday 13 March 2026, 8:30–10:30 in Paris."""

    date = datetime.date(2026, 3, 13)
    start_time = datetime.time(8, 30)
    end_time = datetime.time(10, 30)
    capacity = 10
    registration_open = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    edition = factory.SubFactory(OpenEditionFactory)
    status = RegistrationStatus.CONFIRMED
    name = factory.Sequence(lambda n: f"Personne {n}")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    created_at = factory.Sequence(
        lambda n: datetime.datetime(2026, 2, 1, 10, 0, tzinfo=datetime.UTC) + datetime.timedelta(minutes=n)
    )


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    series = factory.SubFactory(EventSeriesFactory)
    kind = ProposalKind.THEME
    title = factory.Sequence(lambda n: f"Proposition {n}")


def full_edition_with_a_waiting_list(capacity: int = 2, waiting: int = 3):
    """An edition whose places are all taken, then ``waiting`` people waiting, oldest first."""
    edition = OpenEditionFactory(capacity=capacity)
    confirmed = RegistrationFactory.create_batch(capacity, edition=edition)
    queue = RegistrationFactory.create_batch(waiting, edition=edition, status=RegistrationStatus.WAITING)
    return edition, confirmed, queue


def statuses_of(registrations) -> list[str]:
    """The current status of each registration, read again from the database."""
    return [Registration.objects.get(pk=r.pk).status for r in registrations]
