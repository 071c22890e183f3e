"""Pages of the members app. Each view says who may see it:

- public: the invitation link (``public`` namespace);
- any logged-in account (former members too, for their RGPD rights): "Mes données",
  the export, the erasure request;
- staff (``staff_required``): everything under /espace/equipe/.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cln_portal.permissions import staff_required
from cln_portal.secret_links import secret_link_page

from . import imports, selectors, services
from .forms import (
    ErasureDecisionForm,
    ImportForm,
    InviteForm,
    MandateEndForm,
    MandateStartForm,
    MemberCreateForm,
    MemberForm,
    PreferencesForm,
    SetPasswordForm,
)
from .models import ErasureRequest, ErasureStatus, Invitation, InvitationStatus, Member


def _form_error(form, error: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to the form, on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# -- Any logged-in account: personal data rights (RGPD)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """ "Mes données": choices about one's name and contact details, export, erasure request.

    Any logged-in account, former members included: RGPD rights outlive the mandate.
    """
    member = getattr(request.user, "member", None)
    form = None
    if member is not None:
        form = PreferencesForm(request.POST or None, instance=Member.objects.get(pk=member.pk))
        if request.method == "POST" and form.is_valid():
            try:
                services.member_set_preferences(actor=request.user, member=member, **form.cleaned_data)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Vos choix sont enregistrés."))
                return redirect("members:my_data")
    pending = member.erasure_requests.filter(status=ErasureStatus.PENDING).first() if member else None
    return render(
        request, "members/my_data.html", {"member": member, "form": form, "pending_erasure": pending}
    )


@require_safe
@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    """Everything the portal holds about the logged-in account, as a JSON download."""
    data = selectors.personal_data_export(user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-cln-{stamp}.json"'
    return response


@require_safe
@login_required
def export_html(request: HttpRequest) -> HttpResponse:
    """The same data as a readable page (printable)."""
    return render(request, "members/export.html", {"data": selectors.personal_data_export(user=request.user)})


@login_required
def erasure_request(request: HttpRequest) -> HttpResponse:
    """Ask for erasure: GET explains and asks to confirm, POST records the request for staff."""
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    if request.method == "POST":
        try:
            services.erasure_request(actor=request.user, member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Votre demande est enregistrée. Le service Participation citoyenne la traitera et vous répondra."
                ),
            )
        return redirect("members:my_data")
    return render(request, "members/erasure_request.html", {"member": member})


# -- Public


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switch of every page (public): Django's ``set_language``, remembered.

    Django's view checks the code against ``LANGUAGES``, sets the language cookie and goes
    back to ``next`` (same host only). A logged-in person's choice is also saved on their
    account, so that other devices and their e-mails follow it: their header sends it by
    POST, with the CSRF token.

    Visitors without an account follow a link (GET ``?language=en&next=/…``): it only sets
    the cookie, as the form did, and spares every public page a CSRF token and its cookie
    (issue 17). A GET changes no account, even a logged-in person's.
    """
    if request.method != "POST":
        return _language_cookie_set(request)
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_language_set(user=request.user, language=language)
    return response


def _language_cookie_set(request: HttpRequest) -> HttpResponse:
    """Back to ``next`` (this site only, else the home page) with the language cookie set
    to ``language`` when it is one of ``LANGUAGES``, as ``django.views.i18n.set_language``
    sets it."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@secret_link_page
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link (public): choose a password, then log in.

    Unknown token: 404. Used, superseded or expired: 410 with what to do. Logged-in
    visitors are told to log out first (the link is for someone else's account).
    """
    invitation = services.invitation_find(token)
    if invitation is None:
        raise Http404(_("Ce lien d’invitation n’existe pas."))
    status = invitation.status
    if status != InvitationStatus.PENDING:
        return render(
            request,
            "members/invitation.html",
            {"problem": services.invitation_problem(status), "invitation": invitation},
            status=410,
        )
    if request.user.is_authenticated:
        return render(request, "members/invitation.html", {"invitation": invitation, "logged_in": True})
    form = SetPasswordForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Votre compte est créé. Connectez-vous avec votre adresse e-mail et ce mot de passe."),
            )
            return redirect("account_login")
    return render(request, "members/invitation.html", {"invitation": invitation, "form": form})


# -- Staff


@require_safe
@staff_required
def staff_people(request: HttpRequest) -> HttpResponse:
    """Staff: every person, filtered (in mandate, former, without account) and searchable, 50 a page."""
    which = request.GET.get("filtre", "tous")
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.member_list_for_staff(which=which, search=search), 50).get_page(
        request.GET.get("page")
    )
    pending_erasures = selectors.erasure_pending().count()
    return render(
        request,
        "members/staff/people.html",
        {
            "page": page,
            "which": which,
            "search": search,
            "filters": selectors.STAFF_FILTERS,
            "pending_erasures": pending_erasures,
        },
    )


def _person(pk: int) -> Member:
    try:
        return selectors.member_get_for_staff(pk=pk)
    except Member.DoesNotExist:
        raise Http404 from None


