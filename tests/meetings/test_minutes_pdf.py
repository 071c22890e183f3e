"""The official PDF of the minutes, checked on the reference sitting of 28 November 2025.

The reference data (``seed_demo``) is loaded once for this module, in a transaction that
is rolled back, and the PDF rendered once; the tests read that PDF as a person would.
"""

import datetime
import io
import re
import time

import pikepdf
import pytest
from django.db import transaction
from pypdf import PdfReader

from sessions.demo import demo_seed
from sessions.minutes.pdf import render_minutes_pdf
from sessions.minutes.selectors import minutes_get_by_meeting_date
from sessions.models import Footnote
from workstreams.models import NextStep, Proposal, Question

from .pdf_checks import fonts, heading_pages, normalise, pages_text, toc_entries

pytestmark = pytest.mark.django_db

# The seed's table of contents, as the city printed it.
SEED_TOC = [
    "Ouverture",
    "Axes de travail identifiés",
    "Programmation participative du Petit-déjeuner de l'inclusion numérique",
    "Présentation pédagogique du budget numérique municipal 2025",
    "Saisine applicative : agent conversationnel municipal",
    "Saisine stratégique : stratégie pour un numérique responsable",
    "Communication et gouvernance locale pour l'inclusion numérique en santé",
    "Commission médias et réseaux sociaux du Conseil municipal des enfants",
    "Prochaines étapes",
    "Formulaire de positionnement",
    "Calendrier prévisionnel",
    "Modalités de communication entre membres",
    "Annexe",
    "Présentation du Petit-déjeuner de l'inclusion numérique",
]

SEED_PRESENT = [
    "Anaïs Garnier (conseillère Nord)",
    "Amina Belkacem (conseillère Est)",
    "Damien Verhaeghe (chargé de mission)",
    "Julien Morel (conseiller Ouest)",
    "Mélissa Achour (conseillère Nord)",
    "Nadia Amrani (conseillère Est)",
    "Pauline De Kérmarec (conseillère Centre)",
    "Karim Ouali (observateur associé)",
    "Yanis Berrada (conseiller Sud)",
]
SEED_EXCUSED = [
    "Hicham El Idrissi (conseiller Sud)",
    "Mourad Tahiri (observateur associé)",
    "Claire Marchand (responsable du service participation citoyenne)",
    "Benoît Lefebvre (conseiller Nord)",
    "Denis Mallet (directeur des systèmes d'information)",
    "Martine Grabowski-Servais (co-présidente)",
    "Thomas Gervais (conseiller Est)",
    "Samira Benali (conseillère Centre)",
]

_CALL = re.compile(r"\[\^([-a-zA-Z0-9_]{1,40})\]")


