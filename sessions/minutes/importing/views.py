"""The staff page that imports a compte-rendu: a file or pasted text, a preview, then the draft.

Two steps, nothing saved before the second: the first POST reads and parses the document
and shows what the import will create (the summary and a warning per line kept as free
text); the parse travels to the second POST in a signed hidden field, so what is saved
is exactly what was previewed. Staff only (``staff_required``).
"""

import datetime

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from cln_portal.permissions import staff_required

from .forms import MinutesImportForm
from .parser import ParsedMinutes, parse_file
from .readers import ImportFileError
from .services import minutes_import, minutes_import_preview

PARSE_SALT = "sessions.minutes.importing.preview"
# A preview older than this must be made again (the people and sittings may have changed).
PREVIEW_MAX_AGE = 6 * 3600


def _signed(parsed: ParsedMinutes, meeting_date: datetime.date | None) -> str:
    payload = {"parsed": parsed.to_dict(), "date": meeting_date.isoformat() if meeting_date else ""}
    return signing.dumps(payload, salt=PARSE_SALT, compress=True)


def _unsigned(token: str) -> tuple[ParsedMinutes, datetime.date | None]:
    """Raises ``signing.BadSignature`` (or ``SignatureExpired``) on a tampered or stale preview."""
    payload = signing.loads(token, salt=PARSE_SALT, max_age=PREVIEW_MAX_AGE)
    date = datetime.date.fromisoformat(payload["date"]) if payload["date"] else None
    return ParsedMinutes.from_dict(payload["parsed"]), date


@staff_required
@require_http_methods(["GET", "POST"])
def minutes_import_view(request: HttpRequest) -> HttpResponse:
    """Import a compte-rendu (staff): upload or paste, preview, confirm; then the editor."""
    if request.method == "POST" and "preview" in request.POST:
        return _confirm(request)
    form = MinutesImportForm(request.POST, request.FILES) if request.method == "POST" else MinutesImportForm()
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        meeting_date = form.cleaned_data["meeting_date"]
        try:
            parsed = parse_file(form.cleaned_data["data"], form.cleaned_data["filename"])
            summary = minutes_import_preview(parsed=parsed, meeting_date=meeting_date)
        except ImportFileError as error:
            form.add_error("file" if form.cleaned_data.get("file") else "text", str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            context |= {"summary": summary, "preview": _signed(parsed, meeting_date), "parsed": parsed}
    return render(request, "meetings/editor/minutes_import.html", context)


def _confirm(request: HttpRequest) -> HttpResponse:
    try:
        parsed, meeting_date = _unsigned(request.POST["preview"])
    except signing.BadSignature:
        messages.error(request, gettext("Cet aperçu n’est plus valable : importez le document à nouveau."))
        return redirect("meetings:minutes_import")
    try:
        result = minutes_import(parsed=parsed, meeting_date=meeting_date, actor=request.user)
    except ValidationError as error:
        form = MinutesImportForm()
        form.add_error(None, error)
        return render(request, "meetings/editor/minutes_import.html", {"form": form}, status=400)
    summary = result.summary
    messages.success(
        request,
        gettext("Le compte-rendu est importé en projet : %(figures)s")
        % {"figures": " ".join(summary.lines()[1:])},
    )
    if summary.warnings:
        messages.warning(
            request,
            gettext(
                "%(count)s ligne(s) n’ont pas trouvé leur place : elles sont gardées en texte libre, "
                "à relire dans les sections."
            )
            % {"count": len(summary.warnings)},
        )
    return redirect("meetings:minutes_edit", result.minutes.pk)
