"""Pages of the « dossier de réponses »: per axis and per sitting, as a page and as a PDF.

Who: members in mandate and staff (``member_required``: the public is sent to the login
page, a former member gets 403), as for the register of questions (the axis pages); each
sees the questions the register shows them (``sessions.dossier.selectors``). An axis a
user may not see, or an unknown sitting, is a 404.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from cln_portal.permissions import member_required

from . import selectors
from .pdf import dossier_pdf, render_dossier_body


def _page(request: HttpRequest, dossier: selectors.Dossier, pdf_url: str) -> HttpResponse:
    context = {
        "dossier": dossier,
        "body": mark_safe(render_dossier_body(dossier)),  # noqa: S308 -- rendered and escaped by our template
        "pdf_url": pdf_url,
    }
    return render(request, "meetings/dossier/page.html", context)


def _pdf(dossier: selectors.Dossier) -> HttpResponse:
    response = HttpResponse(dossier_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{dossier.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@member_required
def dossier_index(request: HttpRequest) -> HttpResponse:
    """The axes and sittings that have a dossier (members and staff)."""
    return render(request, "meetings/dossier/index.html", selectors.dossier_index(user=request.user))


@require_safe
@member_required
def workstream_dossier(request: HttpRequest, slug: str) -> HttpResponse:
    """Every question of an axis, by theme, with its answer (members and staff)."""
    dossier = selectors.workstream_dossier(user=request.user, slug=slug)
    return _page(request, dossier, request.path + "pdf/")


@require_safe
@member_required
def workstream_dossier_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The same, as a tagged PDF (members and staff), always in French (an official document,
    like the minutes): its titles are written by the selector, hence built in French too."""
    with translation.override("fr"):
        return _pdf(selectors.workstream_dossier(user=request.user, slug=slug))


@require_safe
@member_required
def meeting_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """The questions of a sitting, by axis and theme, with their answers (members and staff)."""
    dossier = selectors.meeting_dossier(user=request.user, pk=pk)
    return _page(request, dossier, request.path + "pdf/")


@require_safe
@member_required
def meeting_dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same, as a tagged PDF (members and staff), always in French (see above)."""
    with translation.override("fr"):
        return _pdf(selectors.meeting_dossier(user=request.user, pk=pk))
