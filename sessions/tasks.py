"""Celery tasks of the meetings app. Tasks take ids and call a service (HackSoft style)."""

from celery import shared_task

# The sittings' tasks (meetings.send_meeting_reminders) live in meeting_tasks.py; importing
# them here lets Celery's autodiscovery register them.
from .meeting_tasks import send_meeting_reminders  # noqa: F401
from .minutes_services import minutes_publication_run


@shared_task(name="sessions.tasks.minutes_publish_render")
def minutes_publish_render(minutes_id: int, actor_id: int | None = None) -> str:
    """Render, store and publish a version marked "publishing" by ``minutes_publish``.

    Safe to run twice: only a version still "publishing" is taken, under a row lock, so the
    PDF is rendered once. Returns "published", "failed" or "skipped".
    """
    return minutes_publication_run(minutes_id=minutes_id, actor_id=actor_id)
