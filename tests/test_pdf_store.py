"""One way to keep a rendered PDF (``cln_portal.pdf.pdf_store``), enqueued from services only."""

import datetime
import hashlib
import pathlib
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from cln_portal import pdf as cln_pdf
from members.models import AuditEntry
from notifications.services import about_key
from sessions.minutes import services as minutes_services
from sessions.minutes.checks import minutes_check
from workstreams import pdf as opinion_pdf
from workstreams import services as workstream_services
from workstreams.models import WorkstreamKind

from .meetings.minutes_support import sitting_with_minutes
from .workstreams.factories import WorkstreamFactory

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _opinion():
    return WorkstreamFactory(
        kind=WorkstreamKind.REFERRAL_STRATEGIC,
        title="Saisine : numérique responsable",
        opinion_text="Le conseil recommande la **sobriété**.",
        opinion_adopted_on=datetime.date(2026, 3, 20),
    )


def test_pdf_store_keeps_one_file_under_a_fixed_name_with_its_sha256(settings):
    workstream = _opinion()

    first = cln_pdf.pdf_store(
        instance=workstream,
        field_name="opinion_pdf",
        data=b"%PDF-1 un",
        filename="avis.pdf",
        sha256_field="opinion_pdf_sha256",
    )
    second = cln_pdf.pdf_store(
        instance=workstream,
        field_name="opinion_pdf",
        data=b"%PDF-1 deux",
        filename="avis.pdf",
        sha256_field="opinion_pdf_sha256",
    )

    workstream.refresh_from_db()
    assert workstream.opinion_pdf.name == "avis/avis.pdf"
    assert (first, second) == (
        hashlib.sha256(b"%PDF-1 un").hexdigest(),
        hashlib.sha256(b"%PDF-1 deux").hexdigest(),
    )
    assert workstream.opinion_pdf_sha256 == second
    with workstream.opinion_pdf.open("rb") as handle:
        assert handle.read() == b"%PDF-1 deux"
    assert sorted(p.name for p in pathlib.Path(settings.MEDIA_ROOT, "avis").iterdir()) == ["avis.pdf"]


def test_opinion_and_minutes_pdfs_are_both_stored_by_pdf_store(
    staff_user, django_capture_on_commit_callbacks
):
    workstream = _opinion()
    minutes = sitting_with_minutes()
    with (
        mock.patch("workstreams.pdf.pdf_store", wraps=cln_pdf.pdf_store) as opinion_store,
        mock.patch("sessions.minutes.services.pdf_store", wraps=cln_pdf.pdf_store) as minutes_store,
    ):
        opinion_pdf.opinion_pdf_store(workstream_id=workstream.pk)
        warnings = [w.key for w in minutes_check(minutes=minutes)]
        with django_capture_on_commit_callbacks(execute=True):
            minutes_services.minutes_publish(
                minutes=minutes, actor=staff_user, acknowledged_warnings=warnings
            )

    assert opinion_store.call_args.kwargs["sha256_field"] == "opinion_pdf_sha256"
    assert minutes_store.call_args.kwargs["sha256_field"] == "pdf_sha256"
    workstream.refresh_from_db()
    minutes.refresh_from_db()
    for field_file, digest in (
        (workstream.opinion_pdf, workstream.opinion_pdf_sha256),
        (minutes.pdf, minutes.pdf_sha256),
    ):
        with field_file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == digest


def test_opinion_render_is_enqueued_by_its_service_after_commit(
    staff_user, django_capture_on_commit_callbacks
):
    workstream = _opinion()
    with mock.patch("workstreams.tasks.render_opinion_pdf.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            workstream_services.opinion_pdf_request(workstream=workstream, actor=staff_user)
        assert delay.call_count == 0  # not before the commit
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(workstream.pk)
    assert AuditEntry.objects.get(action="opinion_pdf_requested").about == about_key(workstream)

    with pytest.raises(ValidationError, match="Aucun avis adopté"):
        workstream_services.opinion_pdf_request(workstream=WorkstreamFactory(), actor=staff_user)


def test_no_view_enqueues_a_task():
    """Tasks are enqueued by services (after commit), never by a view."""
    views = [*ROOT.glob("*/views.py"), *ROOT.glob("*/*/views.py")]
    offenders = [
        str(path.relative_to(ROOT))
        for path in views
        if ".venv" not in path.parts
        and re.search(r"\.(delay|delay_on_commit|apply_async)\(", path.read_text())
    ]
    assert offenders == []
