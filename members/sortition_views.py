"""Pages of draws by lot (issue 14). Who may see each:

- public: the list of published draws, a draw's page, its list file, its report PDF and the
  verification script (a draw in preparation is a 404 to the public);
- staff (``staff_required``): everything under /espace/equipe/tirages/.
"""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cln_portal.permissions import staff_required

from . import selectors, sortition, sortition_services
from .forms import DrawCancelForm, DrawForm, DrawMandateForm, DrawSeedForm
from .models import DrawStatus, Member, SortitionDraw

VERIFIER_STATIC_PATH = "members/verifier_tirage.py"


def _form_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _context(draw: SortitionDraw) -> dict:
    return {
        "draw": draw,
        "strata": selectors.sortition_strata_rows(draw),
        "result_rows": selectors.sortition_result_rows(draw),
        "seats_args": sortition_services.seats_text(draw.seats),
        "mandates": Member.objects.filter(sortition_draw=draw).order_by("sortition_number"),
    }


def _public_draw(pk: int) -> SortitionDraw:
    return get_object_or_404(selectors.sortition_draws_public(), pk=pk)


# -- Public


@require_safe
def draw_list(request: HttpRequest) -> HttpResponse:
    """Public: every draw whose list is published."""
    return render(request, "members/sortition/list.html", {"draws": selectors.sortition_draws_public()})


@require_safe
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a draw's record (hash, source and value of the seed, result, reserve, witnesses)."""
    return render(request, "members/sortition/detail.html", _context(_public_draw(pk)))


@require_safe
def draw_pool_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: the published list, byte for byte the text whose SHA-256 is published."""
    draw = _public_draw(pk)
    response = HttpResponse(draw.pool_text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="liste-tirage-{draw.pk}.txt"'
    return response


@require_safe
def draw_report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """Public: the stored report PDF of a drawn draw (404 until rendered)."""
    draw = _public_draw(pk)
    if not draw.report_pdf:
        raise Http404
    from .sortition_pdf import report_filename

    return FileResponse(
        draw.report_pdf.open("rb"),
        as_attachment=True,
        filename=report_filename(draw),
        content_type="application/pdf",
    )


@require_safe
def verifier_script(request: HttpRequest) -> FileResponse:
    """Public: the standalone verification script (Python 3, standard library only)."""
    path = finders.find(VERIFIER_STATIC_PATH)
    if path is None:  # pragma: no cover - shipped with the app
        raise Http404
    with open(path, "rb") as handle:
        data = handle.read()
    return FileResponse(
        ContentFile(data), as_attachment=True, filename="verifier_tirage.py", content_type="text/x-python"
    )


# -- Staff


def _staff_draw(pk: int) -> SortitionDraw:
    return get_object_or_404(SortitionDraw, pk=pk)


@staff_required
def staff_draws(request: HttpRequest) -> HttpResponse:
    """Staff: every draw, in preparation included."""
    return render(request, "members/sortition/staff_list.html", {"draws": SortitionDraw.objects.all()})


def _seats_from_form(form: DrawForm) -> dict[str, int] | None:
    """Seats typed, or computed by largest remainder; None (with a form error) when wrong."""
    data = form.cleaned_data
    try:
        if data.get("seats"):
            return sortition_services.seats_parse(data["seats"])
        if data.get("proportional_total"):
            counts = sortition.strata_counts(sortition.parse_pool(data["pool_text"]))
            return sortition.seats_largest_remainder(
                counts, data["proportional_total"], minimum=data.get("proportional_minimum") or 0
            )
    except ValidationError as error:
        form.add_error("seats", error)
        return None
    except sortition.PoolError as error:
        form.add_error("proportional_total", str(error))
        return None
    return {}


def _draw_form_page(request: HttpRequest, *, draw: SortitionDraw | None) -> HttpResponse:
    """The form of a new draw (``draw`` None) or of a draw in preparation, and its save."""
    initial = (
        {
            "title": draw.title,
            "pool_text": draw.pool_text,
            "seats": sortition_services.seats_text(draw.seats),
            "randomness_source": draw.randomness_source,
            "seed_available_at": draw.seed_available_at,
        }
        if draw
        else None
    )
    form = DrawForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        seats = _seats_from_form(form)
        if seats is not None:
            data = form.cleaned_data
            fields = {
                "title": data["title"],
                "pool_text": data["pool_text"],
                "seats": seats,
                "randomness_source": data["randomness_source"],
                "seed_available_at": data["seed_available_at"],
            }
            try:
                if draw is None:
                    draw = sortition_services.draw_create(actor=request.user, **fields)
                    message = _("Tirage enregistré, en préparation.")
                else:
                    sortition_services.draw_update(actor=request.user, draw=draw, **fields)
                    message = _("Tirage modifié.")
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, message)
                return redirect("members:staff_draw", draw.pk)
    if draw is None:
        context = {"form": form, "title": _("Nouveau tirage au sort"), "submit": _("Enregistrer")}
    else:
        context = {
            "form": form,
            "draw": draw,
            "title": _("Modifier le tirage « %(title)s »") % {"title": draw.title},
        }
    return render(request, "members/sortition/staff_form.html", context)


@staff_required
def staff_draw_create(request: HttpRequest) -> HttpResponse:
    """Staff: a new draw (pool pasted or uploaded, seats, source of randomness)."""
    return _draw_form_page(request, draw=None)


@staff_required
def staff_draw_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: change a draw in preparation (refused once published)."""
    return _draw_form_page(request, draw=_staff_draw(pk))


