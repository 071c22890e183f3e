"""The member's space. Who may see it: any logged-in account; anonymous visitors are sent
to the login page. An account without a member record sees the page with an explanation."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sessions.models import Minutes, MinutesStatus
from sessions.selectors import minutes_visible_to
from workstreams.selectors import workstream_list_for_member


def _latest_published_minutes(*, user) -> QuerySet[Minutes]:
    """The latest published version of each sitting's minutes ``user`` may read (one query).

    A correction is published as a new version: listing the superseded one beside it would
    only confuse readers.
    """
    newer = Minutes.objects.filter(
        meeting=OuterRef("meeting"), status=MinutesStatus.PUBLISHED, version__gt=OuterRef("version")
    )
    return minutes_visible_to(user=user).filter(status=MinutesStatus.PUBLISHED).exclude(Exists(newer))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The member's dashboard: work axes with join / leave, the axes joined, published minutes."""
    # The reverse one-to-one raises an AttributeError subclass when there is no member record.
    member = getattr(request.user, "member", None)
    workstreams = list(workstream_list_for_member(member=member))
    context = {
        "member": member,
        "workstreams": workstreams,
        "joined": [w for w in workstreams if w.is_joined],
        "minutes_list": list(_latest_published_minutes(user=request.user)),
    }
    return render(request, "members/dashboard.html", context)
