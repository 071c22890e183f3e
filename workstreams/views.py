"""Pages of the work axes. Who may see them: any logged-in account (accounts are created by
staff only, sign-up is closed); anonymous visitors are sent to the login page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .models import Workstream
from .selectors import workstream_get_detail
from .services import participation_join, participation_leave


def _member_of(request: HttpRequest):
    # The reverse one-to-one raises an AttributeError subclass when there is no member record.
    return getattr(request.user, "member", None)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the form was on (``next``, same site only), else the dashboard."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("members:dashboard")


@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An axis: its objective, questions by theme with their answers, proposals, participants."""
    workstream = workstream_get_detail(slug=slug)
    member = _member_of(request)
    participations = list(workstream.participations.all())
    context = {
        "workstream": workstream,
        "member": member,
        "participations": participations,
        "is_joined": member is not None and any(p.member_id == member.pk for p in participations),
    }
    return render(request, "workstreams/detail.html", context)


@require_POST
@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """Join an axis (POST only), then go back with a message."""
    workstream = get_object_or_404(Workstream, slug=slug)
    try:
        participation_join(workstream=workstream, member=_member_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, gettext("Vous participez à l’axe «\u00a0%(title)s\u00a0».") % {"title": workstream.title}
        )
    return _back(request)


@require_POST
@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Leave an axis (POST only), then go back with a message."""
    workstream = get_object_or_404(Workstream, slug=slug)
    try:
        participation_leave(workstream=workstream, member=_member_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext("Vous ne participez plus à l’axe «\u00a0%(title)s\u00a0».") % {"title": workstream.title},
        )
    return _back(request)
