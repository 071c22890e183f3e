"""The council's record is read once per process and re-read by every process after a save."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from members import selectors
from members.models import Council


@pytest.fixture
def fresh_copy(monkeypatch):
    monkeypatch.setattr(selectors, "_council_copy", None)
    cache.delete(selectors.COUNCIL_VERSION_KEY)


@pytest.mark.django_db(transaction=True)
def test_council_is_read_once_per_process_until_it_is_saved(fresh_copy):
    council = Council.objects.create(name="Conseil local du numérique", short_name="CLN", city="Roubaix")
    assert selectors.council_get().city == "Roubaix"

    with CaptureQueriesContext(connection) as queries:
        again = selectors.council_get()
    assert again.city == "Roubaix"
    assert len(queries) == 0

    council.city = "Tourcoing"
    council.save()
    assert selectors.council_get().city == "Tourcoing"


@pytest.mark.django_db(transaction=True)
def test_a_save_in_another_process_is_seen_through_the_shared_version(fresh_copy):
    council = Council.objects.create(name="Conseil local du numérique", short_name="CLN", city="Roubaix")
    selectors.council_get()
    # Another process saves: the row changes and the shared version moves; our copy does not.
    Council.objects.filter(pk=council.pk).update(city="Lille")
    assert selectors.council_get().city == "Roubaix"
    cache.set(selectors.COUNCIL_VERSION_KEY, "set-by-another-process")
    assert selectors.council_get().city == "Lille"


@pytest.mark.django_db(transaction=True)
def test_editing_the_returned_council_changes_nobody_elses(fresh_copy):
    Council.objects.create(name="Conseil local du numérique", short_name="CLN", city="Roubaix")
    selectors.council_get().city = "Ailleurs"
    assert selectors.council_get().city == "Roubaix"


@pytest.mark.django_db
def test_inside_a_transaction_the_council_is_not_kept(fresh_copy):
    Council.objects.create(name="Conseil local du numérique", short_name="CLN", city="Roubaix")
    selectors.council_get()
    assert selectors._council_copy is None


def test_production_templates_use_the_cached_loader(settings):
    assert settings.DEBUG is False
    for alias in ("django", "text"):
        loaders = engines[alias].engine.template_loaders
        assert [type(loader).__module__ for loader in loaders] == ["django.template.loaders.cached"]
