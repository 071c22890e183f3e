"""Celery tasks of the sittings.

Registered through ``sessions/tasks.py``, the module Celery's autodiscovery imports.
"""

from celery import shared_task

from .services import meeting_reminders_send


@shared_task(name="meetings.send_meeting_reminders")
def send_meeting_reminders() -> int:
    """Queue the sitting reminders due now (7 and 1 days before at 9 h in Paris, by default).

    Run periodically by beat (every 15 minutes is plenty); no arguments. Safe to run twice
    or concurrently: each reminder is an outbox row unique on its due moment.
    Returns the number of e-mails queued.
    """
    return meeting_reminders_send()
