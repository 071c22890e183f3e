"""Pages of the budget app: the public « budget numérique » page and staff's import, tags, groups."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from cln_portal.permissions import staff_required

from . import selectors, services
from .forms import BudgetUploadForm, GroupForm, LineTagForm


@require_safe
def public_page(request: HttpRequest) -> HttpResponse:
    """Public: « Le budget numérique de la ville », figures of the current budget."""
    budget = selectors.budget_current()
    overview = selectors.budget_overview(budget) if budget else None
    return render(request, "budget/public.html", {"budget": budget, "overview": overview})


@staff_required
def staff_import(request: HttpRequest) -> HttpResponse:
    """Staff: upload the city's SCDL « budget » file; the rows skipped are listed with their line."""
    form = BudgetUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.budget_import(file=upload, file_name=upload.name, actor=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request,
                ngettext("%(count)s ligne importée.", "%(count)s lignes importées.", result.imported)
                % {"count": result.imported},
            )
            if not result.errors:
                return redirect("budget:staff_lines")
    return render(
        request,
        "budget/staff_import.html",
        {"form": form, "result": result, "budget": selectors.budget_current()},
    )


@staff_required
def staff_lines(request: HttpRequest) -> HttpResponse:
    """Staff: tick the digital expense lines, their category and service, and save once."""
    budget = selectors.budget_current()
    if budget is None:
        return redirect("budget:staff_import")
    lines = list(selectors.budget_staff_lines(budget))
    data = request.POST if request.method == "POST" else None
    rows = [
        (
            line,
            LineTagForm(
                data,
                prefix=str(line.pk),
                initial={"is_digital": line.is_digital, "category": line.category, "service": line.service},
            ),
        )
        for line in lines
    ]
    if data is not None and all(form.is_valid() for _line, form in rows):
        try:
            count = services.budget_lines_tag(
                budget=budget, tags={line.pk: form.cleaned_data for line, form in rows}, actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext("%(count)s ligne modifiée.", "%(count)s lignes modifiées.", count) % {"count": count}
                if count
                else _("Aucune modification."),
            )
            return redirect("budget:staff_lines")
    return render(request, "budget/staff_lines.html", {"budget": budget, "rows": rows})


@staff_required
def staff_groups(request: HttpRequest) -> HttpResponse:
    """Staff: each category's explanation and the axis questions it answers, saved at once."""
    questions = selectors.budget_axis_questions()
    data = request.POST if request.method == "POST" else None
    rows = [
        (
            group,
            GroupForm(
                data,
                prefix=group.category,
                questions=questions,
                initial={"explanation": group.explanation, "questions": list(group.questions.all())},
            ),
        )
        for group in services.digital_groups()
    ]
    if data is not None and all(form.is_valid() for _group, form in rows):
        changed = sum(
            services.digital_group_save(
                group=group,
                explanation=form.cleaned_data["explanation"],
                questions=form.cleaned_data["questions"],
                actor=request.user,
            )
            for group, form in rows
        )
        messages.success(request, _("Explications enregistrées.") if changed else _("Aucune modification."))
        return redirect("budget:staff_groups")
    return render(request, "budget/staff_groups.html", {"rows": rows})