@staff_required
def staff_draw(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: a draw's record and the next step (publish, type the seed, link mandates, cancel)."""
    draw = _staff_draw(pk)
    context = _context(draw)
    context.update(
        seed_form=DrawSeedForm() if draw.status == DrawStatus.PUBLISHED else None,
        mandate_form=DrawMandateForm() if draw.status == DrawStatus.DRAWN else None,
        cancel_form=DrawCancelForm() if draw.status != DrawStatus.CANCELLED else None,
    )
    return render(request, "members/sortition/staff_detail.html", context)


@require_POST
@staff_required
def staff_draw_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: publish and freeze the list (POST from the draw's page)."""
    draw = _staff_draw(pk)
    try:
        sortition_services.draw_publish(actor=request.user, draw=draw)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Liste publiée : elle ne peut plus changer."))
    return redirect("members:staff_draw", draw.pk)


@staff_required
def staff_draw_perform(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: type the public value twice and draw."""
    draw = _staff_draw(pk)
    form = DrawSeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sortition_services.draw_perform(actor=request.user, draw=draw, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Tirage effectué. Le procès-verbal PDF est en préparation."))
            return redirect("members:staff_draw", draw.pk)
    context = _context(draw)
    context.update(seed_form=form, mandate_form=None, cancel_form=None)
    return render(request, "members/sortition/staff_detail.html", context, status=200)


@staff_required
def staff_draw_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: cancel a draw with a reason (a confirmation page; the draw stays on record)."""
    draw = _staff_draw(pk)
    form = DrawCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sortition_services.draw_cancel(actor=request.user, draw=draw, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Tirage annulé."))
            return redirect("members:staff_draw", draw.pk)
    return render(
        request,
        "members/sortition/staff_form.html",
        {
            "form": form,
            "draw": draw,
            "title": _("Annuler le tirage « %(title)s »") % {"title": draw.title},
            "warning": _(
                "L’annulation est définitive et publique ; le tirage reste consultable avec son motif."
            ),
            "submit": _("Annuler le tirage"),
        },
    )


@require_POST
@staff_required
def staff_draw_mandate(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: record that a person's mandate comes from this draw (POST from the draw's page)."""
    draw = _staff_draw(pk)
    form = DrawMandateForm(request.POST)
    if form.is_valid():
        try:
            sortition_services.draw_mandate_link(actor=request.user, draw=draw, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Mandat lié au tirage."))
    else:
        messages.error(request, _("Choisissez une personne et un numéro."))
    return redirect("members:staff_draw", draw.pk)
