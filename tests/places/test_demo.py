"""The demo places: valid in the standard, linked to the health axis and PDIN #1, idempotent."""

import pytest

from cln_portal.demo import demo_loaders
from places import demo
from places.models import Place
from places.selectors import places_csv

from ..pdin.factories import EditionFactory
from ..workstreams.factories import WorkstreamFactory

pytestmark = pytest.mark.django_db


def test_demo_places_are_registered_valid_and_linked():
    assert demo.load in demo_loaders()
    axis = WorkstreamFactory(slug=demo.HEALTH_AXIS)
    edition = EditionFactory(series__slug="pdin", number=1)
    demo.load()
    demo.load()
    assert Place.objects.count() == len(demo.PLACES)
    assert set(axis.places.values_list("standard_id", flat=True)) == {
        "demo-roubaix-grand-plage",
        "demo-roubaix-france-services",
        "demo-roubaix-4-quartiers",
    }
    assert edition.places.count() == len(demo.PLACES)
    _content, problems = places_csv()
    assert problems == []
