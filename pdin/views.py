"""Pages of the programme.

Who may see what:
- public (no account): programme, series, edition, venue pages, registration, the personal
  cancel and offer links, calendar feeds, open data, the Atom feed;
- public too: the published proposals, proposing without an account (moderated before it is
  shown), asking for a support link and confirming it (the signed link is the key);
- members (``member_required``): participatory programming (propose, support);
- staff (``staff_required``): registrations list and CSV, cancelling a registration,
  attendance, opening and closing registration, marking a proposal as taken up, moderating
  proposals (publish, refuse), the editions and venues lists and their forms.
"""

import csv
import io
from functools import lru_cache
from types import SimpleNamespace
from urllib.parse import urlencode

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cln_portal.dates import DatePrecision, format_flexible_date
from cln_portal.permissions import is_staff, member_required, staff_required
from cln_portal.ratelimit import PER_KEY, limit_reached, limit_reached_by
from cln_portal.secret_links import secret_link_page
from members.context_processors import council as council_context

from . import conf
from .forms import (
    AttendanceForm,
    EditionForm,
    GroupRegistrationForm,
    ProgrammeFilterForm,
    ProposalForm,
    ProposalRefuseForm,
    PublicProposalForm,
    RegistrationForm,
    ResourceFormSet,
    SupportRequestForm,
    VenueForm,
)
from .ical import calendar_of, edition_ics
from .jsonld import edition_jsonld, jsonld_script
from .models import ACTIVE, Edition, Proposal, ProposalSupport, Registration, RegistrationStatus, Venue
from .opendata import FIELDS, editions_csv, editions_json, neutralise, openagenda_json
from .selectors import (
    coming_editions,
    edition_get,
    edition_is_past,
    edition_page_get,
    editions_for_staff,
    open_data_editions,
    programme_get,
    proposal_public_get,
    proposals_for_moderation,
    proposals_public,
    proposals_ranked,
    registration_counts,
    registration_for_staff,
    registration_waiting_position,
    registrations_for_staff,
    series_get,
    series_list,
    venue_page_get,
    venues_for_staff,
)
from .services import (
    attendance_record,
    edition_save,
    normalise_email,
    offer_accept,
    proposal_create,
    proposal_create_public,
    proposal_is_supportable,
    proposal_publish,
    proposal_refuse,
    proposal_support,
    proposal_support_public,
    proposal_take_up,
    registration_cancel,
    registration_cancel_by_staff,
    registration_create,
    registration_group_create,
    registration_is_possible,
    registration_set_open,
    support_link_send,
    support_token_read,
    venue_save,
)

# --- Programme, series, venue -------------------------------------------------------------


@lru_cache(maxsize=256)
def _filter_form_html(
    themes: tuple[tuple[str, str], ...],
    neighbourhoods: tuple[str, ...],
    query: tuple[tuple[str, str], ...],
    language: str,
) -> str:
    """The programme's filter form as HTML, for these choices and values (a GET form, no token).

    crispy-forms took a quarter of the programme's CPU; the form depends only on these
    arguments (everything in the key), so each process renders each variant once.
    """
    with translation.override(language):
        form = ProgrammeFilterForm(
            dict(query) if query else None,
            themes=[SimpleNamespace(slug=slug, name=name) for slug, name in themes],
            neighbourhoods=neighbourhoods,
        )
        return render_crispy_form(form)


def _programme_page(request: HttpRequest, *, series=None) -> HttpResponse:
    theme = request.GET.get("theme", "")[:120]
    neighbourhood = request.GET.get("quartier", "")[:100]
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 6 else 1
    programme = programme_get(series=series, theme=theme, neighbourhood=neighbourhood, page=page)
    # Links to the other pages keep the filter.
    query = request.GET.copy()
    query.pop("page", None)
    form_html = _filter_form_html(
        tuple((t.slug, t.name) for t in programme.themes),
        tuple(programme.neighbourhoods),
        tuple((key, request.GET.get(key, "")[:120]) for key in ("theme", "quartier") if key in request.GET),
        translation.get_language(),
    )
    context = {
        "programme": programme,
        "filter_form_html": form_html,
        "series": series,
        "all_series": series_list(),
        "page_query": query.urlencode(),
    }
    return render(request, "pdin/programme.html", context)


