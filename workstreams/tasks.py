"""Celery tasks of the workstreams app. Tasks take ids (or nothing) and call a service."""

from celery import shared_task

# The module, not the function: services imports this module too (it enqueues the PDF
# render), and a module import works whichever of the two Python loads first.
from . import answer_services, services
from .pdf import opinion_pdf_store


@shared_task(name="workstreams.send_positioning_reminders")
def send_positioning_reminders() -> int:
    """Queue the positioning reminders due now (7 and 2 days before the deadline, and its
    eve, at 09:00 Europe/Paris) for members in mandate who have not answered.

    Run periodically by beat (hourly is enough); safe to run twice: each e-mail is
    recorded once under (kind, campaign, recipient, due moment).
    """
    return services.positioning_reminders_send()


@shared_task(name="workstreams.render_opinion_pdf")
def render_opinion_pdf(workstream_id: int) -> bool:
    """Render and store the PDF of an axis' adopted opinion (deterministic overwrite)."""
    return opinion_pdf_store(workstream_id=workstream_id)


@shared_task(name="workstreams.send_answer_reminders")
def send_answer_reminders() -> int:
    """Remind the services whose answer is due in ``ANSWER_REMINDER_DAYS_BEFORE`` days (from 9 h
    Paris) and not sent yet. Run by beat every 15 minutes; each request is reminded once."""
    return answer_services.answer_reminders_send()
