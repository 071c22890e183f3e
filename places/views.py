"""Pages of « Où se faire aider ? ». Public unless marked ``staff_required``.

The list works without JavaScript: its filters are a GET form.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from cln_portal.permissions import is_member, staff_required
from members.selectors import council_get

from . import opening
from .forms import PlaceFilterForm, PlaceForm, PlaceImportForm
from .models import Place
from .pdf import fiche_pdf_bytes
from .selectors import neighbourhoods, places_csv, places_list
from .services import MAX_IMPORT_BYTES, place_save, places_import, read_rows


def months_since(day) -> int:
    """Whole months between ``day`` and today (« mis à jour il y a n mois »)."""
    today = timezone.localdate()
    months = (today.year - day.year) * 12 + today.month - day.month
    return max(months - (1 if today.day < day.day else 0), 0)


@require_safe
def place_list(request: HttpRequest) -> HttpResponse:
    """Public: the places, filtered by the GET form."""
    form = PlaceFilterForm(request.GET or None, neighbourhoods=neighbourhoods())
    filters = form.cleaned_data if form.is_valid() else {}
    places = places_list(filters=filters, open_now=bool(filters.get("ouvert")))
    return render(
        request,
        "places/list.html",
        {
            "form": form,
            "places": places,
            "filtered": bool(filters and any(filters.values())),
            "now": timezone.now(),
        },
    )


@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: one place, how to reach it, its hours and links."""
    place = get_object_or_404(Place.objects.prefetch_related("editions__series", "workstreams"), pk=pk)
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "open_now": opening.is_open(place.horaires),
            "hours_readable": opening.parse(place.horaires) is not None,
            "open_status": opening.status_display(place.horaires),
            "coming_days": opening.coming_days(place.horaires, timezone.localdate()),
            "months": months_since(place.date_maj),
            # The axes' pages are for members: others read the axis' name without a link.
            "axes_linked": is_member(request.user),
        },
    )


@require_safe
def place_fiche(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: the printable « fiche orientation » (PDF) of a place."""
    place = get_object_or_404(Place, pk=pk)
    response = HttpResponse(fiche_pdf_bytes(place=place), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fiche-orientation-{place.pk}.pdf"'
    return response


@require_safe
def open_data_csv(request: HttpRequest) -> HttpResponse:
    """Public open data: every place as a CSV in the standard, served only once frictionless finds it valid."""
    content, problems = places_csv()
    if problems:
        lines = [gettext("Le fichier n’est pas publié : il ne respecte pas le standard.")]
        lines += [str(problem) for problem in problems[:50]]
        return HttpResponse("\n".join(lines), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lieux-de-mediation-numerique.csv"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest) -> HttpResponse:
    """Staff: import a file of the national cartography for the city; shows the report."""
    council = council_get()
    form = PlaceImportForm(
        request.POST or None, request.FILES or None, initial={"commune": getattr(council, "city", "")}
    )
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", gettext("Ce fichier est trop volumineux."))
        else:
            try:
                rows = read_rows(content=upload.read(), filename=upload.name)
                report = places_import(
                    rows=rows,
                    commune=form.cleaned_data["commune"],
                    insee=form.cleaned_data["insee"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error("file", error)
    return render(request, "places/staff_import.html", {"form": form, "report": report})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: correct a place locally (exported back in the standard)."""
    place = get_object_or_404(Place, pk=pk)
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("editions", "workstreams")}
        try:
            place_save(
                place=place,
                values=values,
                editions=form.cleaned_data["editions"],
                workstreams=form.cleaned_data["workstreams"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("La correction est enregistrée."))
            return redirect(place)
    return render(request, "places/staff_place_form.html", {"form": form, "place": place})