@require_safe
def programme(request: HttpRequest) -> HttpResponse:
    """The site's home: the coming edition, then past editions by year, with filters (public)."""
    return _programme_page(request)


@require_safe
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One series' programme: PDIN, Cafés IA (public)."""
    return _programme_page(request, series=series_get(slug=slug))


@require_safe
def venue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A venue: address, neighbourhood, accessibility, its coming and past editions (public)."""
    venue, coming, past = venue_page_get(slug=slug)
    return render(request, "pdin/venue_detail.html", {"venue": venue, "coming": coming, "past": past})


# --- Edition and registration -------------------------------------------------------------


# Stands for the visitor's CSRF token in the shared copy of the blank registration form.
_CSRF_SLOT = "csrf-slot-for-this-visitor"


@lru_cache(maxsize=256)
def _blank_registration_form_html(action: str, language: str, consent: str, full: bool) -> str:
    """The blank registration form's HTML (``consent``: its label, which follows a setting;
    ``full``: the button says « liste d’attente »)."""
    with translation.override(language):
        form = RegistrationForm(action=action, full=full)
        form.fields["consent"].label = consent
        return render_crispy_form(form, context={"csrf_token": _CSRF_SLOT})


def _blank_registration_form(request: HttpRequest, form: RegistrationForm) -> str:
    """``form`` (blank) as HTML, rendered once per process for its action and language."""
    action = form.helper.form_action.partition("#")[0]
    html = _blank_registration_form_html(
        action, translation.get_language(), str(form.fields["consent"].label), form.full
    )
    return mark_safe(html.replace(_CSRF_SLOT, get_token(request)))  # noqa: S308 -- our template; the token is [A-Za-z0-9]


def _edition_context(request: HttpRequest, edition: Edition, form: RegistrationForm | None = None) -> dict:
    now = timezone.now()
    can_register = registration_is_possible(edition, now=now)
    if can_register and form is None:
        form = RegistrationForm(
            action=reverse("pdin:edition_register", args=[edition.series.slug, edition.number]),
            full=not edition.places_left,
        )
    is_past = edition_is_past(edition, today=timezone.localdate())
    return {
        "edition": edition,
        # A blank form (nearly every visit) comes from the per-process copy, with this
        # visitor's own CSRF token put in; a submitted one, with its values and errors, is
        # rendered in full.
        "form_html": _blank_registration_form(request, form)
        if form is not None and not form.is_bound
        else "",
        "date_long": format_flexible_date(
            edition.date, edition.date_end, edition.date_precision, weekday=True
        ),
        "show_time": edition.has_time,
        "is_past": is_past,
        "held_on": _held_on(edition) if is_past else "",
        "can_register": can_register,
        "form": form,
        "jsonld": jsonld_script(edition_jsonld(edition, council=council_context(request)["council"])),
        "is_staff": is_staff(request.user),
    }


def _held_on(edition: Edition) -> str:
    """ "Cette édition a eu lieu le vendredi 13 février 2026." at the date's precision."""
    when = format_flexible_date(edition.date, edition.date_end, edition.date_precision, weekday=True)
    if edition.date_precision == DatePrecision.MONTH:
        return gettext("Cette édition a eu lieu en %(when)s.") % {"when": when}
    if edition.date_precision == DatePrecision.RANGE and edition.date_end:
        return gettext("Cette édition a eu lieu %(when)s.") % {"when": when}
    return gettext("Cette édition a eu lieu le %(when)s.") % {"when": when}


