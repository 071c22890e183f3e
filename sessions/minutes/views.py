"""Pages of the minutes (comptes-rendus): the readers' pages, then the staff editor and workflow.

Readers' pages (lists, HTML version, official PDF, annexes). Who may see what
(``sessions.minutes.selectors.minutes_visible_to``):
- published public minutes: everyone, without logging in;
- published minutes for members: members in mandate and staff;
- minutes under review: the people present at the sitting, and staff;
- drafts and versions being published: staff only.
Minutes a logged-in user may not see are a 404, so a draft's existence is not revealed.
An anonymous visitor is sent to the login page (and back) for minutes published for members
only and for minutes under review, whose link the attendees get by e-mail; they get a 404
for drafts and everything else.

The editor and workflow pages: staff only (``staff_required``: anonymous → login page,
others → 403), except ``correction_create``, open to the people present at the sitting while
the minutes are under review (anyone else gets a 404, as for the minutes themselves). Every
page works without JavaScript; deleting asks for confirmation on a page of its own.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from cln_portal.dates import DatePrecision, format_flexible_date
from cln_portal.files import stored_file_response
from cln_portal.markup import FootnoteSet
from cln_portal.permissions import is_staff, staff_required
from workstreams.models import Contact, NextStep, Proposal, Question, QuestionTheme

from ..models import (
    Annex,
    CalendarEntry,
    CorrectionStatus,
    Footnote,
    Meeting,
    Minutes,
    MinutesCorrection,
    MinutesEvent,
    MinutesSection,
    MinutesStatus,
)
from . import forms as f
from .checks import minutes_check
from .diff import minutes_diff
from .history import event_label
from .pdf import minutes_pdf_filename, render_minutes_page_html, render_minutes_pdf
from .section_forms import ROW_KINDS, SectionEditor
from .selectors import (
    minutes_list_visible,
    minutes_may_review,
    minutes_versions,
    minutes_visible_get,
    minutes_visible_to,
    section_block,
    section_editor_records,
    section_records,
)
from .services import (
    StaleEdit,
    correction_decide,
    correction_propose,
    minutes_approve,
    minutes_back_to_draft,
    minutes_create,
    minutes_draft_pdf_ready,
    minutes_draft_pdf_request,
    minutes_new_version,
    minutes_publish,
    minutes_publish_retry,
    minutes_record_delete,
    minutes_record_save,
    minutes_send_for_review,
    minutes_update,
    record_fingerprint,
    section_move,
    section_record_save,
    section_reorder,
    section_save_all,
)

# ---------------------------------------------------------------- readers' pages

ANNEX_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def _visible_or_404(request: HttpRequest, pk: int, *, defer: tuple[str, ...] = ()) -> Minutes:
    """The minutes if ``request.user`` may read them; else login page (anonymous, members-only
    published minutes or minutes under review) or 404. ``defer``: fields not to load."""
    minutes = minutes_visible_get(user=request.user, pk=pk, defer=defer)
    if minutes is not None:
        return minutes
    # The review e-mail links attendees to the minutes: logged out, they must reach the login
    # page, not a 404. Only that a version is under review is told; a draft stays a 404.
    if (
        not request.user.is_authenticated
        and Minutes.objects.filter(pk=pk, status__in=(MinutesStatus.PUBLISHED, MinutesStatus.REVIEW)).exists()
    ):
        raise _LoginRequired
    raise Http404


class _LoginRequired(Exception):
    pass


def _login_or_404(view):
    """Turn ``_LoginRequired`` into a redirect to the login page, keeping ``next``."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_safe
@login_required
def minutes_list(request: HttpRequest) -> HttpResponse:
    """The latest readable version of each sitting's minutes, newest first (logged-in users)."""
    minutes = minutes_list_visible(user=request.user)
    return render(request, "meetings/minutes_list.html", {"minutes_list": minutes})


@require_safe
def public_minutes_list(request: HttpRequest) -> HttpResponse:
    """Minutes published to the public, newest first (everyone, no login)."""
    minutes = minutes_list_visible(user=AnonymousUser())
    return render(request, "meetings/minutes_list.html", {"minutes_list": minutes, "public_list": True})


