"""Pages that gather from several apps. Each view says who may see it:

- public: the legal notice (mentions légales and personal data), « Comment ça marche ? »;
- members in mandate and staff (``member_required``): the dashboard, the directory, search;
- staff (``staff_required``): the staff home, what is waiting for them.

The Atom feed is ``home.feeds.NewsFeed`` (public).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cln_portal.permissions import is_staff, member_required, staff_required
from pdin import conf as pdin_conf
from workstreams.selectors import workstream_list_for_member

from . import accessibility_audit as audit
from .search import search as search_all
from .selectors import dashboard_minutes, member_directory, staff_home_content

# Published minutes listed on the dashboard, newest first (all of them: « Tous les comptes-rendus »).
DASHBOARD_MINUTES = 5


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The member's dashboard: work axes with join / leave, the axes joined, published minutes.

    Members in mandate and staff; a former member gets the 403 page (cln_portal.permissions).
    """
    # The reverse one-to-one raises an AttributeError subclass when there is no member record.
    member = getattr(request.user, "member", None)
    workstreams = workstream_list_for_member(member=member)
    context = {
        "member": member,
        "workstreams": workstreams,
        "joined": [w for w in workstreams if w.is_joined],
        # The newest few, without the big text fields (the frozen page is ~40 KB a version):
        # the page costs the same with 3 sittings or 300. The rest: the minutes list.
        "minutes_list": dashboard_minutes(user=request.user, limit=DASHBOARD_MINUTES),
        "is_staff": is_staff(request.user),
    }
    return render(request, "home/dashboard.html", context)


@require_safe
@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """What waits for staff (staff): minutes to finish, corrections, questions by service,
    convocation answers missing, positioning campaigns, coming editions and their places.

    Staff still land on their dashboard after login (some are members too); the dashboard
    and the site navigation lead here.
    """
    return render(request, "home/staff_home.html", {"home": staff_home_content()})


@require_safe
@member_required
def directory(request: HttpRequest) -> HttpResponse:
    """The member directory (members in mandate and staff): name, sector, role, axes; contact where agreed."""
    return render(request, "home/directory.html", {"people": list(member_directory())})


@require_safe
def legal(request: HttpRequest) -> HttpResponse:
    """Mentions légales / données personnelles (public): what is kept, why, how long (settings).

    Members' retention comes from ``PERSONAL_DATA_RETENTION``, PDIN registrants' from
    ``PDIN_REGISTRATION_RETENTION_MONTHS`` (``pdin.conf.retention_months``), residents'
    proposals' from ``PDIN_PROPOSAL_RETENTION_MONTHS``, so the page says what the purge tasks do.
    """
    return render(
        request,
        "home/legal.html",
        {
            "retention": settings.PERSONAL_DATA_RETENTION,
            "pdin_retention_months": pdin_conf.retention_months(),
            "pdin_proposal_retention_months": pdin_conf.proposal_retention_months(),
            "publication_director": settings.LEGAL_PUBLICATION_DIRECTOR,
            "host": settings.LEGAL_HOST,
            "dpo_email": settings.LEGAL_DPO_EMAIL,
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """Déclaration d’accessibilité (public; RGAA 4.1, art. 47 of loi 2005-102).

    Every figure comes from ``home.accessibility_audit`` (status, rate, sample, checks); the
    contact is the council record's (``members.Council``: e-mail, phone, postal address).
    """
    criteria = audit.CRITERIA
    return render(
        request,
        "home/accessibility.html",
        {
            "audit": audit,
            "rate": audit.conformity_rate(criteria),
            "status": audit.conformity_status(criteria),
            "counts": audit.counts(criteria),
            "applicable_count": len(audit.applicable(criteria)),
            "failing": [c for c in criteria if c.status == audit.NC],
        },
    )


@require_safe
@member_required
def search(request: HttpRequest) -> HttpResponse:
    """Search questions, answers, proposals and published minutes (members and staff)."""
    text = request.GET.get("q", "")
    results = search_all(user=request.user, text=text)
    return render(request, "home/search.html", {"results": results, "query": results.query})


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    """« Comment ça marche ? » (public): the member's space in four steps — log in with a code
    received by e-mail, answer a convocation, join an axis, find the minutes.

    Public, because the first step (logging in) comes before any account: the login page
    links here, and so does the member's dashboard.
    """
    minutes = max(1, settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60)
    return render(request, "home/help.html", {"code_minutes": minutes})
