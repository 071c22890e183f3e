"""French typography in the minutes' PDF and page (issue 13): no line may break before : ; ! ? »
or after «, after bold labels, in captions, headings and the annex as in the staff's texts.

The HTML given to WeasyPrint is read as text (outside tags, styles and code); the PDF's
text through pypdf, which keeps U+00A0 and U+202F (pdftotext does not).
"""

import datetime
import io
import re

import pytest
from django.db import transaction
from lxml import html as lxml_html
from pypdf import PdfReader

from sessions.demo import demo_seed
from sessions.minutes.pdf import render_minutes_html, render_minutes_page_html, render_minutes_pdf
from sessions.minutes.selectors import minutes_get_by_meeting_date

from .factories import build_minutes

pytestmark = pytest.mark.django_db

# An ordinary (breakable) space or line break before : ; ! ? », or after «.
BREAKABLE = re.compile(r"[ \t\r\n]+[:;!?»]|«[ \t\r\n]")


def _text(html: str) -> str:
    """The text of an HTML document or fragment as one string, without styles, scripts and code."""
    root = lxml_html.fromstring(html)
    for element in root.iter("style", "script", "code"):
        element.drop_tree()
    return root.text_content()


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _breakable(text: str) -> list[str]:
    return [text[max(0, m.start() - 30) : m.end() + 10] for m in BREAKABLE.finditer(text)]


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    """The reference minutes (seed of 28 November 2025): the PDF's HTML, the page's HTML, the PDF."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_seed(with_accounts=False)
        minutes = minutes_get_by_meeting_date(date=datetime.date(2025, 11, 28))
        rendered = {
            "html": render_minutes_html(minutes=minutes),
            "page": render_minutes_page_html(minutes=minutes),
            "pdf": render_minutes_pdf(minutes=minutes),
        }
        transaction.set_rollback(True)
    return rendered


def test_no_breakable_space_before_the_signs_in_the_reference_pdf(reference):
    # Before the fix: 38 colons and 2 semicolons after bold labels, years and in captions.
    assert _breakable(_text(reference["html"])) == []
    assert _breakable(_pdf_text(reference["pdf"])) == []
    text = _pdf_text(reference["pdf"])
    assert "Population\u00a0: 99" in text  # a bold label in the annex
    assert "Avril 2021\u00a0: délibération" in text
    assert "Petit-déjeuner de l’inclusion numérique\u00a0: programmation 2022" in text  # a table caption


def test_the_minutes_page_follows_the_same_typography(reference):
    assert _breakable(_text(reference["page"])) == []


def test_staff_text_gets_apostrophes_times_and_quotes_but_urls_stay_as_typed():
    with transaction.atomic():
        minutes = build_minutes(workstreams=1)
        minutes.opening = (
            "L'ordre du jour de 18h30 : voir https://exemple.org/l'ordre-du-jour ou écrire à "
            "jean.o'neil@exemple.fr ; le « conseil « numérique » local » a voté !"
        )
        minutes.save()
        html = render_minutes_html(minutes=minutes)
        text = _pdf_text(render_minutes_pdf(minutes=minutes))
        transaction.set_rollback(True)
    for rendered in (_text(html), text):
        assert "L’ordre du jour de 18\u00a0h\u00a030\u00a0: voir" in rendered
        assert "https://exemple.org/l'ordre-du-jour" in rendered
        assert "jean.o'neil@exemple.fr\u202f;" in rendered
        assert "«\u00a0conseil “numérique” local\u00a0» a voté\u202f!" in rendered
        assert "« «" not in rendered and "«\u00a0«" not in rendered
    assert _breakable(_text(html)) == []