@require_safe
@staff_required
def staff_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: one person, their account, mandates, invitations and audit history."""
    member = _person(pk)
    return render(
        request,
        "members/staff/person.html",
        {
            "member": member,
            "entries": selectors.audit_with_objects(selectors.audit_list(member=member)[:100]),
        },
    )


@staff_required
def staff_person_create(request: HttpRequest) -> HttpResponse:
    """Staff: record a person, e.g. an invited service director who takes part without an account."""
    form = MemberCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("%(name)s est enregistré·e.") % {"name": member.full_name})
            return redirect("members:staff_person", pk=member.pk)
    return render(
        request, "members/staff/form.html", {"form": form, "title": _("Ajouter une personne sans compte")}
    )


def _staff_person_action(
    request: HttpRequest, *, member: Member, form, action, success: str, title: str, **extra
) -> HttpResponse:
    """Staff form about one person: on a valid POST call ``action(**cleaned_data)`` (a service
    taking ``actor`` and ``member``), say ``success`` and go back to the person's page; a
    ``ValidationError`` from the service is shown on the form, nothing typed is lost."""
    if request.method == "POST" and form.is_valid():
        try:
            action(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, success)
            return redirect("members:staff_person", pk=member.pk)
    return render(
        request, "members/staff/form.html", {"form": form, "member": member, "title": title, **extra}
    )


@staff_required
def staff_person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: change a person's name, role, sector, contact details (audited)."""
    member = _person(pk)
    if member.erased_at:
        raise Http404
    return _staff_person_action(
        request,
        member=member,
        form=MemberForm(request.POST or None, instance=Member.objects.get(pk=pk)),
        action=services.member_update,
        success=_("La fiche est enregistrée."),
        title=_("Modifier la fiche de %(name)s") % {"name": member.full_name},
    )


@staff_required
def staff_mandate_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: end a mandate (date and reason), after a confirmation page."""
    member = _person(pk)
    return _staff_person_action(
        request,
        member=member,
        form=MandateEndForm(request.POST or None, initial={"on": timezone.localdate()}),
        action=services.mandate_end,
        success=_("Le mandat de %(name)s prend fin.") % {"name": member.full_name},
        title=_("Mettre fin au mandat de %(name)s") % {"name": member.full_name},
        warning=_(
            "À partir du lendemain, cette personne n’aura plus accès aux pages des membres et ne recevra "
            "plus les e-mails du conseil. Elle reste dans les listes de présence et comptes-rendus passés."
        ),
        submit=_("Mettre fin au mandat"),
    )


@staff_required
def staff_mandate_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: start a new mandate; the ended one is kept in the person's history."""
    member = _person(pk)
    return _staff_person_action(
        request,
        member=member,
        form=MandateStartForm(request.POST or None, initial={"start": timezone.localdate()}),
        action=services.mandate_start,
        success=_("Le nouveau mandat est enregistré."),
        title=_("Nouveau mandat pour %(name)s") % {"name": member.full_name},
    )


@staff_required
def staff_invite(request: HttpRequest) -> HttpResponse:
    """Staff: record a person and send them an invitation by e-mail."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.person_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email})
            return redirect("members:staff_invitations")
    return render(
        request,
        "members/staff/form.html",
        {"form": form, "title": _("Inviter une personne"), "submit": _("Envoyer l’invitation")},
    )


@require_safe
@staff_required
def staff_invitations(request: HttpRequest) -> HttpResponse:
    """Staff: every invitation with its state, and a button to send a new link."""
    page = Paginator(selectors.invitation_list(), 50).get_page(request.GET.get("page"))
    return render(request, "members/staff/invitations.html", {"page": page, "statuses": InvitationStatus})


@require_POST
@staff_required
def staff_invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: send a new link to the person's current address; the older ones stop working."""
    invitation = get_object_or_404(Invitation.objects.select_related("member"), pk=pk)
    try:
        sent, _token = services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Nouvelle invitation envoyée à %(email)s ; l’ancien lien ne fonctionne plus.")
            % {"email": sent.email},
        )
    return redirect("members:staff_invitations")


@staff_required
def staff_import(request: HttpRequest) -> HttpResponse:
    """Staff: invite many people from a CSV file: all rows, or none with a message per bad row."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = imports.invitations_import(actor=request.user, data=upload.read(), filename=upload.name)
        if result.imported:
            count = len(result.rows)
            messages.success(
                request,
                ngettext("%(count)s invitation envoyée.", "%(count)s invitations envoyées.", count)
                % {"count": count},
            )
            return redirect("members:staff_invitations")
    return render(request, "members/staff/import.html", {"form": form, "result": result})


@require_safe
@staff_required
def staff_audit(request: HttpRequest) -> HttpResponse:
    """Staff: the audit history of people and roles (who, when, what), 100 a page."""
    page = Paginator(selectors.audit_list(), 100).get_page(request.GET.get("page"))
    page.object_list = selectors.audit_with_objects(page.object_list)
    return render(request, "members/staff/audit.html", {"page": page})


@require_safe
@staff_required
def staff_erasures(request: HttpRequest) -> HttpResponse:
    """Staff: erasure requests waiting for a decision."""
    return render(request, "members/staff/erasures.html", {"requests": list(selectors.erasure_pending())})


@staff_required
def staff_erasure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: confirm (the data goes) or refuse (with an answer) one erasure request."""
    erasure = get_object_or_404(
        ErasureRequest.objects.select_related("member", "member__user"), pk=pk, status=ErasureStatus.PENDING
    )
    form = ErasureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_decide(
                actor=request.user,
                request=erasure,
                confirm=form.cleaned_data["decision"] == "confirm",
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("La demande est traitée."))
            return redirect("members:staff_erasures")
    return render(request, "members/staff/erasure_decide.html", {"erasure": erasure, "form": form})
