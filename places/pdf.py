"""The « fiche orientation » of a place: one A4 page for social workers and mediators.

Same pipeline as the minutes (``cln_portal.pdf.html_to_pdf``: tagged PDF/UA-1, the portal's
own URL fetcher) and the same print stylesheet and named fonts (``static/print/minutes.css``).
Rendered once per version of the place and stored on it (``fiche_pdf``): later requests
serve the stored file until the place changes (an import or a correction).
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cln_portal.pdf import html_to_pdf, pdf_store
from members.selectors import council_get

from .models import Place


def render_fiche_html(*, place: Place) -> str:
    """The HTML given to WeasyPrint, in French."""
    with translation.override("fr"):
        return render_to_string("places/fiche_pdf.html", {"place": place, "council": council_get()})


@transaction.atomic
def fiche_pdf_bytes(*, place: Place) -> bytes:
    """The fiche's PDF bytes: the stored file when it is as recent as the place, else a new rendering, stored."""
    place = Place.objects.select_for_update().get(pk=place.pk)
    if place.fiche_pdf and place.fiche_pdf_rendered_at and place.fiche_pdf_rendered_at >= place.updated_at:
        with place.fiche_pdf.open("rb") as handle:
            return handle.read()
    with translation.override("fr"):
        data = html_to_pdf(render_fiche_html(place=place))
    pdf_store(instance=place, field_name="fiche_pdf", data=data, filename=f"fiche-orientation-{place.pk}.pdf")
    Place.objects.filter(pk=place.pk).update(fiche_pdf_rendered_at=timezone.now())
    return data
