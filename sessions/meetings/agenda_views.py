"""The one-click « Ajouter à l’ordre du jour » of the agenda suggestions (staff, POST).

The suggestions themselves are shown on the sitting's edit page (``meeting_edit``, the
page where staff write the agenda), under the form; see ``sessions.meetings.agenda``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cln_portal.permissions import staff_required

from .agenda import agenda_suggestion_add
from .views import _meeting_or_404


@require_POST
@staff_required
def agenda_suggestion_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one suggestion (``kind``, ``pk`` posted) to the end of the sitting's agenda (staff)."""
    meeting = _meeting_or_404(pk)
    try:
        record = int(request.POST.get("pk", ""))
    except ValueError:
        messages.error(request, gettext("Suggestion inconnue : rechargez la page et réessayez."))
    else:
        try:
            item = agenda_suggestion_add(
                meeting=meeting, kind=request.POST.get("kind", ""), pk=record, actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, gettext("« %(title)s » est ajouté à l’ordre du jour.") % {"title": item.title}
            )
    return redirect(reverse("meetings:meeting_edit", args=[meeting.pk]) + "#ordre-du-jour")
