"""Pages of the work axes, the positioning form, questions, actions and search.

Who may see what (see ``cln_portal.permissions``):
- the public: nothing here (sent to the login page);
- members in mandate (``member_required``): every axis but archived ones, search, their
  positioning form; they ask questions, make proposals and follow questions; a former
  member or an account without a member record gets 403 (joining and leaving only need
  a login and answer with a message);
- staff: everything, including archived axes, the staff pages (axes, questions to
  chase, actions, campaigns and their results).
What a user may not see is a 404.
"""

import csv
import io
from functools import lru_cache
from types import SimpleNamespace

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from cln_portal.dates import format_day_fr
from cln_portal.files import stored_file_response
from cln_portal.permissions import is_member, is_staff, member_required, staff_required

from . import selectors, services
from .forms import (
    ActionForm,
    CampaignForm,
    CampaignReopenForm,
    PositioningForm,
    ProposalForm,
    QuestionAnswerForm,
    QuestionAskForm,
    QuestionAssignForm,
    WorkstreamForm,
)
from .models import (
    Action,
    PositioningCampaign,
    PositioningLevel,
    PositioningResponse,
    Proposal,
    Question,
    Workstream,
    WorkstreamStatus,
    availability_slots,
)
from .pdf import opinion_pdf_filename


def _member_of(request: HttpRequest):
    # The reverse one-to-one raises an AttributeError subclass when there is no member record.
    return getattr(request.user, "member", None)


def _back(request: HttpRequest, default: str | None = None) -> HttpResponseRedirect:
    """Back to the page the form was on (``next``, same site only), else ``default`` or the dashboard."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default) if default else redirect("home:dashboard")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form's fields (or the form) so nothing typed is lost."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _visible_workstream(request: HttpRequest, slug: str) -> Workstream:
    return get_object_or_404(selectors.workstreams_visible_to(user=request.user), slug=slug)


# --- Axis page and what members do there ------------------------------------------------


@lru_cache(maxsize=256)
def _blank_form_html(kind: str, themes: tuple[tuple[int, str], ...], language: str) -> str:
    """The axis page's empty question form (``kind`` "ask", with the axis's ``themes`` as
    ``(pk, title)``) or proposal form ("proposal") as ``|crispy`` renders it.

    crispy-forms was about a tenth of the axis page's CPU, for the same HTML on every visit
    (issue 17). These arguments are all that HTML depends on, so each process renders each
    variant once, as the programme's filter form and the registration form
    (``pdin/views.py``). No token inside: the page's ``<form>`` holds it.
    """
    with translation.override(language):
        if kind == "ask":
            form = QuestionAskForm(themes=[SimpleNamespace(pk=pk, title=title) for pk, title in themes])
        else:
            form = ProposalForm()
        return as_crispy_form(form)


def _render_detail(request, workstream, *, ask_form=None, proposal_form=None, status=200) -> HttpResponse:
    member = _member_of(request)
    participants = workstream.participants
    themes = list(workstream.themes.all())
    can_contribute = (
        member is not None
        and is_member(request.user)
        and workstream.status not in (WorkstreamStatus.CLOSED, WorkstreamStatus.ARCHIVED)
    )
    context = {
        "workstream": workstream,
        "member": member,
        "themes": themes,
        # One string per person, built by the selector: a loop of attribute lookups in the
        # template cost ~20 times more, and an axis may have hundreds of participants.
        "participant_lines": [p.line for p in participants],
        "is_joined": member is not None and any(p.member_id == member.pk for p in participants),
        "can_contribute": can_contribute,
        "can_follow": member is not None and is_member(request.user),
        "is_staff": is_staff(request.user),
        "ask_form": ask_form or (QuestionAskForm(themes=themes) if can_contribute else None),
        "proposal_form": proposal_form or (ProposalForm() if can_contribute else None),
    }
    # A blank form from the process's copy; a sent one, with its values and errors, in full.
    language = translation.get_language()
    if can_contribute and ask_form is None:
        context["ask_form_html"] = _blank_form_html(
            "ask", tuple((t.pk, str(t.title)) for t in themes), language
        )
    if can_contribute and proposal_form is None:
        context["proposal_form_html"] = _blank_form_html("proposal", (), language)
    return render(request, "workstreams/detail.html", context, status=status)


@require_safe
@member_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An axis: objective, referral, questions by theme with their status and answers,
    proposals and actions, contacts, next steps, pilots and participants."""
    workstream = selectors.workstream_get_detail(slug=slug, user=request.user)
    return _render_detail(request, workstream)


