"""The report (procès-verbal) of a draw by lot as a tagged PDF, with the minutes' pipeline.

Same renderer (``cln_portal.pdf.html_to_pdf``: tagged PDF/UA-1, /Lang fr, a URL fetcher that
serves only the portal's own files), same print stylesheet and named fonts
(``static/print/minutes.css``). Rendered by a task after the draw (about a second).
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from cln_portal.pdf import html_to_pdf, pdf_store

from .models import DrawStatus, SortitionDraw
from .selectors import council_get, sortition_result_rows, sortition_strata_rows
from .sortition_services import seats_text


def report_filename(draw: SortitionDraw) -> str:
    """``tirage-12-2025-06-14.pdf``."""
    day = draw.drawn_at.date().isoformat() if draw.drawn_at else "a-venir"
    return f"tirage-{draw.pk}-{day}.pdf"


def render_report_html(*, draw: SortitionDraw) -> str:
    """The HTML given to WeasyPrint for ``draw``'s report, in French."""
    with translation.override("fr"):
        return render_to_string(
            "members/sortition/report_pdf.html",
            {
                "draw": draw,
                "council": council_get(),
                "strata": sortition_strata_rows(draw),
                "result_rows": sortition_result_rows(draw),
                "seats_args": seats_text(draw.seats),
            },
        )


def render_report_pdf(*, draw: SortitionDraw) -> bytes:
    """Render the report (A4, tagged PDF/UA-1, /Lang fr) and return its bytes."""
    with translation.override("fr"):
        return html_to_pdf(render_report_html(draw=draw))


@transaction.atomic
def report_store(*, draw_id: int) -> bool:
    """Render and store the report of a drawn (or cancelled after drawing) draw; False when not drawn."""
    draw = SortitionDraw.objects.select_for_update().get(pk=draw_id)
    if draw.drawn_at is None or draw.status not in (DrawStatus.DRAWN, DrawStatus.CANCELLED):
        return False
    pdf_store(
        instance=draw,
        field_name="report_pdf",
        data=render_report_pdf(draw=draw),
        filename=report_filename(draw),
        sha256_field="report_pdf_sha256",
    )
    return True
