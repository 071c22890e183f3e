"""Celery tasks of the outbox. Tasks take ids and call the service (HackSoft style)."""

from celery import shared_task

from .models import NotificationStatus
from .notifications import notification_deliver

# Back-off between attempts when the mail server fails: 1, 2, 4, 8, 16 minutes.
MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def deliver_notification(self, notification_id: int) -> str:
    """Send one recorded notification; safe to run twice (the row is claimed, then marked sent)."""
    status = notification_deliver(notification_id=notification_id)
    if (
        status == NotificationStatus.FAILED
        and self.request.retries < MAX_RETRIES
        and not self.request.is_eager
    ):
        raise self.retry(countdown=60 * 2**self.request.retries)
    return status
