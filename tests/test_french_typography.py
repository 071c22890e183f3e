"""French typography of the staff's texts and the minutes (issue 13): ``cln_portal.markup.french_typography``.

The convention: U+202F before ; ! ?, U+00A0 before : and inside « », ’ for the apostrophe,
"18 h 30" with no-break spaces, “ ” for a quotation inside a quotation. URLs, e-mail
addresses, code, tags and character references are never touched.
"""

import pytest
from django.template import Context, Template
from django.utils.html import escape

from cln_portal.markup import NBSP, NNBSP, french_typography, render_markdown


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        # After a bold label, and after a number: the two cases that stayed breakable.
        (
            "<strong>Population</strong> : 99 500 habitants",
            f"<strong>Population</strong>{NBSP}: 99 500 habitants",
        ),
        ("<li><strong>reconnu</strong> ;</li>", f"<li><strong>reconnu</strong>{NNBSP};</li>"),
        ("Avril 2021 : délibération", f"Avril 2021{NBSP}: délibération"),
        ("ville 2024-2030 ; axe", f"ville 2024-2030{NNBSP}; axe"),
        ("Pourquoi ? Parce que !", f"Pourquoi{NNBSP}? Parce que{NNBSP}!"),
        ("Vraiment?! Oui:", f"Vraiment{NNBSP}?! Oui{NBSP}:"),
        ("« le budget »", f"«{NBSP}le budget{NBSP}»"),
        ("«le budget»", f"«{NBSP}le budget{NBSP}»"),
        # A line break in the source is a breakable space too.
        ("numérique\n  : dépasser", f"numérique{NBSP}: dépasser"),
    ],
)
def test_no_breakable_space_before_the_signs(typed, printed):
    assert french_typography(typed) == printed


def test_apostrophes_curl_in_text_but_never_in_urls_addresses_or_code():
    typed = (
        "l'été d'Anaïs, voir https://exemple.org/l'ete?x=1 ou écrire à jean.o'neil@exemple.fr ;"
        " <code>l'option</code> <a href=\"https://exemple.org/it's\">l'article</a>"
    )
    printed = french_typography(typed)
    assert "l’été d’Anaïs" in printed and ">l’article</a>" in printed
    assert "https://exemple.org/l'ete?x=1" in printed
    assert "jean.o'neil@exemple.fr" in printed
    assert "<code>l'option</code>" in printed
    assert 'href="https://exemple.org/it\'s"' in printed
    assert f"exemple.fr{NNBSP};" in printed


def test_escaped_apostrophes_curl_too():
    # The ``typo`` filter escapes first: ' arrives as &#x27;.
    assert french_typography(escape("l'été, https://x.org/l'a")) == "l’été, https://x.org/l&#x27;a"
    rendered = Template("{% load markup %}{{ text|typo }}").render(
        Context({"text": "L'ordre du jour : 18h30"})
    )
    assert rendered == f"L’ordre du jour{NBSP}: 18{NBSP}h{NBSP}30"


def test_character_references_and_code_are_left_alone():
    assert french_typography("IA &amp; numérique") == "IA &amp; numérique"
    assert french_typography("a &#x27;b") == "a &#x27;b"  # not between letters
    assert french_typography("<code>a ; b : c</code> d : e") == f"<code>a ; b : c</code> d{NBSP}: e"
    assert french_typography("<style>p { margin: 0; }</style>") == "<style>p { margin: 0; }</style>"
    link = '<a href="https://x.org/?a=1;b=2">x</a>'
    assert french_typography(f"{link} : y") == f"{link}{NBSP}: y"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("à 18h30", f"à 18{NBSP}h{NBSP}30"),
        ("à 18 H 30", f"à 18{NBSP}h{NBSP}30"),
        ("à 18:30", f"à 18{NBSP}h{NBSP}30"),
        ("de 9h à 12h", f"de 9{NBSP}h à 12{NBSP}h"),
        ("à 9 h 05", f"à 9{NBSP}h{NBSP}05"),
        ("de 9:00 à 12h00", f"de 9{NBSP}h à 12{NBSP}h"),
        # Not times: numbers before a word, durations in seconds, larger numbers.
        ("20 habitants, 99 500 hab., 10:30:00, 25h", "20 habitants, 99 500 hab., 10:30:00, 25h"),
    ],
)
def test_times_are_written_one_way(typed, printed):
    assert french_typography(typed) == printed


def test_a_quotation_inside_a_quotation_takes_english_quotes():
    assert french_typography("« le « budget » voté »") == f"«{NBSP}le “budget” voté{NBSP}»"
    # A « left open does not reach the next paragraph.
    assert (
        french_typography("<p>« ouvert</p><p>« autre »</p>")
        == f"<p>«{NBSP}ouvert</p><p>«{NBSP}autre{NBSP}»</p>"
    )


@pytest.mark.parametrize(
    "typed",
    ["« a « b » c » ; l'été à 18h30 : <strong>x</strong> ! https://x.org/l'a", "Objectif: oui? « non »"],
)
def test_applying_it_twice_changes_nothing_more(typed):
    once = french_typography(typed)
    assert french_typography(once) == once


def test_markdown_of_the_staff_gets_it():
    html = render_markdown("- **Fédérer** : structurer le réseau\n- **Précarité** : 22,3 % (l'INSEE) ;")
    assert f"<strong>Fédérer</strong>{NBSP}: structurer" in html
    assert f"<strong>Précarité</strong>{NBSP}: 22,3 % (l’INSEE){NNBSP};" in html
