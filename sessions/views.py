"""Pages of the minutes (comptes-rendus) for readers: lists, HTML version, official PDF, annexes.

Who may see what (``sessions.selectors.minutes_visible_to``):
- published public minutes: everyone, without logging in;
- published minutes for members: members in mandate and staff;
- minutes under review: the people present at the sitting, and staff;
- drafts and versions being published: staff only.
Minutes a logged-in user may not see are a 404, so a draft's existence is not revealed.
An anonymous visitor is sent to the login page (and back) for minutes published for members
only and for minutes under review, whose link the attendees get by e-mail; they get a 404
for drafts and everything else. The staff editor is ``minutes_views``.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from cln_portal.dates import DatePrecision, format_flexible_date
from cln_portal.permissions import is_staff

from .minutes_forms import CorrectionForm
from .models import Annex, CorrectionStatus, Minutes, MinutesCorrection, MinutesStatus
from .pdf import minutes_pdf_filename, render_minutes_page_html, render_minutes_pdf
from .selectors import (
    minutes_latest_per_meeting,
    minutes_may_review,
    minutes_versions,
    minutes_visible_to,
)

ANNEX_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def _visible_or_404(request: HttpRequest, pk: int) -> Minutes:
    """The minutes if ``request.user`` may read them; else login page (anonymous, members-only
    published minutes or minutes under review) or 404."""
    minutes = minutes_visible_to(user=request.user).filter(pk=pk).first()
    if minutes is not None:
        return minutes
    # The review e-mail links attendees to the minutes: logged out, they must reach the login
    # page, not a 404. Only that a version is under review is told; a draft stays a 404.
    if (
        not request.user.is_authenticated
        and Minutes.objects.filter(pk=pk, status__in=(MinutesStatus.PUBLISHED, MinutesStatus.REVIEW)).exists()
    ):
        raise _LoginRequired
    raise Http404


class _LoginRequired(Exception):
    pass


def _login_or_404(view):
    """Turn ``_LoginRequired`` into a redirect to the login page, keeping ``next``."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_safe
@login_required
def minutes_list(request: HttpRequest) -> HttpResponse:
    """The latest readable version of each sitting's minutes, newest first (logged-in users)."""
    minutes = minutes_latest_per_meeting(minutes_visible_to(user=request.user))
    return render(request, "meetings/minutes_list.html", {"minutes_list": minutes})


@require_safe
def public_minutes_list(request: HttpRequest) -> HttpResponse:
    """Minutes published to the public, newest first (everyone, no login)."""
    from django.contrib.auth.models import AnonymousUser

    minutes = minutes_latest_per_meeting(minutes_visible_to(user=AnonymousUser()))
    return render(request, "meetings/minutes_list.html", {"minutes_list": minutes, "public_list": True})


@require_safe
@_login_or_404
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML version of one version of the minutes, with the list of the sitting's versions.

    Who: see the module docstring. A published version shows its frozen page
    (``html_snapshot``) when it has one; drafts are rendered from the records.
    """
    minutes = _visible_or_404(request, pk)
    if minutes.is_published and minutes.html_snapshot:
        article = mark_safe(minutes.html_snapshot)  # noqa: S308 -- rendered by our templates at publication
    else:
        article = mark_safe(render_minutes_page_html(minutes=minutes))  # noqa: S308 -- template output, autoescaped
    versions = minutes_versions(minutes=minutes, user=request.user)
    newer = next((v for v in versions if v.version > minutes.version and v.is_published), None)
    may_review = minutes_may_review(user=request.user, minutes=minutes)
    corrections = []
    if minutes.status == MinutesStatus.REVIEW and (may_review or is_staff(request.user)):
        corrections = list(
            MinutesCorrection.objects.filter(minutes=minutes)
            .select_related("author__member", "section")
            .order_by("created_at", "pk")
        )
    context = {
        "minutes": minutes,
        "article": article,
        "versions": versions,
        "newer": newer,
        "can_edit": is_staff(request.user) and minutes.is_editable,
        "may_review": may_review,
        "corrections": corrections,
        "correction_form": CorrectionForm(minutes=minutes) if may_review else None,
        "pending_corrections": [c for c in corrections if c.status == CorrectionStatus.PENDING],
        "meeting_date_display": format_flexible_date(minutes.meeting.date, None, DatePrecision.DAY),
        "issued_on_display": format_flexible_date(minutes.issued_on, None, DatePrecision.DAY),
    }
    return render(request, "meetings/minutes_detail.html", context)


@require_safe
@_login_or_404
def minutes_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """Download the official PDF of one version (who: as ``minutes_detail``).

    A published version serves its stored file, byte for byte (the SHA-256 shown on the
    page); a version without a stored file (a draft, or minutes published before the
    portal stored PDFs) is rendered now, which takes about a second.
    """
    minutes = _visible_or_404(request, pk)
    filename = minutes_pdf_filename(minutes)
    if minutes.pdf and minutes.is_published:
        handle = minutes.pdf.open("rb")
    else:
        handle = ContentFile(render_minutes_pdf(minutes=minutes))
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    # Drafts change: never let a browser or proxy keep one.
    response["Cache-Control"] = "private, no-store" if not minutes.is_published else "private, max-age=3600"
    return response


@require_safe
@_login_or_404
def minutes_annex_file(request: HttpRequest, pk: int) -> FileResponse:
    """An annex's uploaded file (PDF or image), for whoever may read its minutes."""
    annex = get_object_or_404(Annex.objects.exclude(file=""), pk=pk)
    minutes = _visible_or_404(request, annex.minutes_id)
    extension = "." + annex.file.name.rsplit(".", 1)[-1].lower() if "." in annex.file.name else ""
    content_type = ANNEX_CONTENT_TYPES.get(extension, "application/octet-stream")
    response = FileResponse(
        annex.file.open("rb"),
        as_attachment=content_type == "application/pdf",
        filename=f"annexe-{annex.pk}{extension}",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, max-age=3600" if minutes.is_published else "private, no-store"
    return response