@require_safe
def edition_detail(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """One edition's page, with the registration form while registration is open (public)."""
    edition = edition_page_get(series_slug=series_slug, number=number)
    return render(request, "pdin/edition_detail.html", _edition_context(request, edition))


def _client_address(request: HttpRequest) -> str:
    # Behind the production reverse proxy, the last X-Forwarded-For entry is the one it added.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _over_limit(key: str, limit: int, seconds: int = 3600) -> bool:
    """Count one hit on ``key`` in Django's cache; True once more than ``limit`` in the window."""
    cache.add(key, 0, timeout=seconds)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        hits = 1
    return hits > limit


def _too_many(request: HttpRequest, edition: Edition, form: RegistrationForm) -> HttpResponse:
    """429 with the form and a phone number: a person blocked by a limit can still register."""
    phone = conf.contact_phone()
    message = gettext("Trop de tentatives d’inscription. Réessayez dans une heure.")
    if phone:
        message += " " + gettext(
            "Pour inscrire un groupe ou si vous êtes bloqué·e, appelez-nous au %(phone)s : "
            "nous vous inscrivons."
        ) % {"phone": phone}
    form.add_error(None, message)
    return render(request, "pdin/edition_detail.html", _edition_context(request, edition, form), status=429)


def edition_register(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """Register for an edition, no account needed (public; POST, GET goes to the form).

    The next page says where the registration stands (confirmed, or the rank on the waiting
    list), in the same words whether the e-mail was new or already registered; the e-mail
    says it too, with the personal link to cancel.
    """
    edition = edition_page_get(series_slug=series_slug, number=number)
    thanks_url = reverse("pdin:registration_thanks", args=[series_slug, number])
    if request.method != "POST":
        return redirect(edition.get_absolute_url() + "#inscription")
    form = RegistrationForm(
        request.POST,
        action=reverse("pdin:edition_register", args=[series_slug, number]),
        full=not edition.places_left,
    )
    if form.is_robot:
        # The honeypot was filled: say thank you, record nothing.
        return redirect(thanks_url)
    # Per IP with a high threshold: a mediator may register a whole group from a social
    # centre's or a library's Wi-Fi (one address for everyone); robots still stop there.
    if _over_limit(f"pdin:register:ip:{_client_address(request)}", conf.rate_limit()):
        return _too_many(request, edition, form)
    if form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        # Per e-mail address, all editions together: one person trying again and again.
        if _over_limit(f"pdin:register:email:{email}", conf.email_rate_limit()):
            return _too_many(request, edition, form)
        # Each address gets at most 3 e-mails an hour per edition: no mail-bombing through the form.
        if _over_limit(f"pdin:register:email:{edition.pk}:{email}", 3):
            return redirect(thanks_url)
        try:
            outcome = registration_create(
                edition_id=edition.pk,
                name=form.cleaned_data["name"],
                email=email,
                organisation=form.cleaned_data["organisation"],
                accessibility_needs=form.cleaned_data["accessibility_needs"],
                consent=form.cleaned_data["consent"],
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            token = signing.dumps(outcome.registration.pk, salt=THANKS_SALT)
            return redirect(thanks_url + "?" + urlencode({"inscription": token}))
    return render(request, "pdin/edition_detail.html", _edition_context(request, edition, form), status=200)


# The page after the form names the registration it speaks of by a signed, short-lived id:
# no cookie, a reload still shows it, and nobody can read another person's rank by
# changing a number in the address.
THANKS_SALT = "pdin.registration-thanks"
THANKS_MAX_AGE = 3600  # seconds


def _registration_from_thanks_token(token: str, edition: Edition) -> Registration | None:
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:  # also raised, as SignatureExpired, after THANKS_MAX_AGE
        return None
    if not isinstance(pk, int):
        return None
    return Registration.objects.filter(pk=pk, edition=edition).first()


@require_safe
def registration_thanks(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """After registering: where the registration stands (public).

    « Votre place est confirmée » or « Vous êtes sur la liste d’attente, rang n », read
    from the signed ``inscription`` parameter the form's redirect adds; without it (a robot
    caught by the honeypot, the per-address limit, an expired link) only the general
    message, which points to the e-mail.
    """
    edition = edition_get(series_slug=series_slug, number=number)
    registration = _registration_from_thanks_token(request.GET.get("inscription", ""), edition)
    status = registration.status if registration else ""
    position = registration_waiting_position(registration) if status == RegistrationStatus.WAITING else None
    context = {"edition": edition, "status": status, "position": position}
    return render(request, "pdin/registration_thanks.html", context)


@secret_link_page
def registration_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    """The personal cancel link (public, the token is the key): a page asks, a POST cancels."""
    registration = (
        Registration.objects.select_related("edition__series", "edition__venue")
        .filter(cancel_token=token)
        .first()
        if token
        else None
    )
    if registration is None:
        raise Http404
    done = registration.status not in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        RegistrationStatus.OFFERED,
    )
    if request.method == "POST" and not done:
        registration = registration_cancel(token=token)
        done = True
        messages.success(request, gettext("Votre inscription est annulée. Merci de nous avoir prévenus."))
    return render(
        request,
        "pdin/registration_cancel.html",
        {"registration": registration, "edition": registration.edition, "done": done},
    )


@secret_link_page
def offer_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link of a waiting-list offer (public, the token is the key): one button confirms the place."""
    registration = (
        Registration.objects.select_related("edition__series", "edition__venue")
        .filter(offer_token=token)
        .first()
        if token
        else None
    )
    if registration is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            registration = offer_accept(token=token)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, gettext("Votre place est confirmée. À bientôt !"))
    elif (
        registration.status == RegistrationStatus.OFFERED and timezone.now() >= registration.offer_expires_at
    ) or registration.status not in (RegistrationStatus.OFFERED, RegistrationStatus.CONFIRMED):
        error = gettext("Cette proposition a expiré : la place a été proposée à la personne suivante.")
    return render(
        request,
        "pdin/offer_accept.html",
        {"registration": registration, "edition": registration.edition, "error": error},
        status=410 if error else 200,
    )


# --- Calendar feeds -----------------------------------------------------------------------


def _ics_response(content: bytes | str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def series_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """iCalendar feed of a series' coming editions (public); month-only editions are left out."""
    series = series_get(slug=slug)
    content = calendar_of(coming_editions(series=series), name=series.name)
    return _ics_response(content, f"{series.slug}.ics")


@require_safe
def edition_ics_view(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """One edition's .ics (public); 404 for a month-only edition, which has no day."""
    edition = edition_get(series_slug=series_slug, number=number)
    if edition.date is None or edition.date_precision == "month":
        raise Http404
    return _ics_response(edition_ics(edition), f"{series_slug}-{number}.ics")


# --- Open data ----------------------------------------------------------------------------


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The open data page: files, schema of each field, licence (public)."""
    context = {"editions_count": len(open_data_editions()), "fields": FIELDS}
    return render(request, "pdin/open_data.html", context)


@require_safe
def open_data_csv(request: HttpRequest) -> HttpResponse:
    """``/donnees/editions.csv`` (public, Licence Ouverte 2.0)."""
    response = HttpResponse(editions_csv(open_data_editions()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="editions.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def open_data_json(request: HttpRequest) -> JsonResponse:
    """``/donnees/editions.json`` (public, Licence Ouverte 2.0)."""
    response = JsonResponse(editions_json(open_data_editions()), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def open_data_openagenda(request: HttpRequest) -> JsonResponse:
    """The editions with a day, in OpenAgenda's event import fields (public)."""
    response = JsonResponse(openagenda_json(open_data_editions()), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Participatory programming (members; staff take up) -----------------------------------


@member_required
def proposals(request: HttpRequest) -> HttpResponse:
    """Proposals of themes and venues, most supported first, and the form to propose (members)."""
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_create(
                actor=request.user,
                series=form.cleaned_data["series"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                show_name=form.cleaned_data["show_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Merci : votre proposition est enregistrée."))
            return redirect("pdin:proposals")
    context = {
        "proposals": proposals_ranked(user=request.user),
        "form": form,
        "is_staff": is_staff(request.user),
    }
    return render(request, "pdin/proposals.html", context)


@require_POST
@member_required
def proposal_support_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Support, or withdraw one's support for, someone else's proposal (members; POST)."""
    proposal = get_object_or_404(Proposal, pk=pk)
    support = request.POST.get("action") != "withdraw"
    try:
        proposal_support(actor=request.user, proposal=proposal, support=support)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext("Votre soutien est enregistré.") if support else gettext("Votre soutien est retiré."),
        )
    return redirect(reverse("pdin:proposals") + f"#proposition-{proposal.pk}")


@require_POST
@staff_required
def proposal_take_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a proposal as taken up for the programme (staff; POST)."""
    proposal = get_object_or_404(Proposal, pk=pk)
    proposal_take_up(actor=request.user, proposal=proposal)
    messages.success(
        request, gettext("La proposition « %(title)s » est retenue.") % {"title": proposal.title}
    )
    return redirect(reverse("pdin:proposals") + f"#proposition-{proposal.pk}")


# --- Participatory programming in the open (public; staff moderate) -----------------------


@require_safe
def public_proposals(request: HttpRequest) -> HttpResponse:
    """The proposals staff published, with their supports, and the way to propose (public).

    Stored whole by the page cache (``PUBLIC_PAGES``): a confirmed support is a write, which
    makes it stale."""
    return render(request, "pdin/public_proposals.html", {"proposals": proposals_public()})


def _too_many_attempts(message: str, template: str, context: dict, request: HttpRequest) -> HttpResponse:
    """The form's page again, status 429, saying which limit was hit (once: not as a form error,
    which the error summary and the form would both show)."""
    return render(request, template, {**context, "refusal": message}, status=429)


@require_http_methods(["GET", "HEAD", "POST"])
def public_proposal_create(request: HttpRequest) -> HttpResponse:
    """A resident proposes a theme or a venue without an account (public).

    A filled honeypot is thanked and ignored; valid proposals count against
    ``PDIN_PUBLIC_PROPOSAL_RATE_LIMIT`` (the login codes' limiter, in the shared cache) and
    wait for staff moderation before the public sees them.
    """
    action = reverse("pdin:public_proposal_create")
    thanks_url = reverse("pdin:public_proposal_thanks")
    form = PublicProposalForm(request.POST or None, action=action)
    if request.method == "POST":
        if form.is_robot:
            return redirect(thanks_url)
        if form.is_valid():
            if limit_reached(request, action="pdin_public_proposal", rates=conf.public_proposal_rate_limit()):
                return _too_many_attempts(
                    gettext("Trop de propositions depuis votre connexion : réessayez dans une heure."),
                    "pdin/public_proposal_form.html",
                    {"form": form},
                    request,
                )
            try:
                proposal_create_public(
                    series=form.cleaned_data["series"],
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    show_name=form.cleaned_data["show_name"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect(thanks_url)
    return render(request, "pdin/public_proposal_form.html", {"form": form})


@require_safe
def public_proposal_thanks(request: HttpRequest) -> HttpResponse:
    """After proposing: staff read it before it is published (public)."""
    return render(request, "pdin/public_proposal_thanks.html")


@require_http_methods(["GET", "HEAD", "POST"])
def public_support_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the e-mailed link that confirms one's support of a published proposal (public).

    The next page reads the same whether the address already supports it or not (it says to
    look in the mailbox); the link's page tells the address's owner. Limited per connection
    and per address (``PDIN_PUBLIC_SUPPORT_RATE_LIMIT``) in the shared cache.
    """
    proposal = proposal_public_get(pk=pk)
    action = reverse("pdin:public_support_request", args=[pk])
    sent_url = reverse("pdin:public_support_sent", args=[pk])
    form = SupportRequestForm(request.POST or None, action=action)
    context = {"proposal": proposal, "supportable": proposal_is_supportable(proposal)}
    if request.method == "POST" and context["supportable"]:
        if form.is_robot:
            return redirect(sent_url)
        if form.is_valid():
            email = normalise_email(form.cleaned_data["email"])
            limit = limit_reached_by(
                request, action="pdin_public_support", rates=conf.public_support_rate_limit(), key=email
            )
            if limit:
                message = (
                    gettext("Trop de demandes pour cette adresse : réessayez dans une heure.")
                    if limit == PER_KEY
                    else gettext("Trop de demandes depuis votre connexion : réessayez dans une heure.")
                )
                return _too_many_attempts(
                    message, "pdin/public_support_request.html", {**context, "form": form}, request
                )
            try:
                support_link_send(proposal=proposal, email=email)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect(sent_url)
    return render(request, "pdin/public_support_request.html", {**context, "form": form})


@require_safe
def public_support_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """After asking for a support link: look in your mailbox (public)."""
    proposal = proposal_public_get(pk=pk)
    return render(
        request, "pdin/public_support_sent.html", {"proposal": proposal, "hours": conf.support_link_hours()}
    )


@secret_link_page
@require_http_methods(["GET", "HEAD", "POST"])
def public_support_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed support link (public, the signed token is the key): a button confirms.

    Counted once per address and proposal. An expired link, one already used, or a proposal
    no longer open say so in French, never an error page: 410 for expired or closed, 400 for
    a link that is not one of ours (cut by a mail client, typed by hand).
    """
    try:
        claim = support_token_read(token)
    except signing.BadSignature:
        error = gettext(
            "Ce lien n’est pas valide : il a peut-être été coupé. Copiez-le en entier depuis l’e-mail, "
            "ou demandez un nouveau lien depuis la liste des propositions."
        )
        return render(request, "pdin/public_support_confirm.html", {"error": error}, status=400)
    proposal = Proposal.objects.select_related("series").filter(pk=claim.proposal_id).first()
    context = {"proposal": proposal if proposal and proposal_is_supportable(proposal) else None}
    if context["proposal"] is None:
        context["error"] = gettext("Cette proposition n’est plus ouverte aux soutiens.")
        return render(request, "pdin/public_support_confirm.html", context, status=410)
    if ProposalSupport.objects.filter(proposal=proposal, email_hash=claim.email_hash).exists():
        context["already"] = True
        return render(request, "pdin/public_support_confirm.html", context)
    if claim.expired:
        context["error"] = gettext(
            "Ce lien a expiré : il est valable %(hours)s heures. Demandez-en un nouveau ci-dessous."
        ) % {"hours": conf.support_link_hours()}
        return render(request, "pdin/public_support_confirm.html", context, status=410)
    if request.method == "POST":
        try:
            created = proposal_support_public(proposal_id=proposal.pk, email_hash=claim.email_hash)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "pdin/public_support_confirm.html", context, status=410)
        if created:
            messages.success(request, gettext("Merci : votre soutien est enregistré."))
        else:
            messages.info(
                request,
                gettext("Vous soutenez déjà cette proposition : votre soutien est compté une seule fois."),
            )
        return redirect(reverse("pdin:public_proposals") + f"#proposition-{proposal.pk}")
    return render(request, "pdin/public_support_confirm.html", context)


@staff_required
@require_safe
def staff_proposals(request: HttpRequest) -> HttpResponse:
    """The moderation queue: proposals to publish or refuse, then the published and refused (staff)."""
    return _staff_proposals_page(request)


def _staff_proposals_page(
    request: HttpRequest, *, refuse_form: ProposalRefuseForm | None = None, refused_pk: int | None = None
) -> HttpResponse:
    context = {
        "groups": proposals_for_moderation(),
        "refuse_form": refuse_form,
        "refused_pk": refused_pk,
    }
    return render(request, "pdin/staff_proposals.html", context, status=400 if refuse_form else 200)


@require_POST
@staff_required
def staff_proposal_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a proposal on the public page (staff; POST)."""
    proposal = get_object_or_404(Proposal, pk=pk)
    proposal_publish(actor=request.user, proposal=proposal)
    messages.success(
        request,
        gettext("La proposition « %(title)s » est publiée, signée « %(author)s ».")
        % {"title": proposal.title, "author": proposal.public_author},
    )
    return redirect("pdin:staff_proposals")


@require_POST
@staff_required
def staff_proposal_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Refuse a proposal, or withdraw a published one, with a reason (staff; POST)."""
    proposal = get_object_or_404(Proposal, pk=pk)
    form = ProposalRefuseForm(request.POST, prefix=f"refus-{pk}")
    if form.is_valid():
        try:
            proposal_refuse(actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(
                request, gettext("La proposition « %(title)s » est refusée.") % {"title": proposal.title}
            )
            return redirect("pdin:staff_proposals")
    return _staff_proposals_page(request, refuse_form=form, refused_pk=pk)


# --- Staff: registrations, export, attendance ---------------------------------------------


@staff_required
def staff_registrations(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """The registrations of an edition, counts, and the actions on them (staff)."""
    edition = edition_get(series_slug=series_slug, number=number)
    context = {
        "edition": edition,
        "registrations": registrations_for_staff(edition=edition),
        "counts": registration_counts(edition=edition),
    }
    return render(request, "pdin/staff_registrations.html", context)


@require_POST
@staff_required
def staff_registration_open(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """Open or close registration (staff; POST with ``open`` = 1 or 0)."""
    edition = edition_get(series_slug=series_slug, number=number)
    is_open = request.POST.get("open") == "1"
    try:
        registration_set_open(edition=edition, actor=request.user, is_open=is_open)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext("Les inscriptions sont ouvertes.")
            if is_open
            else gettext("Les inscriptions sont closes."),
        )
    return redirect("pdin:staff_registrations", series_slug, number)


CSV_COLUMNS = [
    ("status", "État"),
    ("name", "Nom"),
    ("email", "Adresse e-mail"),
    ("organisation", "Structure"),
    ("accessibility_needs", "Besoins d’accessibilité"),
    ("created_at", "Inscrit·e le"),
    ("attended", "Présent·e"),
]


@require_safe
@staff_required
def staff_registrations_csv(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """The registrations as CSV for a spreadsheet (staff): UTF-8 with BOM, ";" separated,
    formulas neutralised (a cell starting with = + - @ is prefixed with an apostrophe)."""
    edition = edition_get(series_slug=series_slug, number=number)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _name, label in CSV_COLUMNS])
    for registration in registrations_for_staff(edition=edition):
        writer.writerow(
            [
                neutralise(registration.get_status_display()),
                neutralise(registration.name),
                neutralise(registration.email),
                neutralise(registration.organisation),
                neutralise(registration.accessibility_needs),
                timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
                gettext("oui") if registration.attended else "",
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscriptions-{series_slug}-{number}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def staff_attendance(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """The attendance sheet on the day (staff): ticks confirmed registrants, counts walk-ins,
    and sets the edition's participants count."""
    edition = edition_get(series_slug=series_slug, number=number)
    confirmed = [
        r for r in registrations_for_staff(edition=edition) if r.status == RegistrationStatus.CONFIRMED
    ]
    initial = {
        "attended": [str(r.pk) for r in confirmed if r.attended],
        "walk_ins": edition.walk_in_count,
    }
    form = AttendanceForm(request.POST or None, registrations=confirmed, initial=initial)
    if request.method == "POST" and form.is_valid():
        edition = attendance_record(
            edition=edition,
            actor=request.user,
            attended_ids={int(pk) for pk in form.cleaned_data["attended"]},
            walk_ins=form.cleaned_data["walk_ins"],
        )
        messages.success(
            request,
            gettext("Présence enregistrée : %(count)s participant·es.")
            % {"count": edition.participants_count},
        )
        return redirect("pdin:staff_registrations", series_slug, number)
    return render(request, "pdin/staff_attendance.html", {"edition": edition, "form": form})


@staff_required
def staff_registration_cancel(request: HttpRequest, series_slug: str, number: int, pk: int) -> HttpResponse:
    """Cancel one registration (staff): a page asks for confirmation, a POST cancels, and the
    place it held goes to the first person on the waiting list (``registration_cancel_by_staff``)."""
    edition = edition_get(series_slug=series_slug, number=number)
    registration = registration_for_staff(edition=edition, pk=pk)
    back = reverse("pdin:staff_registrations", args=[series_slug, number])
    if registration.status not in ACTIVE:
        messages.info(request, gettext("Cette inscription n’est plus active : rien à annuler."))
        return redirect(back)
    if request.method == "POST":
        registration_cancel_by_staff(registration_id=registration.pk, actor=request.user)
        messages.success(
            request,
            gettext(
                "L’inscription de %(name)s est annulée. Si des personnes attendaient, la place "
                "est proposée par e-mail à la première de la liste d’attente."
            )
            % {"name": registration.name or gettext("cette personne")},
        )
        return redirect(back)
    return render(
        request,
        "pdin/staff_registration_cancel.html",
        {"edition": edition, "registration": registration, "back": back},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_group_registration(request: HttpRequest, series_slug: str, number: int) -> HttpResponse:
    """Register a group brought by a social centre or a library (staff; issue 16): one line a
    person, the same places and waiting list as the public form, no rate limit."""
    edition = edition_get(series_slug=series_slug, number=number)
    form = GroupRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcomes = registration_group_create(
                edition_id=edition.pk,
                people=form.cleaned_data["people"],
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            confirmed = sum(o.registration.status == RegistrationStatus.CONFIRMED for o in outcomes)
            waiting = len(outcomes) - confirmed
            messages.success(
                request,
                ngettext(
                    "%(count)s personne inscrite",
                    "%(count)s personnes inscrites",
                    confirmed,
                )
                % {"count": confirmed}
                + (
                    ngettext(
                        ", %(count)s sur la liste d’attente.",
                        ", %(count)s sur la liste d’attente.",
                        waiting,
                    )
                    % {"count": waiting}
                    if waiting
                    else "."
                ),
            )
            return redirect("pdin:staff_registrations", series_slug, number)
    return render(request, "pdin/staff_group_registration.html", {"edition": edition, "form": form})


# --- Staff: editions and venues -----------------------------------------------------------


@require_safe
@staff_required
def staff_editions(request: HttpRequest) -> HttpResponse:
    """Every edition with its places and waiting list, and links to edit them (staff)."""
    return render(request, "pdin/staff_editions.html", {"editions": editions_for_staff()})


@staff_required
def staff_edition_form(
    request: HttpRequest, series_slug: str = "", number: int | None = None
) -> HttpResponse:
    """Create or edit an edition and its resources (staff).

    Saving goes through ``edition_save``: a raised capacity offers the places it frees to
    the waiting list, oldest first.
    """
    if number is None:
        edition = Edition()
    else:
        edition = get_object_or_404(
            Edition.objects.select_related("series"), series__slug=series_slug, number=number
        )
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = EditionForm(*data, instance=edition)
    formset = ResourceFormSet(*data, instance=edition, prefix="ressources")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                offered = edition_save(edition=form.save(commit=False), actor=request.user)
                formset.instance = form.instance
                formset.save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = gettext("L’édition « %(label)s » est enregistrée.") % {"label": form.instance.label}
            if offered:
                message += " " + ngettext(
                    "Une place a été proposée à %(count)s personne de la liste d’attente.",
                    "Des places ont été proposées à %(count)s personnes de la liste d’attente.",
                    len(offered),
                ) % {"count": len(offered)}
            messages.success(request, message)
            return redirect("pdin:staff_editions")
    context = {"form": form, "formset": formset, "edition": edition if edition.pk else None}
    return render(request, "pdin/staff_edition_form.html", context)


@require_safe
@staff_required
def staff_venues(request: HttpRequest) -> HttpResponse:
    """Every venue, with links to edit them (staff)."""
    return render(request, "pdin/staff_venues.html", {"venues": venues_for_staff()})


@staff_required
def staff_venue_form(request: HttpRequest, slug: str = "") -> HttpResponse:
    """Create or edit a venue (staff)."""
    venue = get_object_or_404(Venue, slug=slug) if slug else Venue()
    form = VenueForm(request.POST or None, instance=venue)
    if request.method == "POST" and form.is_valid():
        try:
            venue = venue_save(venue=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Le lieu « %(name)s » est enregistré.") % {"name": venue.name})
            return redirect("pdin:staff_venues")
    return render(request, "pdin/staff_venue_form.html", {"form": form, "venue": venue if venue.pk else None})
