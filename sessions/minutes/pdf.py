"""The official PDF of the minutes (compte-rendu), and the HTML it is rendered from.

The PDF is tagged (PDF/UA-1: structure tree, /Lang fr, title) and rendered by
``cln_portal.pdf.html_to_pdf``, whose URL fetcher serves only ``data:`` URLs and the
portal's own static and media files. Rendering takes about a second for the reference
minutes: call it from a task or a command, not in a request, where possible.
"""

from django.template.loader import render_to_string
from django.utils import translation

from cln_portal.markup import FootnoteSet, french_typography
from cln_portal.pdf import html_to_pdf

from ..models import Minutes
from .selectors import minutes_document


def minutes_pdf_filename(minutes: Minutes) -> str:
    """The download name: ``compte-rendu-cln-2025-11-28-v1.pdf`` (draft: ``…-projet.pdf``)."""
    name = f"compte-rendu-cln-{minutes.meeting.date.isoformat()}-v{minutes.version}"
    if not minutes.is_published:
        name += "-projet"
    return name + ".pdf"


def render_minutes_html(*, minutes: Minutes, final: bool = False) -> str:
    """The HTML given to WeasyPrint for ``minutes`` (French, footnotes in print mode).

    ``final`` renders the version being published without the draft mark. French
    typography (``cln_portal.markup.french_typography``) is applied to the whole text,
    so labels, captions, headings and the annex follow it as the staff's texts do.
    """
    with translation.override("fr"):
        document = minutes_document(minutes=minutes)
        document["footnote_set"] = FootnoteSet(document["footnotes"], mode="print")
        document["is_draft"] = not (final or document["minutes"].is_published)
        return french_typography(render_to_string("meetings/minutes_pdf.html", document))


def render_minutes_page_html(*, minutes: Minutes) -> str:
    """The content of the minutes' HTML page (attendance, contents, body, notes), in French.

    Stored at publication in ``Minutes.html_snapshot``, so a published page never changes.
    French typography is applied to the whole text, as in the PDF.
    """
    with translation.override("fr"):
        document = minutes_document(minutes=minutes)
        document["footnote_set"] = FootnoteSet(document["footnotes"], mode="html")
        return french_typography(render_to_string("meetings/_minutes_article.html", document))


def render_minutes_pdf(*, minutes: Minutes, final: bool = False) -> bytes:
    """Render the official PDF of ``minutes`` and return its bytes.

    A4, tagged PDF/UA-1 with /Lang fr and the minutes' title as document title; drafts carry
    a "Projet" mark on every page (not with ``final``, used by the publication task).
    Raises whatever WeasyPrint raises on a broken document; a resource it may not fetch is
    left out (and logged), never fetched.
    """
    with translation.override("fr"):
        return html_to_pdf(render_minutes_html(minutes=minutes, final=final))
