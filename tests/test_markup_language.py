"""Phrases in another language in the council's Markdown: ``[Open Education Global]{lang=en}``."""

import pytest

from cln_portal.markup import is_language_tag, render_markdown


def test_a_bracketed_phrase_with_a_language_becomes_a_span_with_lang():
    html = render_markdown("la communauté *[Open Education Global]{lang=en}* et")
    assert html == '<p>la communauté <em><span lang="en">Open Education Global</span></em> et</p>'


def test_markup_inside_the_phrase_is_kept_and_inline_mode_drops_the_paragraph():
    html = render_markdown("[Open *Education* Global]{lang=en-GB}", inline=True)
    assert html == '<span lang="en-GB">Open <em>Education</em> Global</span>'


def test_a_link_next_to_a_phrase_stays_a_link():
    html = render_markdown("[site](https://oeglobal.org) de [Open Education Global]{lang=en}")
    assert '<a href="https://oeglobal.org" rel="noopener noreferrer">site</a>' in html
    assert '<span lang="en">Open Education Global</span>' in html


@pytest.mark.parametrize("typed", ["[x]{lang=en us}", "[x]{lang=anglaises}", "[x]{lang=e}", "[x]{lang=123}"])
def test_a_phrase_with_a_malformed_language_tag_is_left_as_typed(typed):
    assert render_markdown(typed) == f"<p>{typed}</p>"


def test_raw_html_keeps_lang_only_when_it_is_a_language_tag():
    html = render_markdown('<span lang="de">Grüß Gott</span> <span lang="en onclick=x" onclick="x">a</span>')
    assert html == '<p><span lang="de">Grüß Gott</span> <span>a</span></p>'


def test_a_hostile_language_value_never_reaches_the_html():
    html = render_markdown('[x]{lang="><script>alert(1)</script>}')
    assert "<script" not in html
    assert "<span" not in html


@pytest.mark.parametrize(
    "tag", ["en", "fr", "en-GB", "pt-BR", "zh-Hant-TW", "de-CH-1996", "es-419", "en-x-cln", "ber"]
)
def test_well_formed_language_tags(tag):
    assert is_language_tag(tag)


@pytest.mark.parametrize(
    "tag", ["", "e", "anglaises", "en_GB", "en-", "-en", "en GB", "fr-123456789", "a" * 36]
)
def test_malformed_language_tags(tag):
    assert not is_language_tag(tag)
