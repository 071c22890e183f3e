"""Pages of the answers drafted by the city's services (issue 14, section 2).

Who may see what:
- anyone holding a service's e-mailed link (``service_answers``, the token is the key):
  that service's open questions and their drafts, nothing else; a cut or tampered link is
  a French explanation (400), a closed, expired or deleted one another (410), each with
  whom to contact;
- staff (``staff_required``): the directory of services, the requests and their drafts,
  the page that publishes a service's answer.
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from cln_portal.permissions import staff_required
from cln_portal.secret_links import secret_link_page
from members.selectors import council_get

from . import answer_services
from .forms import AnswerDraftForm, AnsweringServiceForm, AnswerPublishForm
from .models import AnsweringService, AnswerRequest


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form's fields (or the form): nothing typed is lost."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The service's page (e-mailed link) ------------------------------------------------------


def _draft_forms(
    requests, *, bound: AnswerDraftForm | None = None
) -> list[tuple[AnswerRequest, AnswerDraftForm]]:
    """One form per request, each with its own field ids; ``bound`` replaces the one posted."""
    pairs = []
    for answer_request in requests:
        if bound is not None and bound.data.get("request") == str(answer_request.pk):
            form = bound
        else:
            form = AnswerDraftForm(
                initial={"request": answer_request.pk, "draft": answer_request.draft},
                auto_id=f"id_r{answer_request.pk}_%s",
            )
        pairs.append((answer_request, form))
    return pairs


@secret_link_page
@require_http_methods(["GET", "HEAD", "POST"])
def service_answers(request: HttpRequest, token: str) -> HttpResponse:
    """The page of a service's e-mailed link: its open questions, a draft answer for each."""
    council = council_get()
    contact = answer_services.contact_sentence(council)
    try:
        link = answer_services.answer_request_from_token(token)
    except (signing.BadSignature, AnswerRequest.DoesNotExist) as error:
        if isinstance(error, signing.BadSignature):
            # Cut by a mail client, or typed by hand: as the support link does (pdin).
            message, status = (
                gettext(
                    "Ce lien n’est pas valide : il a peut-être été coupé. "
                    "Copiez-le en entier depuis l’e-mail reçu."
                ),
                400,
            )
        else:
            message, status = gettext("Ce lien n’est plus valable : la demande n’existe plus."), 410
        if request.method == "POST":
            messages.error(request, gettext("Votre texte n’a pas été enregistré."))
        return render(
            request,
            "workstreams/service_answers_closed.html",
            {"service": None, "message": f"{message} {contact}"},
            status=status,
        )
    staff_service = answer_services.staff_service_name(council)
    try:
        answer_services.answer_link_check(link, contact=contact)
    except answer_services.AnswerLinkClosed as closed:
        status = 410
        if request.method == "POST":
            messages.error(request, gettext("Votre texte n’a pas été enregistré."))
        return render(
            request,
            "workstreams/service_answers_closed.html",
            {"service": link.service, "message": closed.message},
            status=status,
        )
    bound = None
    error = ""
    status = 200
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        request_id = request.POST.get("request", "")
        bound = AnswerDraftForm(
            request.POST, auto_id=f"id_r{request_id}_%s" if request_id.isdigit() else "id_%s"
        )
        if bound.is_valid():
            try:
                saved = answer_services.answer_draft_save(
                    link=link,
                    request_id=bound.cleaned_data["request"],
                    text=bound.cleaned_data["draft"],
                    submit=submit,
                )
            except answer_services.AnswerLinkClosed as closed:
                error, status = closed.message, 410
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    _apply_errors(bound, exc)
                    status = 400
                else:
                    error = " ".join(exc.messages)
                    status = 403 if exc.code == "other_service" else 400
            else:
                messages.success(
                    request,
                    gettext("Votre réponse est envoyée. %(service)s la relit avant de la publier. Merci.")
                    % {"service": staff_service}
                    if submit
                    else gettext("Votre brouillon est enregistré : vous pouvez y revenir avec le même lien."),
                )
                return HttpResponseRedirect(f"{request.path}#demande-{saved.pk}")
        else:
            error, status = gettext("Le formulaire envoyé est incomplet : rechargez la page."), 400
    requests = list(answer_services.service_open_requests(service=link.service))
    context = {
        "service": link.service,
        "forms": _draft_forms(requests, bound=bound),
        "error": error,
        "contact": contact,
        "staff_service": staff_service,
    }
    return render(request, "workstreams/service_answers.html", context, status=status)


