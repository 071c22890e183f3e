"""The PDF of a referral's adopted opinion (avis), with the minutes' WeasyPrint pipeline.

Same renderer (``cln_portal.pdf.html_to_pdf``: its URL fetcher serves only ``data:`` URLs
and the portal's own static and media files), same base URL, same print stylesheet and
named fonts (``static/print/minutes.css``: Liberation Sans, then DejaVu Sans) and the same
tagged PDF/UA-1 output. Render it from a task (about a second), never in a request.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from cln_portal.dates import format_day_fr
from cln_portal.pdf import html_to_pdf, pdf_store
from members.selectors import council_get

from .models import Workstream


def opinion_pdf_filename(workstream: Workstream) -> str:
    """``avis-cln-agent-conversationnel-2026-01-24.pdf``."""
    adopted = workstream.opinion_adopted_on.isoformat() if workstream.opinion_adopted_on else "projet"
    return f"avis-cln-{workstream.slug}-{adopted}.pdf"


def render_opinion_html(*, workstream: Workstream) -> str:
    """The HTML given to WeasyPrint for ``workstream``'s opinion, in French."""
    with translation.override("fr"):
        context = {
            "workstream": workstream,
            "council": council_get(),
            "adopted_on_display": format_day_fr(workstream.opinion_adopted_on, weekday=False)
            if workstream.opinion_adopted_on
            else "",
            "due_on_display": format_day_fr(workstream.opinion_due_on, weekday=False)
            if workstream.opinion_due_on
            else "",
        }
        return render_to_string("workstreams/opinion_pdf.html", context)


def render_opinion_pdf(*, workstream: Workstream) -> bytes:
    """Render the opinion's PDF (A4, tagged PDF/UA-1, /Lang fr) and return its bytes."""
    with translation.override("fr"):
        return html_to_pdf(render_opinion_html(workstream=workstream))


@transaction.atomic
def opinion_pdf_store(*, workstream_id: int) -> bool:
    """Render and store the PDF of an axis' adopted opinion, with its SHA-256; False when there is none.

    Deterministic overwrite (``cln_portal.pdf.pdf_store``): running it twice stores the
    same document again under the same name.
    """
    workstream = Workstream.objects.select_for_update().get(pk=workstream_id)
    if not workstream.has_opinion:
        return False
    pdf_store(
        instance=workstream,
        field_name="opinion_pdf",
        data=render_opinion_pdf(workstream=workstream),
        filename=opinion_pdf_filename(workstream),
        sha256_field="opinion_pdf_sha256",
    )
    return True
