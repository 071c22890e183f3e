"""The « dossier de réponses » as HTML (page and PDF share its body) and as a tagged PDF.

Rendered like the minutes: ``cln_portal.pdf.html_to_pdf`` (PDF/UA-1, /Lang fr, the
document's title), the minutes' print stylesheet (``static/print/minutes.css``: same
letterhead, fonts and headings) with a few rules of its own (``static/print/dossier.css``),
and French typography applied to the whole text (``cln_portal.markup.french_typography``).

The dossier changes with every answer, and differs between staff and members (questions of
draft minutes): it is rendered on request, not stored. Measured here (2 cores, busy): an
axis of 9 questions in 0.7 s, the reference sitting's 54 questions (7 pages) in 2.5 to
3.5 s. The PDF is kept in the shared cache under the SHA-256 of its HTML
(``DOSSIER_PDF_CACHE_SECONDS``), so the same content is rendered once for everyone who
reads it and any change to it gives a new render. Should large dossiers become common,
render them in a task and store them, as the minutes' provisional PDF does.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from cln_portal.dates import format_day_fr
from cln_portal.markup import french_typography
from cln_portal.pdf import html_to_pdf
from members.selectors import council_get

from .selectors import Dossier


def render_dossier_body(dossier: Dossier) -> str:
    """The dossier's content (summary table, axes, themes, questions), French typography applied."""
    return french_typography(render_to_string("meetings/dossier/_body.html", {"dossier": dossier}))


def render_dossier_html(dossier: Dossier) -> str:
    """The whole HTML document given to WeasyPrint, in French."""
    with translation.override("fr"):
        context = {
            "dossier": dossier,
            "body": mark_safe(render_dossier_body(dossier)),  # noqa: S308 -- rendered by our template, escaped there
            "council": council_get(),
            "issued_on": format_day_fr(timezone.localdate()),
        }
        return french_typography(render_to_string("meetings/dossier/pdf.html", context))


def dossier_pdf(dossier: Dossier) -> bytes:
    """The dossier's tagged PDF, from the cache when the same HTML was rendered before.

    Always French: callers build ``dossier`` under ``translation.override("fr")`` (its titles
    are translated strings). The cache key is the hash of the whole HTML, so a French and an
    English rendering could never share an entry. Raises whatever WeasyPrint raises on a
    broken document.
    """
    html = render_dossier_html(dossier)
    key = "dossier-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, timeout=settings.DOSSIER_PDF_CACHE_SECONDS)
    return pdf
