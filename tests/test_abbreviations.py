"""Acronyms spelt out at their first occurrence on each page (cln_portal.abbreviations, issue 13)."""

import pytest
from django.urls import reverse

from cln_portal.abbreviations import abbreviate_first, abbreviate_page

GLOSSARY = {"PDIN": "Petit-déjeuner de l’inclusion numérique", "IA": "intelligence artificielle"}
PDIN = '<abbr title="Petit-déjeuner de l’inclusion numérique">PDIN</abbr>'


def test_only_the_first_occurrence_is_spelt_out():
    html = "<h1>PDIN n° 11</h1><p>Le PDIN et l’IA, encore l’IA.</p>"

    assert abbreviate_first(html, GLOSSARY) == (
        f'<h1>{PDIN} n° 11</h1><p>Le PDIN et l’<abbr title="intelligence artificielle">IA</abbr>, encore l’IA.</p>'
    )


def test_attributes_skipped_elements_and_other_words_are_left_alone():
    html = (
        '<a href="/pdin/PDIN/" title="PDIN > IA">lien</a><option>PDIN</option><textarea>PDIN</textarea>'
        "<p>MIAM PDINS ia l&#x27;IA</p><p>PDIN</p>"
    )

    out = abbreviate_first(html, GLOSSARY)

    assert out.startswith('<a href="/pdin/PDIN/" title="PDIN > IA">lien</a><option>PDIN</option>')
    assert "<textarea>PDIN</textarea>" in out
    assert '<p>MIAM PDINS ia l&#x27;<abbr title="intelligence artificielle">IA</abbr></p>' in out
    assert out.endswith(f"<p>{PDIN}</p>")


def test_an_acronym_the_page_spells_out_itself_is_not_spelt_out_again():
    html = '<p><abbr title="Petit-déjeuner">PDIN</abbr> puis PDIN</p>'
    assert abbreviate_first(html, GLOSSARY) == html


def test_expansion_is_escaped():
    out = abbreviate_first("<p>IA</p>", {"IA": 'l’"IA" & <co>'})
    assert out == '<p><abbr title="l’&quot;IA&quot; &amp; &lt;co&gt;">IA</abbr></p>'


def test_header_and_main_each_get_their_first_occurrence():
    page = (
        "<html><head><title>PDIN</title></head>"
        "<body><nav>PDIN</nav><main><h1>PDIN</h1><p>PDIN</p></main></body></html>"
    )

    out = abbreviate_page(page, GLOSSARY)

    assert out == (
        f"<html><head><title>PDIN</title></head><body><nav>{PDIN}</nav><main><h1>{PDIN}</h1><p>PDIN</p></main></body></html>"
    )
    assert abbreviate_page("<p>PDIN</p>", GLOSSARY) == "<p>PDIN</p>"  # no <main>: not a portal page


@pytest.mark.django_db
def test_pages_are_served_with_the_acronyms_spelt_out(client):
    from tests.pdin.factories import OpenEditionFactory

    edition = OpenEditionFactory(title="L’IA au guichet, encore l’IA")

    response = client.get(edition.get_absolute_url())
    html = response.content.decode()
    header, main = html[: html.index("<main")], html[html.index("<main") :]

    assert f"Programme {PDIN}" in header  # the navigation's link
    assert main.count('<abbr title="intelligence artificielle">IA</abbr>') == 1
    assert '<h1>L’<abbr title="intelligence artificielle">IA</abbr> au guichet, encore l’IA</h1>' in main
    # Files and feeds pass untouched.
    ics = client.get(reverse("pdin:edition_ics", args=[edition.series.slug, edition.number]))
    assert b"<abbr" not in ics.content


def test_acronyms_in_attributes_comments_and_scripts_are_left_alone():
    html = (
        '<main><p title="l’IA > PDIN">texte</p><!-- PDIN --><script>if (a<b) { "PDIN" }</script>'
        "<p>PDIN et IA</p></main>"
    )
    out = abbreviate_first(html, GLOSSARY)
    assert out.count("<abbr") == 2
    assert '<p title="l’IA > PDIN">' in out and "<!-- PDIN -->" in out and '"PDIN" }</script>' in out
    assert (
        f'<p><abbr title="{GLOSSARY["PDIN"]}">PDIN</abbr> et <abbr title="{GLOSSARY["IA"]}">IA</abbr></p>'
        in out
    )
