"""Pages of the outbox: unsubscribe link, e-mail preferences, staff outbox.

Who may see them: the unsubscribe page is public (the signed token is the proof); the
preferences page is for members (``member_required``); the outbox is for staff.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cln_portal.permissions import member_required, staff_required
from cln_portal.secret_links import secret_link_page

from . import registry
from .forms import OutboxFilterForm, PreferencesForm
from .models import NotificationPreference
from .selectors import outbox_counts, outbox_list, preferences_of
from .services import outbox_retry, preference_set, preferences_save, unsubscribe_token_read

OUTBOX_PAGE_SIZE = 50


def _recipient_model():
    """The model of the people written to ("members.Member"), found through the outbox's foreign
    key: this app never imports the members app."""
    return NotificationPreference._meta.get_field("member").related_model


@csrf_exempt  # One-click unsubscribe (RFC 8058) posts from the mail client, without a session.
@secret_link_page
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Turn off one kind of e-mail for one member, from a signed link; no login needed.

    GET only asks for confirmation (link scanners follow links); POST applies. A tampered
    or unknown token answers 400 with a French explanation.
    """
    try:
        member_id, kind = unsubscribe_token_read(token)
        member = _recipient_model().objects.get(pk=member_id)
    except (signing.BadSignature, ObjectDoesNotExist):
        return render(
            request,
            "notifications/unsubscribe.html",
            {
                "error": _(
                    "Ce lien de désabonnement n’est pas valide. Vous pouvez régler vos e-mails depuis votre espace."
                )
            },
            status=400,
        )
    label = registry.label(kind)
    done = False
    if request.method == "POST":
        preference_set(member=member, kind=kind, by_email=False)
        done = True
    return render(
        request, "notifications/unsubscribe.html", {"kind_label": label, "done": done, "token": token}
    )


@member_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """A member's e-mail choices: per kind, e-mail or none; convocations always on.

    Staff without a member record see an explanation instead of the form.
    """
    member = getattr(request.user, "member", None)
    if member is None:
        return render(request, "notifications/preferences.html", {"member": None})
    rows = preferences_of(member=member)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            preferences_save(member=member, choices=form.choices(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vos choix d’e-mails sont enregistrés."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"member": member, "form": form, "mandatory": [row for row in rows if row.mandatory]},
    )


@staff_required
def outbox(request: HttpRequest) -> HttpResponse:
    """The staff outbox: what was sent, to whom, when, what failed; 50 a page, filterable."""
    form = OutboxFilterForm(request.GET or None)
    status = kind = ""
    if form.is_valid():
        status, kind = form.cleaned_data["etat"], form.cleaned_data["type"]
    page = Paginator(outbox_list(status=status, kind=kind), OUTBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = urlencode({key: value for key, value in (("etat", status), ("type", kind)) if value})
    return render(
        request,
        "notifications/outbox.html",
        {"form": form, "page": page, "counts": outbox_counts(), "query": query},
    )


@staff_required
@require_POST
def outbox_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The outbox's retry button: queue one failed notification again, then back to the list."""
    if outbox_retry(notification_id=pk, actor=request.user):
        messages.success(request, _("Le renvoi est demandé."))
    else:
        messages.info(request, _("Cette notification n’est pas en échec : rien à renvoyer."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("notifications:outbox")
    return redirect(back)
