"""Long minutes (40 pages and more, dozens of notes): every footnote prints on its call's page (issue 16).

WeasyPrint 70 alone prints a note on the page after its call (6 of 45 notes on the
generated minutes below, 7 of 43 on real minutes), mostly when a paragraph straddling the
page end makes room for its first lines by moving the page's notes away, even notes called
mid-page. ``cln_portal.pdf.html_to_pdf`` lays out under ``notes_stay_with_calls`` (no note
moved to make room), with ``footnote-policy: line`` in the print CSS, and re-renders with
``keep_footnotes_with_calls`` whatever strays all the same.
"""

import re
import time

import pytest
from django.db import transaction
from weasyprint import HTML

from cln_portal.pdf import (
    BASE_URL,
    PortalURLFetcher,
    keep_footnotes_with_calls,
    notes_stay_with_calls,
    stray_footnote_calls,
)
from sessions.minutes.pdf import render_minutes_html, render_minutes_pdf

from .factories import build_minutes
from .pdf_checks import normalise, pages_text

NOTES = 45

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def long_minutes(django_db_setup, django_db_blocker):
    """Generated minutes of 40+ pages: the HTML, the PDF, and its render time (seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        minutes = build_minutes(workstreams=6, footnotes=NOTES, filler_paragraphs=6, questions_per_theme=3)
        html = render_minutes_html(minutes=minutes)
        started = time.perf_counter()
        pdf = render_minutes_pdf(minutes=minutes)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"html": html, "pdf": pdf, "seconds": seconds}


def test_weasyprint_alone_strays_on_these_minutes(long_minutes):
    # The generated minutes do show the bug: WeasyPrint's own layout moves notes off their call's page.
    started = time.perf_counter()
    document = HTML(string=long_minutes["html"], base_url=BASE_URL, url_fetcher=PortalURLFetcher()).render(
        pdf_variant="pdf/ua-1"
    )
    single = time.perf_counter() - started
    strays = stray_footnote_calls(document)
    print(
        f"\nWeasyPrint alone: {len(document.pages)} pages, {len(strays)} stray notes, {single:.2f} s;"
        f" the portal's render (PDF bytes included): {long_minutes['seconds']:.2f} s"
    )
    assert len(document.pages) >= 40
    assert len(strays) >= 3


def test_every_note_of_long_minutes_sits_on_its_call_page(long_minutes):
    pages = [normalise(page) for page in pages_text(long_minutes["pdf"])]
    assert len(pages) >= 40
    for k in range(1, NOTES + 1):
        note = re.compile(r"(\d+)\. texte de la note numéro " + str(k) + r"(?!\d)")
        note_pages = [i for i, page in enumerate(pages) if note.search(page)]
        assert len(note_pages) == 1, k
        number = note.search(pages[note_pages[0]])[1]
        # "Texte de la section appelnoteK[^nK] fin.": the call is set tight after the word.
        call = re.compile(rf"appelnote{k}{number} fin")
        call_pages = [i for i, page in enumerate(pages) if call.search(page)]
        assert call_pages == note_pages, (k, call_pages, note_pages)


def test_no_note_is_moved_to_make_room_on_long_minutes(long_minutes):
    # The layout itself keeps the notes (no re-render needed), for about a page more than WeasyPrint alone.
    source = HTML(string=long_minutes["html"], base_url=BASE_URL, url_fetcher=PortalURLFetcher())
    with notes_stay_with_calls():
        document = source.render(pdf_variant="pdf/ua-1")
    assert stray_footnote_calls(document) == []
    assert 40 <= len(document.pages) <= 46
    assert len(pages_text(long_minutes["pdf"])) == len(document.pages)


def _small_document() -> str:
    """Two A6 pages: a note called in the first paragraph, the page ending in a paragraph's second line.

    Found by trying paragraph lengths: WeasyPrint 70 alone moves the note to page 2 to fit
    that line on page 1 (``orphans: 2``).
    """
    filler = " ".join(["mot"] * 61)
    paragraphs = [f'<p>Début<span class="footnote">La note du début.</span> {filler}</p>']
    paragraphs += [f"<p>{filler}</p>"] * 4
    style = (
        '@page { size: A6; margin: 10mm; @footnote { margin-top: 2mm } } html { font-family: "DejaVu Sans";'
        " font-size: 9pt; line-height: 1.4 } p { margin: 0 0 2mm 0; orphans: 2; widows: 2 }"
        " .footnote { float: footnote; footnote-policy: line; font-size: 7pt }"
    )
    body = "".join(paragraphs)
    return f'<!doctype html><html lang="fr"><head><style>{style}</style></head><body>{body}</body></html>'


def _note_and_call_pages(document) -> tuple[int, int]:
    pages = [normalise(page) for page in pages_text(document.write_pdf())]
    return (
        next(i for i, page in enumerate(pages) if "la note du début" in page),
        next(i for i, page in enumerate(pages) if "début1" in page),
    )


def test_a_paragraph_straddling_the_page_end_no_longer_sends_the_note_away():
    alone = HTML(string=_small_document()).render()
    assert _note_and_call_pages(alone) == (1, 0)  # WeasyPrint's own layout: the note one page late
    with notes_stay_with_calls():
        kept = HTML(string=_small_document()).render()
    assert _note_and_call_pages(kept) == (0, 0)


def test_the_check_after_rendering_brings_a_stray_note_back_by_itself():
    # Without notes_stay_with_calls, the re-render pushes the straddling paragraph to page 2.
    source = HTML(string=_small_document())
    document = keep_footnotes_with_calls(source, source.render())
    assert _note_and_call_pages(document) == (0, 0)
    assert stray_footnote_calls(document) == []
    pushed = [p for p in source.etree_element.iter("p") if "break-before: page" in (p.get("style") or "")]
    assert len(pushed) == 1
    assert pushed[0].find("span") is None  # the straddling paragraph, not the call's
