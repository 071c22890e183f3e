"""Factories of venues, event series and editions."""

import datetime

import factory

from cln_portal.dates import DatePrecision
from pdin.models import Edition, EventSeries, Venue


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
