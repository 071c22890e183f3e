"""Celery tasks of the minutes. Tasks take ids and call a service (HackSoft style).

Registered through ``sessions/tasks.py``, the module Celery's autodiscovery imports.
"""

from celery import shared_task

# The module, not the function: services imports this module too (it enqueues the task),
# and a module import works whichever of the two Python loads first.
from . import services


@shared_task(name="sessions.tasks.minutes_publish_render")
def minutes_publish_render(minutes_id: int, actor_id: int | None = None) -> str:
    """Render, store and publish a version marked "publishing" by ``minutes_publish``.

    Safe to run twice: only a version still "publishing" is taken, under a row lock, so the
    PDF is rendered once. Returns "published", "failed" or "skipped".
    """
    return services.minutes_publication_run(minutes_id=minutes_id, actor_id=actor_id)


@shared_task(name="sessions.tasks.minutes_draft_pdf_render")
def minutes_draft_pdf_render(minutes_id: int) -> str:
    """Render the provisional PDF asked by ``minutes_draft_pdf_request`` (safe to run twice)."""
    return services.minutes_draft_pdf_run(minutes_id=minutes_id)


@shared_task(name="sessions.tasks.minutes_public_rendition")
def minutes_public_rendition(minutes_id: int, names: list[str], label: str) -> str:
    """Render again the public PDF of a version that printed a person since erased.

    Safe to run twice (a deterministic overwrite). Returns "rendered" or "skipped".
    """
    return services.minutes_public_rendition_run(minutes_id=minutes_id, names=names, label=label)
