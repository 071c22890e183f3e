"""An edition's card in the lists ({% edition_summary %}): what a visitor reads, escaped, in
their language; and the flexible dates it prints, kept per language."""

import datetime

import pytest
from django.utils import translation

from cln_portal.dates import DatePrecision, format_flexible_date
from pdin.templatetags.pdin_tags import edition_summary

from .factories import EditionFactory, ThemeFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_a_dated_edition_with_venue_and_theme():
    edition = EditionFactory(
        number=11,
        title="L'IA : pour qui ?",
        date=datetime.date(2026, 2, 13),
        venue=VenueFactory(name="Maison des associations", neighbourhood="Épeule"),
        theme=ThemeFactory(name="Intelligence artificielle"),
    )
    with translation.override("fr"):
        card = str(edition_summary(edition))
    assert card == (
        f'<h3><a href="{edition.get_absolute_url()}">PDIN n° 11 – L’IA\u00a0: pour qui\u202f?</a></h3>\n'
        '<p class="meta"><time datetime="2026-02-13">13 février 2026</time>'
        " · Maison des associations (Épeule) · Intelligence artificielle</p>"
    )


def test_what_a_visitor_typed_is_escaped_and_a_demonstration_says_so():
    edition = EditionFactory(
        title='<script>alert("x")</script>', is_demo=True, venue=VenueFactory(name="Café <b>&</b> Co")
    )
    card = str(edition_summary(edition))
    assert "<script>" not in card and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in card
    assert "Café &lt;b&gt;&amp;&lt;/b&gt; Co" in card
    assert '<span class="badge">démonstration</span>' in card


def test_a_month_an_undated_edition_and_english():
    month = EditionFactory(date=datetime.date(2022, 9, 1), date_precision=DatePrecision.MONTH, venue=None)
    undated = EditionFactory(date=None, venue=None)
    with translation.override("fr"):
        assert '<time datetime="2022-09">septembre 2022</time></p>' in str(edition_summary(month))
        assert '<p class="meta">date à préciser</p>' in str(edition_summary(undated))
    with translation.override("en"):
        assert '<time datetime="2022-09">September 2022</time></p>' in str(edition_summary(month))
        assert '<p class="meta">date to be set</p>' in str(edition_summary(undated))


def test_flexible_dates_are_kept_per_language():
    day = datetime.date(2026, 12, 1)
    for _ in range(2):  # the second time from the per-process copy
        with translation.override("fr"):
            assert (
                format_flexible_date(day, None, DatePrecision.DAY, weekday=True) == "mardi 1er décembre 2026"
            )
        with translation.override("en"):
            assert (
                format_flexible_date(day, None, DatePrecision.DAY, weekday=True) == "Tuesday 1 December 2026"
            )
