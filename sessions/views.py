"""Pages of the minutes (comptes-rendus): list, HTML version and official PDF.

Who may see what: every page needs a login; published minutes are for every logged-in
user, drafts for staff only. Minutes a user may not see are a 404 (``minutes_visible_to``),
so a draft's existence is not revealed.
"""

from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from cln_portal.markup import FootnoteSet

from .pdf import minutes_pdf_filename, render_minutes_pdf
from .selectors import minutes_document, minutes_visible_to


@require_safe
@login_required
def minutes_list(request: HttpRequest) -> HttpResponse:
    """The minutes the user may read, newest sitting first (logged-in users)."""
    minutes = minutes_visible_to(user=request.user)
    return render(request, "meetings/minutes_list.html", {"minutes_list": minutes})


@require_safe
@login_required
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML version of the minutes, same content as the PDF (logged-in users; drafts: staff)."""
    minutes = get_object_or_404(minutes_visible_to(user=request.user), pk=pk)
    document = minutes_document(minutes=minutes)
    document["footnote_set"] = FootnoteSet(document["footnotes"], mode="html")
    return render(request, "meetings/minutes_detail.html", document)


@require_safe
@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """Download the official PDF (logged-in users; drafts: staff).

    The stored file (``Minutes.pdf``, written when the minutes are published) is served
    when there is one; otherwise the PDF is rendered now, which takes about a second.
    """
    minutes = get_object_or_404(minutes_visible_to(user=request.user), pk=pk)
    filename = minutes_pdf_filename(minutes)
    if minutes.pdf:
        handle = minutes.pdf.open("rb")
    else:
        handle = ContentFile(render_minutes_pdf(minutes=minutes))
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    # Drafts change: never let a browser or proxy keep one.
    response["Cache-Control"] = "private, no-store" if not minutes.is_published else "private, max-age=3600"
    return response
