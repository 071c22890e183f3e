"""Periodic tasks of the programme, run by Celery beat (schedules kept in the database by
django-celery-beat). They take no argument, call one service, and are safe to run twice."""

from celery import shared_task

from .services import offers_expire, proposals_purge, registrations_purge, reminders_send


@shared_task(name="pdin.expire_waitlist_offers")
def expire_waitlist_offers() -> int:
    """Close lapsed waiting-list offers and offer the places to the next people (every few minutes)."""
    return offers_expire()


@shared_task(name="pdin.send_edition_reminders")
def send_edition_reminders() -> int:
    """Remind confirmed registrants of tomorrow's editions (daily, 09:00 Europe/Paris)."""
    return reminders_send()


@shared_task(name="pdin.purge_registrations")
def purge_registrations() -> int:
    """Delete registrants' personal data past the retention time, keeping counts, and the
    names and e-mails of residents' settled proposals past theirs (daily); return how many rows."""
    return registrations_purge() + proposals_purge()
