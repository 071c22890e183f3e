"""Pages about sittings before and during the sitting.

Who may see what:
- staff (``staff_required``): the list of sittings, creating and editing a sitting,
  sending its convocation, the attendance sheet, the attendance records and alerts;
- anyone holding the signed link of a convocation e-mail (no login): the answer page of
  that one convocation (``meeting_rsvp``); a wrong or tampered link is a 404;
- a member in mandate (``member_required``): the answer page of a sitting they are
  convoked to (``meeting_rsvp_member``); other sittings are a 404.
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cln_portal.permissions import member_required, staff_required
from cln_portal.secret_links import secret_link_page
from members.models import Member
from pdin.services import venue_create

from ..models import Meeting, MeetingInvitation
from . import selectors, services
from .agenda import agenda_suggestions
from .forms import (
    AgendaFormSet,
    AttendanceAddForm,
    AttendanceSheetForm,
    GuestFormSet,
    MeetingForm,
    RsvpForm,
    VenueForm,
    agenda_from_formset,
)
from .pdf import (
    convocation_letters_filename,
    convocation_letters_pdf,
    signin_sheet_filename,
    signin_sheet_pdf,
)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _meeting_or_404(pk: int) -> Meeting:
    try:
        return selectors.meeting_get_for_staff(pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error


# --- staff: sittings ----------------------------------------------------------------------


@require_safe
@staff_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Coming and past sittings with the answers and attendance counts; absence alerts (staff)."""
    now = timezone.now()
    meetings = list(selectors.meeting_list_for_staff())
    alerts = [record for record in selectors.attendance_overview(now=now) if record.alert]
    context = {
        "coming": [m for m in reversed(meetings) if m.starts_at > now],
        "past": [m for m in meetings if m.starts_at <= now],
        "alerts": alerts,
        "threshold": selectors.absence_alert_threshold(),
    }
    return render(request, "meetings/meeting_list.html", context)