@require_safe
@_login_or_404
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML version of one version of the minutes, with the list of the sitting's versions.

    Who: see the module docstring. A published version shows its frozen page
    (``html_snapshot``) when it has one; drafts are rendered from the records.
    """
    minutes = _visible_or_404(request, pk)
    if minutes.is_published and minutes.html_snapshot:
        article = mark_safe(minutes.html_snapshot)  # noqa: S308 -- rendered by our templates at publication
    else:
        article = mark_safe(render_minutes_page_html(minutes=minutes))  # noqa: S308 -- template output, autoescaped
    versions = minutes_versions(minutes=minutes, user=request.user)
    newer = next((v for v in versions if v.version > minutes.version and v.is_published), None)
    # What changed since the previous published version this reader may see (issue 14).
    previous = next((v for v in versions if v.version < minutes.version and v.is_published), None)
    changes = None
    if minutes.is_published and previous is not None:
        changes = minutes_diff(older=Minutes.objects.get(pk=previous.pk), newer=minutes)
    may_review = minutes_may_review(user=request.user, minutes=minutes)
    corrections = []
    if minutes.status == MinutesStatus.REVIEW and (may_review or is_staff(request.user)):
        corrections = list(
            MinutesCorrection.objects.filter(minutes=minutes)
            .select_related("author__member", "section")
            .order_by("created_at", "pk")
        )
    context = {
        "minutes": minutes,
        "article": article,
        "versions": versions,
        "newer": newer,
        "changes": changes,
        "can_edit": is_staff(request.user) and minutes.is_editable,
        # The sitting's page is for staff only (meetings:meeting_detail).
        "show_meeting_link": is_staff(request.user),
        "may_review": may_review,
        "corrections": corrections,
        "correction_form": f.CorrectionForm(minutes=minutes) if may_review else None,
        "pending_corrections": [c for c in corrections if c.status == CorrectionStatus.PENDING],
        "meeting_date_display": format_flexible_date(minutes.meeting.date, None, DatePrecision.DAY),
        "issued_on_display": format_flexible_date(minutes.issued_on, None, DatePrecision.DAY),
    }
    return render(request, "meetings/minutes_detail.html", context)


@require_safe
@_login_or_404
def minutes_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """Download the official PDF of one version (who: as ``minutes_detail``).

    A published version serves its stored file, byte for byte (the SHA-256 shown on the
    page); a version without a stored file (a draft, or minutes published before the
    portal stored PDFs) is rendered now, which takes about a second.
    """
    minutes = _visible_or_404(request, pk, defer=("html_snapshot", "opening", "workstreams_intro"))
    filename = minutes_pdf_filename(minutes)
    if minutes.pdf and minutes.is_published:
        # Checked above: whoever gets here may read it. Public minutes may sit in shared caches.
        changed = max(filter(None, (minutes.published_at, minutes.redacted_at)), default=None)
        return stored_file_response(
            request,
            minutes.pdf,
            filename=filename,
            content_type="application/pdf",
            sha256=minutes.pdf_sha256,
            last_modified=changed,
            public=minutes.is_public,
        )
    handle = ContentFile(render_minutes_pdf(minutes=minutes))
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    # Drafts change: never let a browser or proxy keep one.
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@_login_or_404
def minutes_annex_file(request: HttpRequest, pk: int) -> FileResponse:
    """An annex's uploaded file (PDF or image), for whoever may read its minutes."""
    annex = get_object_or_404(Annex.objects.exclude(file=""), pk=pk)
    minutes = _visible_or_404(request, annex.minutes_id)
    extension = "." + annex.file.name.rsplit(".", 1)[-1].lower() if "." in annex.file.name else ""
    content_type = ANNEX_CONTENT_TYPES.get(extension, "application/octet-stream")
    response = FileResponse(
        annex.file.open("rb"),
        as_attachment=content_type == "application/pdf",
        filename=f"annexe-{annex.pk}{extension}",
        content_type=content_type,
    )
    response["Cache-Control"] = "private, max-age=3600" if minutes.is_published else "private, no-store"
    return response


# ---------------------------------------------------------------- editor and workflow (staff)


@dataclass(frozen=True)
class RecordKind:
    """A kind of record the editor creates, edits and deletes through the generic pages.

    ``parent`` is "minutes" or "section"; ``axis`` records belong to the ``workstreams``
    app and are saved through ``section_record_save`` (tied to the section's axis and the
    sitting).
    """

    slug: str
    model: type[Model]
    form: type[forms.ModelForm]
    label: str
    parent: str
    axis: bool = False


