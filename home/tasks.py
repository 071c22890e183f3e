"""Celery tasks of the top floor. Tasks take ids (or nothing) and call a service."""

from celery import shared_task

from .services import weekly_digest_send


# The registered name dates from when the digest lived in cln_portal: the beat row
# (cln_portal.beat) and queued messages refer to it.
@shared_task(name="cln_portal.send_weekly_digest")
def send_weekly_digest() -> int:
    """Queue this week's digest to every member who asked for it; return how many were queued.

    Scheduled on Mondays at 8 h Europe/Paris by django-celery-beat (``cln_portal.beat``).
    Safe to run twice: each digest is recorded under the week's Monday 8 h.
    """
    return weekly_digest_send()
