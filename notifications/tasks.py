"""Celery tasks of the outbox. Tasks take ids and call the service (HackSoft style).

The registered names are those the tasks had when the outbox lived in ``cln_portal``:
messages already queued and the beat rows refer to them.
"""

from celery import shared_task
from django.conf import settings

# A module import, not a name: services enqueue these tasks and these tasks call services.
from . import services
from .models import NotificationStatus

# Upper bound for the decorator; the effective number is settings.NOTIFICATION_MAX_RETRIES.
MAX_RETRIES = 20


def retry_countdown(retries: int) -> int:
    """Seconds before the next attempt after ``retries`` failed retries: 1, 2, 4, 8, 16 × the delay.

    The delay is ``settings.NOTIFICATION_RETRY_DELAY`` (60 s by default: 1, 2, 4, 8, 16 minutes).
    """
    return settings.NOTIFICATION_RETRY_DELAY * 2**retries


@shared_task(name="cln_portal.tasks.deliver_notification", bind=True, max_retries=MAX_RETRIES, acks_late=True)
def deliver_notification(self, notification_id: int) -> str:
    """Send one recorded notification; safe to run twice (the row is claimed, then marked sent).

    When the mail server fails, retries with exponential back-off
    (:func:`retry_countdown`) ``settings.NOTIFICATION_MAX_RETRIES`` times; the row then
    stays ``failed`` with the last error, for staff to see and retry from the outbox.
    """
    status = services.notification_deliver(notification_id=notification_id)
    max_retries = min(settings.NOTIFICATION_MAX_RETRIES, MAX_RETRIES)
    if (
        status == NotificationStatus.FAILED
        and self.request.retries < max_retries
        and not self.request.is_eager
    ):
        raise self.retry(countdown=retry_countdown(self.request.retries), max_retries=max_retries)
    return status


@shared_task(name="cln_portal.purge_outbox")
def purge_outbox() -> int:
    """Delete outbox rows past their retention (nightly, ``cln_portal.beat``); safe to run twice."""
    return services.outbox_purge()