KINDS = {
    kind.slug: kind
    for kind in (
        RecordKind("section", MinutesSection, f.SectionForm, _("section"), "minutes"),
        RecordKind("calendrier", CalendarEntry, f.CalendarEntryForm, _("entrée du calendrier"), "section"),
        RecordKind("note", Footnote, f.FootnoteForm, _("note de bas de page"), "minutes"),
        RecordKind("annexe", Annex, f.AnnexForm, _("annexe"), "minutes"),
        RecordKind("theme", QuestionTheme, f.ThemeForm, _("thème de questions"), "section", axis=True),
        RecordKind("question", Question, f.QuestionForm, _("question"), "section", axis=True),
        RecordKind("proposition", Proposal, f.ProposalForm, _("proposition"), "section", axis=True),
        RecordKind("contact", Contact, f.ContactForm, _("contact"), "section", axis=True),
        RecordKind("etape", NextStep, f.NextStepForm, _("prochaine étape"), "section", axis=True),
    )
}


def _kind(slug: str) -> RecordKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def _minutes(pk: int) -> Minutes:
    return get_object_or_404(Minutes.objects.select_related("meeting"), pk=pk)


def _scoped(kind: RecordKind, minutes: Minutes) -> QuerySet:
    """The records of ``kind`` that belong to ``minutes`` (a record of other minutes is a 404)."""
    model = kind.model
    if model in (MinutesSection, Footnote, Annex):
        return model.objects.filter(minutes=minutes)
    if model is CalendarEntry:
        return model.objects.filter(section__minutes=minutes)
    workstreams = minutes.sections.exclude(workstream=None).values("workstream_id")
    queryset = model.objects.filter(workstream_id__in=workstreams)
    if model is Question:
        return queryset.filter(raised_at_id=minutes.meeting_id)
    if model is QuestionTheme:
        return queryset
    return queryset.filter(meeting_id=minutes.meeting_id)


def _section_for(kind: RecordKind, minutes: Minutes, request: HttpRequest, instance: Model | None):
    """The section a record is edited from: ``?section=`` (or POST), else the one of its axis."""
    if kind.parent != "section":
        return None
    raw = request.POST.get("section") or request.GET.get("section")
    sections = MinutesSection.objects.filter(minutes=minutes).select_related("minutes__meeting", "workstream")
    if raw and raw.isdigit():
        return get_object_or_404(sections, pk=int(raw))
    if instance is not None and kind.model is CalendarEntry:
        return sections.get(pk=instance.section_id)
    if instance is not None and kind.axis:
        section = sections.filter(workstream_id=instance.workstream_id).first()
        if section:
            return section
    raise Http404


def _after_save(minutes: Minutes, section: MinutesSection | None, record: Model | None = None) -> str:
    if section is not None:
        return reverse("meetings:minutes_item_edit", args=[minutes.pk, "section", section.pk])
    if isinstance(record, MinutesSection):
        return reverse("meetings:minutes_item_edit", args=[minutes.pk, "section", record.pk])
    return reverse("meetings:minutes_edit", args=[minutes.pk])


def _form_kwargs(kind: RecordKind, section) -> dict:
    if kind.axis and kind.model is not QuestionTheme:
        return {"workstream": section.workstream if section else None}
    return {}


def _values(form: forms.ModelForm) -> dict:
    """The model fields of a valid form (not the fingerprint or helper fields)."""
    return {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}


def _stale_form(form_class, request, *, current: Model, **kwargs):
    """The submitted form again, bound to what was typed, carrying the current fingerprint.

    Submitting it again saves the typed text over the newer one: a choice, not an accident.
    """
    data = request.POST.copy()
    data["fingerprint"] = record_fingerprint(current)
    return form_class(data, request.FILES or None, **kwargs)


def _current_values(form: forms.ModelForm, current: Model) -> list[tuple[str, str]]:
    """``(label, stored value)`` of the form's fields, to show beside the typed text."""
    rows = []
    for name in form._meta.fields:
        field = form.fields.get(name)
        if field is None:
            continue
        value = getattr(current, name, "")
        if hasattr(current, f"get_{name}_display"):
            value = getattr(current, f"get_{name}_display")()
        rows.append((str(field.label), "" if value is None else str(value)))
    return rows


# --- The minutes -----------------------------------------------------------------------


