"""Celery tasks of the members app (scheduled by ``cln_portal.beat``)."""

from celery import shared_task

from .services import accounts_expire_after_mandate


@shared_task(name="members.expire_former_accounts")
def expire_former_accounts() -> int:
    """Apply the account retention after a mandate (nightly); safe to run twice."""
    return accounts_expire_after_mandate()


@shared_task(name="members.sortition_report_render")
def sortition_report_render(draw_id: int) -> bool:
    """Render and store a draw's report PDF; a deterministic overwrite, safe to run twice."""
    from .sortition_pdf import report_store

    return report_store(draw_id=draw_id)