def _meeting_form_page(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    instance = meeting or Meeting()
    initial_agenda = []
    if meeting is not None:
        initial_agenda = [
            {"title": item.title, "workstream": item.workstream_id, "item": item.pk}
            for item in meeting.agenda_items.order_by("order", "pk")
        ]
    venue_form = VenueForm(prefix="lieu")
    if request.method == "POST" and request.POST.get("action") == "lieu":
        venue_form = VenueForm(request.POST, prefix="lieu")
        if venue_form.is_valid() and not venue_form.is_empty():
            return _venue_create_then_form(request, meeting, instance, venue_form, initial_agenda)
    if request.method == "POST" and not venue_form.errors:
        form = MeetingForm(request.POST, instance=instance)
        agenda = AgendaFormSet(request.POST, prefix="agenda", initial=initial_agenda)
        guests = GuestFormSet(request.POST, prefix="guests")
        if form.is_valid() and agenda.is_valid() and guests.is_valid():
            try:
                saved = services.meeting_save(
                    actor=request.user,
                    meeting=form.instance,
                    agenda=agenda_from_formset(agenda),
                    invited=form.cleaned_data["invited"],
                    new_guests=[g for g in (f.guest() for f in guests.forms) if g],
                )
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                if meeting is None:
                    messages.success(request, gettext("La séance est créée."))
                elif saved.convocation_sent_at:
                    messages.warning(
                        request,
                        gettext(
                            "La séance est modifiée. La convocation était déjà envoyée : "
                            "renvoyez-la si la date, l’heure ou le lieu ont changé."
                        ),
                    )
                else:
                    messages.success(request, gettext("La séance est modifiée."))
                return redirect("meetings:meeting_detail", pk=saved.pk)
    elif request.method == "POST":
        # The new venue was refused: keep what was typed in the sitting, without judging it yet.
        form, agenda, guests = _quiet_forms(request.POST, instance, initial_agenda)
    else:
        form = MeetingForm(instance=instance)
        agenda = AgendaFormSet(prefix="agenda", initial=initial_agenda)
        guests = GuestFormSet(prefix="guests")
    return _meeting_form_render(request, meeting, form, agenda, guests, venue_form)


def _meeting_form_render(
    request, meeting, form, agenda, guests, venue_form, venue_created=None
) -> HttpResponse:
    has_errors = bool(form.errors or any(agenda.errors) or any(guests.errors) or venue_form.errors)
    context = {
        "form": form,
        "agenda": agenda,
        "guests": guests,
        "venue_form": venue_form,
        "venue_created": venue_created,
        "meeting": meeting,
        "has_errors": has_errors,
        # The suggestions panel (sessions.meetings.agenda_views): an existing sitting only.
        "suggestions": agenda_suggestions(meeting=meeting) if meeting is not None else None,
    }
    return render(request, "meetings/meeting_form.html", context, status=400 if has_errors else 200)


def _quiet_forms(data, instance, initial_agenda):
    """The sitting's forms bound to what was typed, with no error shown (nothing was saved yet)."""
    form = MeetingForm(data, instance=instance)
    agenda = AgendaFormSet(data, prefix="agenda", initial=initial_agenda)
    guests = GuestFormSet(data, prefix="guests")
    # Marking them as already cleaned, without errors, renders the typed values only.
    form._errors = ErrorDict()
    for formset in (agenda, guests):
        formset._errors = []
        formset._non_form_errors = formset.error_class()
        for each in formset.forms:
            each._errors = ErrorDict()
    return form, agenda, guests


def _venue_create_then_form(request, meeting, instance, venue_form, initial_agenda) -> HttpResponse:
    """« Nouveau lieu »: create the venue, then show the sitting form again as typed, the venue chosen."""
    data = request.POST.copy()
    try:
        venue = venue_create(actor=request.user, **venue_form.cleaned_data)
    except ValidationError as error:
        venue_form.add_error(None, _error_text(error))
        form, agenda, guests = _quiet_forms(data, instance, initial_agenda)
        return _meeting_form_render(request, meeting, form, agenda, guests, venue_form)
    data["venue"] = str(venue.pk)
    for name in venue_form.fields:
        data.pop(f"lieu-{name}", None)
    form, agenda, guests = _quiet_forms(data, instance, initial_agenda)
    messages.success(
        request,
        gettext(
            "Le lieu « %(name)s » est créé et choisi pour la séance. Enregistrez la séance pour la garder."
        )
        % {"name": venue.name},
    )
    return _meeting_form_render(request, meeting, form, agenda, guests, VenueForm(prefix="lieu"), venue)


@staff_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    """Create a sitting with its agenda and invited people (staff)."""
    return _meeting_form_page(request, None)


@staff_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a sitting (staff)."""
    return _meeting_form_page(request, _meeting_or_404(pk))


@require_safe
@staff_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A sitting: agenda, people convoked and their answers, convocation, quorum, minutes (staff)."""
    meeting = _meeting_or_404(pk)
    invitations = selectors.meeting_invitations(meeting=meeting)
    for invitation in invitations:
        invitation.email = invitation.member.email_address
        invitation.role_label = selectors.invitation_role_label(
            invitation.member, is_guest=invitation.is_guest
        )
    answers = {value: 0 for value in ("pending", "attending", "excused")}
    for invitation in invitations:
        answers[invitation.answer] += 1
    can_convoke = services.rsvp_is_open(meeting)
    # Who the next "send" would reach (members in mandate are invited only when it goes).
    everyone = selectors.convocation_recipients(meeting=meeting, resend=True)
    recipients = [r for r in everyone if not r.convoked] if can_convoke else []
    reasons = {r.member.pk: r.reason for r in everyone}
    for invitation in invitations:
        invitation.no_email_reason = reasons.get(invitation.member_id, "")
    context = {
        "meeting": meeting,
        "when": services.meeting_when_display(meeting),
        "place": services.meeting_place_display(meeting),
        "agenda": list(meeting.agenda_items.select_related("workstream").order_by("order", "pk")),
        "invitations": invitations,
        "answers": answers,
        "recipients": recipients,
        "not_convoked": sum(1 for r in recipients if not r.reason),
        "can_convoke": can_convoke,
        # Recorded after the fact: a sitting in the past that was never convoked.
        "held_without_convocation": not can_convoke and meeting.convocation_sent_at is None,
        "quorum": services.quorum_status(meeting=meeting),
        "minutes_versions": selectors.meeting_minutes_versions(meeting=meeting),
    }
    return render(request, "meetings/meeting_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def meeting_convocation(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then send the convocation (staff).

    GET shows who will receive it (and who has no address) and its subject; POST sends it
    to those not convoked yet, or to everyone again with ``resend``. Once the sitting has
    started, GET goes back to the sitting with the reason.
    """
    meeting = _meeting_or_404(pk)
    if request.method != "POST":
        if not services.rsvp_is_open(meeting):
            messages.error(
                request, gettext("La séance a commencé : la convocation ne peut plus être envoyée.")
            )
            return redirect("meetings:meeting_detail", pk=meeting.pk)
        resend = request.GET.get("renvoi") == "1" and meeting.convocation_sent_at is not None
        everyone = selectors.convocation_recipients(meeting=meeting, resend=True)
        recipients = everyone if resend else [r for r in everyone if not r.convoked]
        context = {
            "meeting": meeting,
            "when": services.meeting_when_display(meeting),
            "place": services.meeting_place_display(meeting),
            "resend": resend,
            "subject": services.convocation_subject(meeting=meeting, resend=resend),
            "with_address": [r for r in recipients if not r.reason],
            "without_address": [r for r in recipients if r.reason],
            "paper_count": sum(1 for r in everyone if r.paper),
        }
        return render(request, "meetings/meeting_convocation_confirm.html", context)
    try:
        result = services.convocation_send(
            meeting=meeting, actor=request.user, resend="resend" in request.POST
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            gettext("Convocation envoyée à %(count)s destinataire(s).") % {"count": result.sent},
        )
        if result.without_address:
            messages.warning(
                request,
                gettext("Sans adresse e-mail, donc non convoqué·es par e-mail : %(names)s.")
                % {"names": ", ".join(p.full_name for p in result.without_address)},
            )
    return redirect("meetings:meeting_detail", pk=meeting.pk)


# --- staff: attendance --------------------------------------------------------------------


def _sheet_page(
    request: HttpRequest, meeting: Meeting, add_form=None, sheet_form=None, status: int = 200
) -> HttpResponse:
    action = reverse("meetings:attendance_add", args=[meeting.pk])
    sheet = selectors.attendance_sheet(meeting=meeting)
    context = {
        "meeting": meeting,
        # Before the day or once the minutes are published: the sheet is read-only.
        "closed_reason": services.attendance_closed_reason(meeting=meeting),
        "when": services.meeting_when_display(meeting),
        "sheet": sheet,
        "sheet_form": sheet_form or AttendanceSheetForm(rows=sheet.rows),
        "quorum": services.quorum_status(meeting=meeting),
        "add_form": add_form or AttendanceAddForm(meeting=meeting, action=action),
        "is_working_group": meeting.workstream_id is not None and not meeting.convene_council,
    }
    return render(request, "meetings/attendance_sheet.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet: one form for everyone (present / excused with reason / absent), totals, quorum (staff).

    POST records the whole sheet at once through ``services.attendance_sheet_save``.
    """
    meeting = _meeting_or_404(pk)
    if request.method != "POST":
        return _sheet_page(request, meeting)
    form = AttendanceSheetForm(request.POST, rows=selectors.attendance_sheet(meeting=meeting).rows)
    if form.is_valid():
        try:
            changed = services.attendance_sheet_save(meeting=meeting, marks=form.marks(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                gettext("Feuille de présence enregistrée : %(count)s ligne(s) modifiée(s).")
                % {"count": changed},
            )
            return redirect("meetings:attendance_sheet", pk=meeting.pk)
    return _sheet_page(request, meeting, sheet_form=form, status=400)


@require_POST
@staff_required
def attendance_add_convened(request: HttpRequest, pk: int) -> HttpResponse:
    """« Ajouter tous les membres en mandat »: put everyone convened on the sheet (staff, POST)."""
    meeting = _meeting_or_404(pk)
    try:
        count = services.attendance_add_convened(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, gettext("%(count)s personne(s) ajoutée(s) à la feuille de présence.") % {"count": count}
        )
    return redirect("meetings:attendance_sheet", pk=meeting.pk)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@staff_required
def convocation_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper convocations (PDF, one letter per page) of people without e-mail or asking for paper (staff).

    Rendered in the request: about 0.3 s for 20 letters here (see ``sessions.meetings.pdf``).
    """
    meeting = _meeting_or_404(pk)
    return _pdf_response(convocation_letters_pdf(meeting=meeting), convocation_letters_filename(meeting))


@require_safe
@staff_required
def signin_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The sign-in sheet (feuille d'émargement, PDF) of a sitting (staff)."""
    meeting = _meeting_or_404(pk)
    return _pdf_response(signin_sheet_pdf(meeting=meeting), signin_sheet_filename(meeting))


@require_POST
@staff_required
def attendance_prefill(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the sheet from the answers to the convocation (staff, POST)."""
    meeting = _meeting_or_404(pk)
    try:
        count = services.attendance_prefill(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, gettext("%(count)s personne(s) ajoutée(s) d’après leurs réponses.") % {"count": count}
        )
    return redirect("meetings:attendance_sheet", pk=meeting.pk)


@require_POST
@staff_required
def attendance_mark(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """Mark one person present, excused or absent (staff, POST). People not convoked nor on the sheet: 404."""
    meeting = _meeting_or_404(pk)
    on_sheet = meeting.attendances.filter(member_id=member_pk).exists()
    if not on_sheet and not meeting.invitations.filter(member_id=member_pk).exists():
        raise Http404
    member = get_object_or_404(Member, pk=member_pk)
    sheet_url = reverse("meetings:attendance_sheet", args=[meeting.pk])
    try:
        attendance = services.attendance_mark(
            meeting=meeting, member=member, status=request.POST.get("status", ""), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        # The refusal is printed at the top of the page: land there, not on the row.
        return HttpResponseRedirect(sheet_url + "#contenu")
    messages.success(
        request,
        gettext("%(name)s : %(status)s.")
        % {"name": member.full_name, "status": attendance.get_status_display()},
    )
    return HttpResponseRedirect(sheet_url + f"#personne-{member.pk}")


@require_POST
@staff_required
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add someone on the spot (staff, POST); errors are shown on the sheet, input kept."""
    meeting = _meeting_or_404(pk)
    form = AttendanceAddForm(request.POST, meeting=meeting, action=request.path)
    if form.is_valid():
        try:
            attendance = services.attendance_add_person(
                meeting=meeting,
                actor=request.user,
                member=form.cleaned_data.get("member"),
                guest=form.guest(),
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                gettext("%(name)s est ajouté·e à la feuille de présence.")
                % {"name": attendance.member.full_name},
            )
            return redirect("meetings:attendance_sheet", pk=meeting.pk)
    return _sheet_page(request, meeting, add_form=form, status=400)


@require_safe
@staff_required
def attendance_overview(request: HttpRequest) -> HttpResponse:
    """Every member in mandate: present / excused / absent rates and absence alerts (staff)."""
    records = selectors.attendance_overview()
    context = {
        "records": records,
        "alerts": [r for r in records if r.alert],
        "threshold": selectors.absence_alert_threshold(),
    }
    return render(request, "meetings/attendance_overview.html", context)


@require_safe
@staff_required
def member_attendance(request: HttpRequest, member_pk: int) -> HttpResponse:
    """One person's attendance over time, sitting by sitting (staff)."""
    member = get_object_or_404(Member, pk=member_pk)
    context = {
        "record": selectors.member_attendance_record(member=member),
        "member": member,
        "threshold": selectors.absence_alert_threshold(),
    }
    return render(request, "meetings/attendance_member.html", context)


# --- answering a convocation --------------------------------------------------------------


def _rsvp_page(request: HttpRequest, invitation: MeetingInvitation, *, back_url: str) -> HttpResponse:
    meeting = invitation.meeting
    is_open = services.rsvp_is_open(meeting)
    form = None
    status = 200
    if is_open:
        if request.method == "POST":
            form = RsvpForm(request.POST)
            if form.is_valid():
                try:
                    services.invitation_answer(
                        invitation=invitation,
                        answer=form.cleaned_data["answer"],
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    form.add_error(None, _error_text(error))
                else:
                    messages.success(request, gettext("Votre réponse est enregistrée. Merci."))
                    target = request.POST.get("next", "")
                    if target and url_has_allowed_host_and_scheme(
                        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                    ):
                        return HttpResponseRedirect(target)
                    return HttpResponseRedirect(back_url)
            status = 400
        else:
            initial = {"reason": invitation.reason}
            if invitation.answer != "pending":
                initial["answer"] = invitation.answer
            elif request.GET.get("reponse") in ("attending", "excused"):
                initial["answer"] = request.GET["reponse"]
            form = RsvpForm(initial=initial)
    elif request.method == "POST":
        messages.error(request, gettext("La séance a commencé : votre réponse ne peut plus être modifiée."))
        status = 409
    invitation.refresh_from_db(fields=["answer", "reason", "answered_at"])
    context = {
        "invitation": invitation,
        "meeting": meeting,
        "when": services.meeting_when_display(meeting),
        "place": services.meeting_place_display(meeting),
        "agenda": list(meeting.agenda_items.order_by("order", "pk")),
        "is_open": is_open,
        "form": form,
    }
    response = render(request, "meetings/meeting_rsvp.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@secret_link_page
def meeting_rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """Answer a convocation from the e-mail's signed link, without logging in (anyone with the link)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    try:
        invitation = services.rsvp_invitation_from_token(token)
    except (signing.BadSignature, MeetingInvitation.DoesNotExist) as error:
        raise Http404 from error
    return _rsvp_page(request, invitation, back_url=request.path)


@member_required
def meeting_rsvp_member(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a convocation from the member's space (members convoked to this sitting; others: 404)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    invitation = get_object_or_404(
        MeetingInvitation.objects.select_related("meeting__venue", "member"), meeting_id=pk, member=member
    )
    return _rsvp_page(request, invitation, back_url=request.path)