@staff_required
def minutes_create_view(request: HttpRequest) -> HttpResponse:
    """Start the compte-rendu of a sitting (staff)."""
    initial = {"issued_on": timezone.localdate()}
    page_title = gettext("Rédiger un compte-rendu")
    raw = request.GET.get("seance", "")
    if raw.isdigit():
        meeting = Meeting.objects.filter(pk=int(raw)).first()
        if meeting:
            initial |= {
                "meeting": meeting,
                "title": gettext("Conseil local du numérique du %(date)s") % {"date": meeting.date_display},
            }
            page_title = gettext("Rédiger le compte-rendu de la séance du %(date)s") % {
                "date": meeting.date_display
            }
    form = f.MinutesCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            minutes = minutes_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Le projet de compte-rendu est créé."))
            return redirect("meetings:minutes_edit", minutes.pk)
    return render(
        request,
        "meetings/editor/form_page.html",
        {"form": form, "title": page_title, "submit": gettext("Créer le projet")},
    )


@staff_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's home: the minutes' own texts, their sections, notes, annexes, checks and workflow (staff)."""
    minutes = _minutes(pk)
    stale_current = None
    if request.method == "POST":
        form = f.MinutesForm(request.POST, instance=minutes)
        if form.is_valid():
            try:
                minutes_update(
                    minutes=minutes,
                    actor=request.user,
                    values=_values(form),
                    fingerprint=form.cleaned_data["fingerprint"],
                )
            except StaleEdit as error:
                stale_current = error.current
                form = _stale_form(f.MinutesForm, request, current=error.current, instance=_minutes(pk))
                form.is_valid()
                form.add_error(None, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Compte-rendu enregistré."))
                return redirect("meetings:minutes_edit", pk)
    else:
        form = f.MinutesForm(instance=minutes, initial={"fingerprint": record_fingerprint(minutes)})
    sections = list(minutes.sections.select_related("workstream").order_by("part", "order", "pk"))
    context = {
        "minutes": minutes,
        "form": form if minutes.is_editable else None,
        "stale_rows": _current_values(form, stale_current) if stale_current else None,
        "sections": sections,
        "footnotes": list(minutes.footnotes.order_by("pk")),
        "annexes": list(minutes.annexes.order_by("order", "pk")),
        "warnings": minutes_check(minutes=minutes) if minutes.is_editable else [],
        "corrections": list(
            MinutesCorrection.objects.filter(minutes=minutes).select_related("author__member", "section")
        ),
        "events": _labelled(
            MinutesEvent.objects.filter(minutes=minutes)
            .select_related("actor__member")
            .order_by("-created_at")[:20]
        ),
        "versions": list(minutes_visible_to(user=request.user).filter(meeting_id=minutes.meeting_id)),
        "decision_form": f.DecisionForm(),
    }
    return render(request, "meetings/editor/minutes_edit.html", context)


@staff_required
def minutes_item_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a section, note, annex, calendar entry or axis record to the minutes (staff)."""
    return _item_form(request, _minutes(pk), _kind(kind), instance=None)


@staff_required
def minutes_item_edit(request: HttpRequest, pk: int, kind: str, item: int) -> HttpResponse:
    """Change one record of the minutes; a section's page also lists what it prints (staff)."""
    minutes = _minutes(pk)
    record_kind = _kind(kind)
    instance = get_object_or_404(_scoped(record_kind, minutes), pk=item)
    return _item_form(request, minutes, record_kind, instance=instance)


