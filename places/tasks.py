"""Celery tasks of the places app. Tasks take ids and call a service."""

from celery import shared_task

from .models import Place
from .pdf import fiche_pdf_bytes


@shared_task(name="places.render_fiche_pdf")
def render_fiche_pdf(place_id: int) -> bool:
    """Render and store a place's « fiche orientation » ahead of its first download; False if gone.

    Safe to run twice: the stored file is reused while it is as recent as the place.
    """
    place = Place.objects.filter(pk=place_id).first()
    if place is None:
        return False
    fiche_pdf_bytes(place=place)
    return True
