"""Pages of the portal's shared parts: the unsubscribe link of every e-mail."""

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from members.models import Member

from .models import NotificationKind
from .notifications import preference_set, unsubscribe_token_read


@csrf_exempt  # One-click unsubscribe (RFC 8058) posts from the mail client, without a session.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Turn off one kind of e-mail for one member, from a signed link; no login needed.

    GET only asks for confirmation (link scanners follow links); POST applies. A tampered
    or unknown token answers 400 with a French explanation.
    """
    try:
        member_id, kind = unsubscribe_token_read(token)
        member = Member.objects.get(pk=member_id)
    except (signing.BadSignature, Member.DoesNotExist):
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
    label = NotificationKind(kind).label
    done = False
    if request.method == "POST":
        preference_set(member=member, kind=kind, by_email=False)
        done = True
    return render(
        request, "notifications/unsubscribe.html", {"kind_label": label, "done": done, "token": token}
    )