def _item_form(request: HttpRequest, minutes: Minutes, kind: RecordKind, *, instance) -> HttpResponse:
    section = _section_for(kind, minutes, request, instance)
    if kind.axis and (section is None or section.workstream_id is None):
        messages.error(request, gettext("Liez d’abord cette section à un axe de travail."))
        return redirect(_after_save(minutes, section))
    if not minutes.is_editable and request.method == "POST":
        messages.error(request, gettext("Une version publiée ne change plus : créez une nouvelle version."))
        return redirect("meetings:minutes_detail", minutes.pk)
    extra = _form_kwargs(kind, section)
    stale_current = None
    if request.method == "POST":
        form = kind.form(request.POST, request.FILES or None, instance=instance, **extra)
        if form.is_valid():
            values = _values(form)
            try:
                if kind.axis:
                    record = section_record_save(
                        section=section,
                        instance=instance or kind.model(),
                        values=values,
                        fingerprint=form.cleaned_data.get("fingerprint"),
                        actor=request.user,
                        new_theme=form.cleaned_data.get("new_theme", ""),
                    )
                else:
                    new = instance or kind.model(
                        **({"section": section} if kind.parent == "section" else {"minutes": minutes})
                    )
                    record = minutes_record_save(
                        minutes=minutes,
                        instance=new,
                        values=values,
                        fingerprint=form.cleaned_data.get("fingerprint"),
                        actor=request.user,
                    )
            except StaleEdit as error:
                stale_current = error.current
                form = _stale_form(kind.form, request, current=error.current, instance=instance, **extra)
                form.is_valid()
                form.add_error(None, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Enregistré : %(label)s.") % {"label": kind.label})
                return redirect(_after_save(minutes, section, record))
    else:
        initial = {"fingerprint": record_fingerprint(instance)} if instance else {}
        if instance is None and kind.model is MinutesSection and request.GET.get("partie", "").isdigit():
            initial["part"] = int(request.GET["partie"])
        form = kind.form(instance=instance, initial=initial, **extra)
    context = {
        "minutes": minutes,
        "kind": kind,
        "instance": instance,
        "section": section,
        "form": form,
        "stale_rows": _current_values(form, stale_current) if stale_current else None,
        "records": section_records(section=instance) if isinstance(instance, MinutesSection) else None,
    }
    # A POST that comes back to the form was refused (a saved one redirects): say so in the
    # status, 409 when someone else saved first.
    status = (409 if stale_current else 400) if request.method == "POST" else 200
    return render(request, "meetings/editor/item_form.html", context, status=status)


@staff_required
def minutes_item_delete(request: HttpRequest, pk: int, kind: str, item: int) -> HttpResponse:
    """Ask, then delete one record of the minutes (staff; POST deletes)."""
    minutes = _minutes(pk)
    record_kind = _kind(kind)
    instance = get_object_or_404(_scoped(record_kind, minutes), pk=item)
    section = (
        _section_for(record_kind, minutes, request, instance) if record_kind.parent == "section" else None
    )
    if request.method == "POST":
        try:
            minutes_record_delete(minutes=minutes, instance=instance, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Supprimé : %(label)s.") % {"label": record_kind.label})
        return redirect(_after_save(minutes, section))
    return render(
        request,
        "meetings/editor/item_confirm_delete.html",
        {"minutes": minutes, "kind": record_kind, "instance": instance, "section": section},
    )


@require_POST
@staff_required
def minutes_section_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Move a section up or down in its part, or put the part in the posted ``order`` (staff, POST)."""
    minutes = _minutes(pk)
    section = get_object_or_404(
        MinutesSection.objects.filter(minutes=minutes).select_related("minutes"), pk=item
    )
    order = [int(pk) for pk in request.POST.getlist("order") if pk.isdigit()]
    try:
        if order:  # drag and drop sends the part's new order
            section_reorder(minutes=minutes, part=section.part, ordered_ids=order, actor=request.user)
        else:
            section_move(section=section, actor=request.user, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("meetings:minutes_edit", args=[pk]) + "#sections")


def _labelled(events) -> list:
    """History rows with their French label (``label``) instead of the action code."""
    events = list(events)
    for event in events:
        event.label = event_label(event.action)
    return events


# --- The one-page section editor ------------------------------------------------------------


@staff_required
def minutes_section_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Write a whole section on one page: its texts, themes and questions, proposals, contacts,
    next steps, calendar and notes, saved by one submit in one transaction (staff).

    « Monter / descendre » buttons submit the page too (nothing typed is lost) and move the
    row; a deletion needs its box ticked. Beside the form, the section as it will print.
    """
    minutes = _minutes(pk)
    section = get_object_or_404(
        MinutesSection.objects.filter(minutes=minutes).select_related("workstream", "minutes__meeting"),
        pk=item,
    )
    records = section_editor_records(section=section)
    stale_rows = None
    stale_target = None
    if request.method == "POST":
        if not minutes.is_editable:
            messages.error(
                request, gettext("Une version publiée ne change plus : créez une nouvelle version.")
            )
            return redirect("meetings:minutes_detail", minutes.pk)
        editor = SectionEditor(section=section, records=records, data=request.POST)
        if editor.is_valid():
            move = request.POST.get("move", "")
            if move:
                editor.apply_move(move)
            try:
                result = section_save_all(section=section, submission=editor.submission(), actor=request.user)
            except StaleEdit as error:
                data, stale_target = editor.rebind_stale(error.current)
                editor = SectionEditor(section=section, records=records, data=data)
                editor.is_valid()
                editor.form.add_error(None, error)
                stale_rows = _stale_record_rows(error.current)
            except ValidationError as error:
                editor.form.add_error(None, error)
            else:
                _section_saved_message(request, result)
                anchor = "#liste-" + move.split("-", 1)[0] if move else ""
                return redirect(reverse("meetings:minutes_section_edit", args=[pk, item]) + anchor)
    else:
        editor = SectionEditor(section=section, records=records)
    groups = editor.theme_groups()
    document = {"footnote_set": FootnoteSet(list(records["note_queryset"]), mode="html")}
    context = {
        "minutes": minutes,
        "section": section,
        "editor": editor,
        "form": editor.form,
        "formsets": editor.formsets,
        "theme_groups": [group for group in groups if group[0] is not None],
        "unthemed_questions": next((rows for theme, rows in groups if theme is None), []),
        "row_labels": {kind: label for kind, (_form, _model, label) in ROW_KINDS.items()},
        "stale_rows": stale_rows,
        "stale_target": stale_target,
        "preview_block": section_block(section=section),
        "public_names": minutes.is_public,
        **document,
    }
    return render(request, "meetings/editor/section_edit.html", context)


def _stale_record_rows(current: Model) -> list[tuple[str, str]]:
    """``(label, stored value)`` of a record saved by someone else meanwhile."""
    rows = []
    for model_field in current._meta.concrete_fields:
        if model_field.primary_key or not model_field.editable or model_field.name == "order":
            continue
        value = getattr(current, model_field.name, "")
        if model_field.choices:
            value = getattr(current, f"get_{model_field.name}_display")()
        if value in (None, ""):
            continue
        rows.append((str(model_field.verbose_name), str(value)))
    return rows


def _section_saved_message(request: HttpRequest, result) -> None:
    message = gettext("Section enregistrée.")
    if result.created:
        message += " " + gettext("%(count)s élément(s) ajouté(s).") % {"count": result.created}
    if result.deleted:
        message += " " + gettext("Supprimé : %(items)s.") % {"items": " ; ".join(result.deleted)}
    messages.success(request, message)


# --- The provisional PDF --------------------------------------------------------------------


@staff_required
def minutes_draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """« Voir le PDF provisoire »: POST asks a task to render it; GET shows its progress, the
    page reloading itself every 2 seconds until the file is ready, then links to it (staff)."""
    minutes = _minutes(pk)
    if request.method == "POST":
        minutes_draft_pdf_request(minutes=minutes, actor=request.user)
        return redirect("meetings:minutes_draft_pdf", pk)
    ready = minutes_draft_pdf_ready(minutes)
    pending = bool(minutes.draft_pdf_requested_at) and not ready and not minutes.draft_pdf_error
    return render(
        request,
        "meetings/editor/draft_pdf.html",
        {"minutes": minutes, "ready": ready, "pending": pending},
    )


@require_safe
@staff_required
def minutes_draft_pdf_file(request: HttpRequest, pk: int) -> FileResponse:
    """The stored provisional PDF (staff); 404 until one has been rendered."""
    minutes = _minutes(pk)
    if not minutes.draft_pdf:
        raise Http404
    response = FileResponse(
        minutes.draft_pdf.open("rb"),
        as_attachment=False,
        filename=minutes_pdf_filename(minutes),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Review ----------------------------------------------------------------------------


@require_POST
@staff_required
def minutes_review_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft to the attendees for review (staff, POST)."""
    minutes = _minutes(pk)
    try:
        minutes_send_for_review(minutes=minutes, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Le projet est envoyé en relecture aux personnes présentes."))
    return redirect("meetings:minutes_edit", pk)


@require_POST
@staff_required
def minutes_review_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a version under review back to draft (staff, POST)."""
    try:
        minutes_back_to_draft(minutes=_minutes(pk), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("meetings:minutes_edit", pk)


@require_POST
def correction_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a correction (POST; the people present at the sitting and staff, during review).

    Anyone who may not read the minutes gets a 404, as on the minutes' page.
    """
    minutes = get_object_or_404(minutes_visible_to(user=request.user), pk=pk)
    form = f.CorrectionForm(request.POST, minutes=minutes)
    if form.is_valid():
        try:
            correction_propose(
                minutes=minutes,
                actor=request.user,
                text=form.cleaned_data["text"],
                section=form.cleaned_data["section"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Merci : votre correction est transmise à l’équipe."))
            return redirect(reverse("meetings:minutes_detail", args=[pk]) + "#corrections-titre")
    else:
        # What was typed comes back in the message, so nothing is lost.
        messages.error(
            request,
            gettext("La correction n’a pas pu être enregistrée : %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect(reverse("meetings:minutes_detail", args=[pk]) + "#corrections-titre")


@require_POST
@staff_required
def correction_decide_view(request: HttpRequest, pk: int, item: int, decision: str) -> HttpResponse:
    """Accept or decline a proposed correction (staff, POST)."""
    if decision not in ("accepter", "refuser"):
        raise Http404
    correction = get_object_or_404(
        MinutesCorrection.objects.select_related("minutes"), pk=item, minutes_id=pk
    )
    form = f.DecisionForm(request.POST)
    note = form.cleaned_data["decision_note"] if form.is_valid() else ""
    try:
        correction_decide(correction=correction, actor=request.user, accept=decision == "accepter", note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if correction.status == CorrectionStatus.PENDING:
            messages.success(request, gettext("Décision enregistrée."))
    return redirect(reverse("meetings:minutes_edit", args=[pk]) + "#corrections")


# --- Publication, versions, approval -------------------------------------------------------


@staff_required
def minutes_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The consistency warnings, each to tick, then publish (staff)."""
    minutes = _minutes(pk)
    if not minutes.is_editable:
        return redirect("meetings:minutes_edit", pk)
    warnings = minutes_check(minutes=minutes)
    form = f.PublishForm(request.POST or None, warnings=warnings)
    if request.method == "POST" and form.is_valid():
        try:
            minutes_publish(
                minutes=minutes, actor=request.user, acknowledged_warnings=form.cleaned_data["acknowledged"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _publication_message(request, pk)
            return redirect("meetings:minutes_edit", pk)
    return render(
        request,
        "meetings/editor/minutes_publish.html",
        {"minutes": minutes, "form": form, "warnings": warnings},
    )


def _publication_message(request: HttpRequest, pk: int) -> None:
    # Without a broker the task has already run (eagerly, after commit) when we get here.
    status = Minutes.objects.filter(pk=pk).values_list("status", flat=True).first()
    if status == MinutesStatus.PUBLISHED:
        messages.success(request, gettext("Le compte-rendu est publié ; les membres sont prévenus."))
    elif status == MinutesStatus.PUBLISHING:
        messages.info(request, gettext("Publication en cours : le PDF officiel est en cours de production."))
    else:
        messages.error(
            request, gettext("La publication a échoué : voyez l’erreur ci-dessous, puis réessayez.")
        )


@require_POST
@staff_required
def minutes_publish_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish again after a failed render (staff, POST)."""
    try:
        minutes_publish_retry(minutes=_minutes(pk), actor=request.user)
    except ValidationError:
        messages.warning(
            request, gettext("De nouveaux avertissements sont apparus : lisez-les avant de publier.")
        )
        return redirect("meetings:minutes_publish", pk)
    _publication_message(request, pk)
    return redirect("meetings:minutes_edit", pk)


@staff_required
def minutes_new_version_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a published compte-rendu: start its next version with a "what changed" note (staff)."""
    minutes = _minutes(pk)
    form = f.NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = minutes_new_version(
                minutes=minutes, actor=request.user, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, gettext("La version %(version)s est créée en projet.") % {"version": copy.version}
            )
            return redirect("meetings:minutes_edit", copy.pk)
    return render(
        request,
        "meetings/editor/form_page.html",
        {
            "form": form,
            "minutes": minutes,
            "title": gettext("Corriger par une nouvelle version"),
            "intro": gettext(
                "La version %(version)s publiée reste téléchargeable telle quelle ; la nouvelle version reprend "
                "ses textes, à corriger puis publier."
            )
            % {"version": minutes.version},
            "submit": gettext("Créer la nouvelle version"),
        },
    )


@staff_required
def minutes_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the approval of published minutes at a later sitting (staff)."""
    minutes = _minutes(pk)
    form = f.ApproveForm(request.POST or None, minutes=minutes, initial={"approved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            minutes_approve(minutes=minutes, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Approbation enregistrée."))
            return redirect("meetings:minutes_detail", pk)
    return render(
        request,
        "meetings/editor/form_page.html",
        {
            "form": form,
            "minutes": minutes,
            "title": gettext("Approbation du compte-rendu"),
            "submit": gettext("Enregistrer"),
        },
    )