@require_POST
@member_required
def ask_question(request: HttpRequest, slug: str) -> HttpResponse:
    """A member asks a question between sittings (members in mandate)."""
    workstream = selectors.workstream_get_detail(slug=slug, user=request.user)
    form = QuestionAskForm(request.POST, themes=workstream.themes.all())
    if form.is_valid():
        try:
            question = services.question_ask(
                workstream=workstream,
                member=_member_of(request),
                text=form.cleaned_data["text"],
                theme=form.cleaned_data["theme"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, gettext("Votre question est enregistrée. Vous serez prévenu·e de sa réponse.")
            )
            return redirect(workstream.get_absolute_url() + f"#question-{question.pk}")
    return _render_detail(request, workstream, ask_form=form)


@require_POST
@member_required
def make_proposal(request: HttpRequest, slug: str) -> HttpResponse:
    """A member makes a proposal in an axis (members in mandate)."""
    workstream = selectors.workstream_get_detail(slug=slug, user=request.user)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_make(
                workstream=workstream, member=_member_of(request), text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, gettext("Votre proposition est enregistrée."))
            return redirect(workstream.get_absolute_url() + "#propositions")
    return _render_detail(request, workstream, proposal_form=form)


@require_POST
@member_required
def follow_question(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow (``follow=1``) or stop following a question (members in mandate)."""
    question = get_object_or_404(
        Question.objects.visible_to(request.user).filter(
            workstream__in=selectors.workstreams_visible_to(user=request.user)
        ),
        pk=pk,
    )
    follow = request.POST.get("follow") == "1"
    try:
        services.question_follow(question=question, member=_member_of(request), follow=follow)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            gettext("Vous suivez cette question : vous serez prévenu·e de sa réponse.")
            if follow
            else gettext("Vous ne suivez plus cette question."),
        )
    return _back(request, question.workstream.get_absolute_url() + f"#question-{question.pk}")


@require_POST
@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Join an axis (POST only), then go back with a message."""
    workstream = _visible_workstream(request, slug)
    try:
        services.participation_join(workstream=workstream, member=_member_of(request))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, gettext("Vous participez à l’axe « %(title)s ».") % {"title": workstream.title}
        )
    return _back(request)


@require_POST
@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Leave an axis (POST only), then go back with a message."""
    workstream = _visible_workstream(request, slug)
    try:
        services.participation_leave(workstream=workstream, member=_member_of(request))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            gettext("Vous ne participez plus à l’axe « %(title)s ».") % {"title": workstream.title},
        )
    return _back(request)


@require_safe
@member_required
def opinion_pdf(request: HttpRequest, slug: str) -> FileResponse:
    """Download the stored PDF of an axis' adopted opinion (readers of the axis)."""
    workstream = _visible_workstream(request, slug)
    if not workstream.opinion_pdf or not workstream.has_opinion:
        raise Http404
    # Members only: private caches. No Last-Modified: the row does not say when the PDF was
    # rendered; its SHA-256 (ETag) is the validator.
    return stored_file_response(
        request,
        workstream.opinion_pdf,
        filename=opinion_pdf_filename(workstream),
        content_type="application/pdf",
        sha256=workstream.opinion_pdf_sha256,
        as_attachment=False,
    )


# --- Positioning form (members) ----------------------------------------------------------


@member_required
def positioning_form(request: HttpRequest, pk: int) -> HttpResponse:
    """A member answers the positioning form, or reads their answer after the deadline."""
    campaign = get_object_or_404(PositioningCampaign, pk=pk)
    member = _member_of(request)
    axes = list(campaign.workstreams.order_by("order", "pk"))
    response = None
    if member is not None:
        response = (
            PositioningResponse.objects.filter(campaign=campaign, member=member)
            .prefetch_related("choices")
            .first()
        )
    closed_message = services.positioning_closed_message(campaign)
    read_only = bool(closed_message)
    form = PositioningForm(
        request.POST if request.method == "POST" and not read_only else None,
        campaign=campaign,
        axes=axes,
        response=response,
        read_only=read_only,
    )
    if request.method == "POST":
        if read_only:
            messages.error(request, closed_message)
            return redirect("workstreams:positioning_form", pk=campaign.pk)
        if form.is_valid():
            try:
                services.positioning_answer(
                    campaign=campaign,
                    member=member,
                    levels=form.levels(),
                    availability=form.availability(),
                    availability_note=form.cleaned_data["availability_note"],
                    suggestions=form.cleaned_data["suggestions"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    gettext(
                        "Merci ! Votre réponse est enregistrée. Vous pouvez la modifier jusqu’au %(date)s inclus."
                    )
                    % {"date": format_day_fr(campaign.deadline, weekday=False)},
                )
                return redirect("workstreams:positioning_form", pk=campaign.pk)
    context = {
        "campaign": campaign,
        "form": form,
        "response": response,
        "read_only": read_only,
        "closed_message": closed_message,
    }
    return render(request, "workstreams/positioning_form.html", context, status=400 if form.errors else 200)


# --- Staff: axes --------------------------------------------------------------------------


@require_safe
@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    """Every axis, archived ones included, with its questions by status (staff)."""
    workstreams = Workstream.objects.annotate(
        question_count=Count("questions", distinct=True),
        participant_count=Count("participations", distinct=True),
    ).order_by("order", "pk")
    campaigns = PositioningCampaign.objects.order_by("-deadline", "-pk")[:5]
    return render(
        request,
        "workstreams/staff_list.html",
        {
            "workstreams": workstreams,
            "campaigns": campaigns,
            "status_counts": selectors.question_status_counts(),
        },
    )


@staff_required
def workstream_create(request: HttpRequest) -> HttpResponse:
    """Create an axis (staff)."""
    form = WorkstreamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workstream = services.workstream_save(workstream=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, gettext("L’axe « %(title)s » est créé.") % {"title": workstream.title})
            return redirect(workstream.get_absolute_url())
    return render(request, "workstreams/workstream_form.html", {"form": form, "workstream": None})


@staff_required
def workstream_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit an axis, its status and its referral fields (staff)."""
    workstream = get_object_or_404(Workstream, slug=slug)
    form = WorkstreamForm(request.POST or None, instance=workstream)
    if request.method == "POST" and form.is_valid():
        try:
            workstream = services.workstream_save(workstream=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, gettext("L’axe est enregistré."))
            return redirect(workstream.get_absolute_url())
    return render(request, "workstreams/workstream_form.html", {"form": form, "workstream": workstream})


@require_POST
@staff_required
def workstream_archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Archive an axis (staff, POST)."""
    workstream = get_object_or_404(Workstream, slug=slug)
    services.workstream_archive(workstream=workstream, actor=request.user)
    messages.success(request, gettext("L’axe « %(title)s » est archivé.") % {"title": workstream.title})
    return redirect("workstreams:staff_list")


@staff_required
def workstream_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete an axis after confirmation; refused when it has questions (staff)."""
    workstream = get_object_or_404(Workstream, slug=slug)
    if request.method == "POST":
        try:
            services.workstream_delete(workstream=workstream, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("workstreams:staff_list")
        messages.success(request, gettext("L’axe « %(title)s » est supprimé.") % {"title": workstream.title})
        return redirect("workstreams:staff_list")
    has_questions = workstream.questions.exists()
    return render(
        request,
        "workstreams/workstream_delete.html",
        {"workstream": workstream, "has_questions": has_questions},
    )


@require_POST
@staff_required
def opinion_render(request: HttpRequest, slug: str) -> HttpResponse:
    """Render (again) the PDF of an adopted opinion, in a task (staff, POST)."""
    workstream = get_object_or_404(Workstream, slug=slug)
    try:
        services.opinion_pdf_request(workstream=workstream, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Le PDF de l’avis est en cours de préparation."))
    return redirect(workstream.get_absolute_url() + "#saisine")


# --- Staff: questions ---------------------------------------------------------------------


@require_safe
@staff_required
def open_questions(request: HttpRequest) -> HttpResponse:
    """Every question waiting for an answer, oldest first, to chase (staff)."""
    questions = selectors.open_questions()
    return render(request, "workstreams/open_questions.html", {"questions": questions})


def _open_request_due(question: Question) -> dict:
    request = question.open_answer_request
    return {"due_on": request.due_on} if request else {}


def _render_question(request, question, *, assign_form=None, answer_form=None, status=200):
    # The open request of a service (its draft, if sent, prefills the answer): one query.
    answer_request = question.answer_requests.filter(closed_at__isnull=True).select_related("service").first()
    question.open_answer_request = answer_request
    context = {
        "question": question,
        "assign_form": assign_form
        or QuestionAssignForm(
            initial={"service": question.answering_service_id, **_open_request_due(question)}
        ),
        "answer_request": answer_request,
        "answer_form": answer_form
        or QuestionAnswerForm(
            initial={
                "answer": question.answer or (answer_request.draft if answer_request else ""),
                "answered_by_service": question.answered_by_service or question.assigned_service,
                "answered_by": question.answered_by_id,
                "answered_on": question.answered_on or timezone.localdate(),
                "answered_at_meeting": question.answered_at_meeting_id,
            }
        ),
    }
    return render(request, "workstreams/question_manage.html", context, status=status)


def _question(pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("workstream", "theme", "raised_by", "raised_at"), pk=pk
    )


@require_safe
@staff_required
def question_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """A question's page for staff: give it to a service, record its answer, withdraw it."""
    return _render_question(request, _question(pk))


@require_POST
@staff_required
def question_assign(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(pk)
    form = QuestionAssignForm(request.POST)
    if form.is_valid():
        try:
            services.question_assign(
                question=question,
                service=form.cleaned_data["service"],
                due_on=form.cleaned_data["due_on"],
                actor=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, gettext("La question est confiée au service, qui en est prévenu par e-mail.")
            )
            return redirect("workstreams:open_questions")
    return _render_question(request, question, assign_form=form, status=400)


@require_POST
@staff_required
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(pk)
    form = QuestionAnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.question_answer(
                question=question,
                answer=data["answer"],
                answered_by=data["answered_by"],
                answered_by_service=data["answered_by_service"],
                answered_on=data["answered_on"],
                answered_at_meeting=data["answered_at_meeting"],
                actor=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                gettext("La réponse est enregistrée ; les personnes qui suivent la question sont prévenues."),
            )
            return redirect(question.workstream.get_absolute_url() + f"#question-{question.pk}")
    return _render_question(request, question, answer_form=form, status=400)


@require_POST
@staff_required
def question_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(pk)
    try:
        services.question_withdraw(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, gettext("La question est retirée."))
    return redirect(question.workstream.get_absolute_url() + f"#question-{question.pk}")


# --- Staff: actions -----------------------------------------------------------------------


@staff_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a proposal into an action (staff)."""
    proposal = get_object_or_404(Proposal.objects.select_related("workstream", "member"), pk=pk)
    form = ActionForm(
        request.POST or None, initial={"title": proposal.text[:300], "owner": proposal.member_id}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.proposal_to_action(
                proposal=proposal,
                title=data["title"],
                owner=data["owner"],
                due_on=data["due_on"],
                meeting=data["meeting"],
                actor=request.user,
            )
            if data["status"] != action.status:
                services.action_update(action=action, actor=request.user, status=data["status"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, gettext("La proposition est devenue une action."))
            return redirect(proposal.workstream.get_absolute_url() + "#propositions")
    return render(
        request, "workstreams/action_form.html", {"form": form, "proposal": proposal, "action": None}
    )


@staff_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action: owner, due date, status, sitting (staff)."""
    action = get_object_or_404(Action.objects.select_related("workstream", "proposal"), pk=pk)
    form = ActionForm(request.POST or None, instance=Action.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, gettext("L’action est enregistrée."))
            return redirect(action.workstream.get_absolute_url() + "#propositions")
    return render(
        request, "workstreams/action_form.html", {"form": form, "proposal": action.proposal, "action": action}
    )


# --- Staff: positioning campaigns ----------------------------------------------------------


@require_safe
@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = PositioningCampaign.objects.annotate(
        response_count=Count("responses", distinct=True), axis_count=Count("workstreams", distinct=True)
    ).order_by("-deadline", "-pk")
    return render(request, "workstreams/campaign_list.html", {"campaigns": campaigns})


@staff_required
def campaign_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or edit a positioning campaign (staff)."""
    campaign = get_object_or_404(PositioningCampaign, pk=pk) if pk else None
    if campaign is not None and campaign.is_confirmed:
        messages.error(request, gettext("Les résultats de ce formulaire sont confirmés : il ne change plus."))
        return redirect("workstreams:campaign_results", pk=campaign.pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.campaign_save(campaign=form.save(commit=False), actor=request.user)
            form.instance = saved
            form.save_m2m()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, gettext("Le formulaire de positionnement est enregistré."))
            return redirect("workstreams:campaign_results", pk=saved.pk)
    return render(request, "workstreams/campaign_form.html", {"form": form, "campaign": campaign})


@require_safe
@staff_required
def campaign_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The results: matrix, counts, availability overlaps, chart, who has not answered (staff)."""
    campaign = get_object_or_404(PositioningCampaign, pk=pk)
    results = selectors.campaign_results(campaign=campaign)
    context = {
        "campaign": campaign,
        "results": results,
        "reopen_form": CampaignReopenForm(),
        "accepts_answers": campaign.accepts_answers(),
        "can_confirm": not campaign.is_confirmed and timezone.localdate() > campaign.deadline,
        "level_labels": dict(PositioningLevel.choices),
    }
    return render(request, "workstreams/campaign_results.html", context)


# Cells a spreadsheet would read as a formula (CSV injection): prefixed with an apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@require_safe
@staff_required
def campaign_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The results as CSV: UTF-8 with BOM, ";" separated, formula cells neutralised (staff)."""
    campaign = get_object_or_404(PositioningCampaign, pk=pk)
    results = selectors.campaign_results(campaign=campaign)
    labels = dict(PositioningLevel.choices)
    slots = dict(availability_slots())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header = [gettext("Nom"), gettext("Prénom"), gettext("Titre")]
    header += [axis.workstream.title for axis in results.axes]
    header += [
        gettext("Disponibilités"),
        gettext("Précisions"),
        gettext("Suggestions"),
        gettext("Répondu le"),
    ]
    writer.writerow([csv_cell(cell) for cell in header])
    for row in results.rows:
        response = row.response
        cells = [row.member.last_name, row.member.first_name, row.member.title]
        cells += [str(labels[level]) if level else gettext("sans réponse") for level in row.levels]
        if response:
            cells += [
                ", ".join(str(slots.get(code, code)) for code in response.availability),
                response.availability_note,
                response.suggestions,
                formats.date_format(timezone.localtime(response.updated_at), "d/m/Y H:i"),
            ]
        else:
            cells += ["", "", "", ""]
        writer.writerow([csv_cell(cell) for cell in cells])
    content = "\ufeff" + buffer.getvalue()
    response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="positionnement-{campaign.pk}.csv"'
    return response


@require_POST
@staff_required
def campaign_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a campaign until a new deadline (staff, POST)."""
    campaign = get_object_or_404(PositioningCampaign, pk=pk)
    form = CampaignReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(gettext("Indiquez une nouvelle date limite valide."))
        services.campaign_reopen(
            campaign=campaign, deadline=form.cleaned_data["deadline"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            gettext("Le formulaire est rouvert jusqu’au %(date)s inclus.")
            % {"date": format_day_fr(form.cleaned_data["deadline"], weekday=False)},
        )
    return redirect("workstreams:campaign_results", pk=campaign.pk)


@staff_required
def campaign_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the results after a confirmation page: members become participants or pilots (staff)."""
    campaign = get_object_or_404(PositioningCampaign, pk=pk)
    if request.method == "POST":
        try:
            changed = services.campaign_confirm(campaign=campaign, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                gettext(
                    "Les résultats sont confirmés : %(count)s participation(s) créée(s) ou mise(s) à jour."
                )
                % {"count": changed},
            )
        return redirect("workstreams:campaign_results", pk=campaign.pk)
    return render(request, "workstreams/campaign_confirm.html", {"campaign": campaign})
