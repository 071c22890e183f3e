"""Celery tasks of the ``meetings`` app.

Celery's autodiscovery imports ``sessions.tasks`` only: importing both modules here registers
their tasks (``meetings.send_meeting_reminders``, ``sessions.tasks.minutes_publish_render``;
the names are explicit, so beat rows and queued messages keep working after a move).
"""

from .meetings.tasks import send_meeting_reminders  # noqa: F401
from .minutes.tasks import minutes_draft_pdf_render, minutes_public_rendition, minutes_publish_render  # noqa: F401