def _calls_in(text: str) -> dict[str, str]:
    """``{key: the few words just before the call}`` for each ``[^key]`` in a Markdown text."""
    calls = {}
    for match in _CALL.finditer(text):
        before = re.sub(r"[*_`<>]", "", text[: match.start()])
        calls[match[1]] = " ".join(before.split()[-3:])
    return calls


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    """The reference minutes rendered once: the PDF bytes, its render time and what it must show."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_seed(with_accounts=False)
        minutes = minutes_get_by_meeting_date(date=datetime.date(2025, 11, 28))
        started = time.perf_counter()
        pdf = render_minutes_pdf(minutes=minutes)
        seconds = time.perf_counter() - started
        texts = [minutes.opening, minutes.workstreams_intro]
        texts += [s.body for s in minutes.sections.all()] + [
            s.workstream.objective for s in minutes.sections.all() if s.workstream
        ]
        texts += [a.body for a in minutes.annexes.all()]
        texts += list(Question.objects.filter(raised_at=minutes.meeting).values_list("text", flat=True))
        texts += list(Question.objects.filter(raised_at=minutes.meeting).values_list("answer", flat=True))
        texts += list(Proposal.objects.filter(meeting=minutes.meeting).values_list("text", flat=True))
        texts += list(NextStep.objects.filter(meeting=minutes.meeting).values_list("text", flat=True))
        calls = {}
        for text in texts:
            calls.update(_calls_in(text or ""))
        notes = list(Footnote.objects.filter(minutes=minutes).values_list("key", "text"))
        transaction.set_rollback(True)
    return {"pdf": pdf, "seconds": seconds, "calls": calls, "notes": notes}


def test_reference_pdf_keeps_the_length_of_the_city_s_original(reference):
    # Its render time is measured by `make bench` (a ratio to WeasyPrint's own time), not here:
    # a wall-clock bound fails on a shared machine and passes a slow regression on a fast one.
    pages = len(PdfReader(io.BytesIO(reference["pdf"])).pages)
    print(f"reference minutes: {pages} pages in {reference['seconds']:.2f} s")
    assert 6 <= pages <= 14


def test_pdf_holds_every_heading_of_the_seed_table_of_contents_in_order(reference):
    printed = [normalise(title) for title, _page in toc_entries(reference["pdf"])]
    assert printed == [normalise(title) for title in SEED_TOC]
    # And the headings themselves appear in the body, in that order.
    assert len(heading_pages(reference["pdf"], SEED_TOC)) == len(SEED_TOC)


def test_each_table_of_contents_page_number_is_the_page_its_section_starts_on(reference):
    entries = toc_entries(reference["pdf"])
    starts = heading_pages(reference["pdf"], [title for title, _page in entries])
    assert [page for _title, page in entries] == starts
    assert starts == sorted(starts)
    assert starts[0] == 1  # the opening starts on the first page, as in the seed


def test_bookmarks_follow_the_table_of_contents(reference):
    reader = PdfReader(io.BytesIO(reference["pdf"]))

    def flatten(outline, level=1):
        for item in outline:
            if isinstance(item, list):
                yield from flatten(item, level + 1)
            else:
                yield level, normalise(item.title), reader.get_destination_page_number(item) + 1

    bookmarks = [b for b in flatten(reader.outline) if b[1] != normalise("Table des matières")]
    entries = toc_entries(reference["pdf"])
    assert [(title, page) for _level, title, page in bookmarks] == [(normalise(t), p) for t, p in entries]
    assert {level for level, _title, _page in bookmarks} == {1, 2}


def test_pdf_names_all_seventeen_people_with_their_titles(reference):
    text = normalise(" ".join(pages_text(reference["pdf"])[:2]))
    present_at = text.index(normalise("Étaient présents :"))
    excused_at = text.index(normalise("Absences excusées :"))
    toc_at = text.index(normalise("Table des matières"))
    assert present_at < excused_at < toc_at
    for person in SEED_PRESENT:
        assert present_at < text.index(normalise(person)) < excused_at, person
    for person in SEED_EXCUSED:
        assert excused_at < text.index(normalise(person)) < toc_at, person


def test_letterhead_addressee_date_and_title_on_the_first_page(reference):
    first = normalise(pages_text(reference["pdf"])[0])
    for expected in [
        "Pôle Accélération des Dynamiques Urbaines Durables",
        "Direction Politique de la ville, Démocratie participative et GUSP",
        "Dossier suivi par Damien Verhaeghe",
        "Service Participation citoyenne",
        "59066 Roubaix Cedex 1",
        "Compte-rendu aux membres du Conseil local du numérique",
        "2 décembre 2025",
        "Conseil local du numérique du 28 novembre 2025 :",
        "Une première séance placée sous le signe de l'écoute et de l'engagement",
    ]:
        assert normalise(expected) in first, expected


def test_each_footnote_sits_on_the_page_of_its_call(reference):
    pages = [normalise(page) for page in pages_text(reference["pdf"])]
    assert len(reference["notes"]) == 4
    for key, note_text in reference["notes"]:
        start = normalise(note_text)[:30]
        note_pages = [i for i, page in enumerate(pages) if re.search(r"(\d+)\. " + re.escape(start), page)]
        assert len(note_pages) == 1, key
        number = re.search(r"(\d+)\. " + re.escape(start), pages[note_pages[0]])[1]
        marker = normalise(reference["calls"][key])
        call = re.compile(re.escape(marker) + number + r"(?!\d)")  # the call is set tight
        call_pages = [i for i, page in enumerate(pages) if call.search(page)]
        assert call_pages == note_pages, (key, call_pages, note_pages)


def test_footer_reads_page_x_of_y_on_every_page(reference):
    pages = pages_text(reference["pdf"])
    for number, page in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in page


def test_fonts_are_embedded_and_the_named_family(reference):
    rows = fonts(reference["pdf"])
    assert rows
    assert all(row["embedded"] for row in rows)
    assert all("Liberation-Sans" in row["name"] for row in rows)


def test_pdf_is_tagged_in_french_with_a_title(reference):
    with pikepdf.open(io.BytesIO(reference["pdf"])) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "fr"
        assert "28 novembre 2025" in str(pdf.docinfo["/Title"])
        with pdf.open_metadata() as meta:
            assert "28 novembre 2025" in meta.get("dc:title", "")


def test_french_typography_in_the_pdf(reference):
    """No line breaks before : ; ! ? » or after «: the spaces there are no-break ones.

    pdftotext turns every space glyph into a plain space, so the check is on line breaks;
    the characters themselves are checked on the HTML in test_minutes_html_typography.
    """
    lines = [
        line.strip() for page in pages_text(reference["pdf"]) for line in page.splitlines() if line.strip()
    ]
    assert not [line for line in lines if re.match(r"^[:;!?»]", line)]
    assert not [line for line in lines if line.endswith("«")]
    raw = " ".join(lines)
    assert "« numérique municipal »" in raw
    assert "229,51 M€" in raw and "œuvre" in raw and "Kérmarec" in raw
    assert "&amp;" not in raw and "& ;" not in raw and "IA & numérique" in raw


def test_minutes_html_typography():
    """The HTML given to WeasyPrint has U+00A0/U+202F where French typography wants them."""
    from sessions.minutes.pdf import render_minutes_html

    from .factories import build_minutes

    minutes = build_minutes()
    minutes.opening = "Pourquoi ? Parce que « le budget » compte ; voilà : 229,51 M€ & plus !"
    minutes.save()
    html = render_minutes_html(minutes=minutes)
    assert "Pourquoi\u202f?" in html
    assert "«\u00a0le budget\u00a0»" in html
    assert "compte\u202f;" in html and "voilà\u00a0:" in html and "plus\u202f!" in html
    assert "&amp; plus" in html and "&amp\u202f;" not in html
    assert "Étaient présents&nbsp;:" in html and "Absences excusées&nbsp;:" in html