# --- Staff: the directory of services --------------------------------------------------------


@require_safe
@staff_required
def answering_services(request: HttpRequest) -> HttpResponse:
    """The directory of the services that answer, with their open requests (staff). One query."""
    services = AnsweringService.objects.annotate(
        open_count=Count("answer_requests", filter=Q(answer_requests__closed_at__isnull=True))
    ).order_by("-is_active", "name")
    return render(request, "workstreams/answering_services.html", {"services": services})


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def answering_service_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add or edit a service of the directory (staff)."""
    service = get_object_or_404(AnsweringService, pk=pk) if pk else AnsweringService()
    form = AnsweringServiceForm(request.POST or None, instance=service)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                answer_services.answering_service_save(service=form.instance, actor=request.user)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, gettext("Le service « %(name)s » est enregistré.") % {"name": service.name}
                )
                return redirect("workstreams:answering_services")
        status = 400
    return render(
        request, "workstreams/answering_service_form.html", {"form": form, "service": service}, status=status
    )


# --- Staff: requests and drafts --------------------------------------------------------------


@require_safe
@staff_required
def answer_requests(request: HttpRequest) -> HttpResponse:
    """The open requests to services, drafts sent first, then by due date (staff). One query."""
    requests = (
        AnswerRequest.objects.filter(closed_at__isnull=True)
        .select_related("service", "question__workstream")
        .order_by("due_on", "pk")
    )
    now = timezone.now()
    rows = list(requests)
    rows.sort(key=lambda r: (r.submitted_at is None, r.due_on, r.pk))
    for row in rows:
        row.expired = row.is_expired(now)
    return render(request, "workstreams/answer_requests.html", {"requests": rows})


def _published_message(question) -> str:
    """What publishing did, as staff read it: how many people were e-mailed, or why nobody."""
    told = question.people_told
    if told:
        return ngettext(
            "La réponse est publiée ; %(count)s personne en est prévenue par e-mail.",
            "La réponse est publiée ; %(count)s personnes en sont prévenues par e-mail.",
            told,
        ) % {"count": told}
    if question.raised_by_id or question.followers.exists():
        return gettext(
            "La réponse est publiée ; aucun e-mail n’est parti : les personnes qui suivent "
            "la question n’ont pas d’adresse, ne veulent pas de ces e-mails ou sont déjà prévenues."
        )
    return gettext("La réponse est publiée ; personne ne suit cette question : aucun e-mail n’est envoyé.")


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def answer_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a service's draft, edit it and publish it as the question's answer (staff)."""
    answer_request = get_object_or_404(
        AnswerRequest.objects.select_related("service", "question__workstream", "question__theme"), pk=pk
    )
    status = 200
    new_draft = None
    if request.method == "POST":
        form = AnswerPublishForm(request.POST)
        if form.is_valid():
            try:
                question = answer_services.answer_request_publish(
                    answer_request=answer_request,
                    answer=form.cleaned_data["answer"],
                    answered_on=form.cleaned_data["answered_on"],
                    actor=request.user,
                    loaded_version=form.cleaned_data["draft_version"],
                )
            except answer_services.DraftChanged as changed:
                form.add_error(None, changed)
                for name in ("draft", "draft_saved_at", "submitted_at"):
                    setattr(answer_request, name, getattr(changed.answer_request, name))
                new_draft = answer_request.draft
                # Staff's text is kept; the next click publishes it knowingly over the new draft.
                form.data = form.data.copy()
                form.data["draft_version"] = answer_services.draft_version(answer_request)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _published_message(question))
                return redirect(question.workstream.get_absolute_url() + f"#question-{question.pk}")
        status = 400
    else:
        form = AnswerPublishForm(
            initial={
                "answer": answer_request.draft,
                "answered_on": timezone.localdate(),
                "draft_version": answer_services.draft_version(answer_request),
            }
        )
    context = {
        "answer_request": answer_request,
        "question": answer_request.question,
        "form": form,
        "new_draft": new_draft,
        "expired": answer_request.is_expired(),
    }
    return render(request, "workstreams/answer_review.html", context, status=status)
