"""Celery tasks of the sittings. Loaded by ``MeetingsConfig.ready`` (``sessions/apps.py``),
so the worker knows them whatever ``sessions/tasks.py`` holds."""

from celery import shared_task

from .meeting_services import meeting_reminders_send


@shared_task(name="meetings.send_meeting_reminders")
def send_meeting_reminders() -> int:
    """Queue the sitting reminders due now (7 and 1 days before at 9 h in Paris, by default).

    Run periodically by beat (every 15 minutes is plenty); no arguments. Safe to run twice
    or concurrently: each reminder is an outbox row unique on its due moment.
    Returns the number of e-mails queued.
    """
    return meeting_reminders_send()
