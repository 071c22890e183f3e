"""``{% url %}`` answered from a per-process cache (cln_portal/templatetags/cached_url.py) gives
exactly what Django's tag gives, for every kind of argument."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

from cln_portal.templatetags.cached_url import _reverse

from .pdin.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_links_are_those_of_reverse_with_and_without_arguments():
    edition = EditionFactory()
    source = (
        "{% url 'pdin:programme' %}|{% url 'pdin:edition_detail' slug number %}"
        "|{% url 'meetings:minutes_detail' pk=7 %}"
    )
    hits = _reverse.cache_info().hits
    for _ in range(2):  # the second time from the cache
        assert _render(source, slug=edition.series.slug, number=edition.number) == "|".join(
            [
                reverse("pdin:programme"),
                reverse("pdin:edition_detail", args=[edition.series.slug, edition.number]),
                reverse("meetings:minutes_detail", kwargs={"pk": 7}),
            ]
        )
    assert _reverse.cache_info().hits >= hits + 3  # template literals (SafeString) included
    # Another argument, another link; a model instance as argument still works (not cached).
    assert (
        _render("{% url 'pdin:venue_detail' venue.slug %}", venue=edition.venue)
        == edition.venue.get_absolute_url()
    )


def test_an_unknown_link_fails_as_before_or_gives_nothing_with_as():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'pdin:nowhere' %}")
    assert _render("{% url 'pdin:nowhere' as link %}[{{ link }}]") == "[]"
    assert _render("{% url 'pdin:programme' as link %}[{{ link }}]") == f"[{reverse('pdin:programme')}]"
