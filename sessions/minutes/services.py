"""Writes of the minutes (comptes-rendus): structured editing, review, publication, versions.

The life of one version (``Minutes.status``)::

    draft ──send for review──▶ review ──publish──▶ publishing ──task──▶ published
      ▲                          │                     │ render failed
      └──────back to draft───────┘                     └──▶ back to draft/review, error shown

- Every edit service takes the submitted ``fingerprint`` of the record as it was when the
  form was opened (``record_fingerprint``); when the stored record changed since (another
  staff member saved it), ``StaleEdit`` is raised and nothing is written, so the view can
  show both texts and lose nothing.
- A version that is publishing or published never changes: every edit service refuses it
  (``ValidationError``), and so does the admin. A correction is a new version
  (``minutes_new_version``) that copies the structured records and says what changed.
- ``minutes_publish`` only marks the version "publishing" and enqueues
  the task ``tasks.minutes_publish_render`` after commit; the task
  (``minutes_publication_run``) renders the PDF once, stores it with its SHA-256 and the
  frozen HTML page, marks it published and queues the e-mails, all in one transaction, or
  puts the version back with the error when the render fails.
"""

import dataclasses
import datetime
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max, ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy

from cln_portal.links import absolute_url
from cln_portal.pdf import html_to_pdf, pdf_store
from members.models import Member
from notifications.services import Attachment, notification_queue
from workstreams.models import Question, QuestionStatus, QuestionTheme, Workstream
from workstreams.services import question_answer, question_answered_notify, workstream_save

from ..models import (
    Attendance,
    AttendanceStatus,
    CorrectionStatus,
    Meeting,
    Minutes,
    MinutesCorrection,
    MinutesEvent,
    MinutesSection,
    MinutesStatus,
    SectionPart,
)
from ..notification_kinds import MINUTES_PUBLISHED, MINUTES_REVIEW

# The module, not the task: the task module imports this one (a task calls a service), and
# a module import works whichever of the two Python loads first.
from . import tasks
from .checks import minutes_check
from .pdf import minutes_pdf_filename, render_minutes_html, render_minutes_page_html, render_minutes_pdf
from .selectors import minutes_may_review

logger = logging.getLogger(__name__)


class StaleEdit(ValidationError):
    """The record changed since the form was opened; ``current`` is the stored record."""

    def __init__(self, *, current: models.Model):
        super().__init__(
            gettext(
                "Quelqu’un a enregistré une autre modification de cet élément depuis que vous l’avez "
                "ouvert. Votre texte n’a pas été enregistré, il est conservé ci-dessous avec la version "
                "enregistrée entre-temps : reprenez ce qui doit l’être, puis enregistrez à nouveau."
            ),
            code="stale",
        )
        self.current = current


# --- Helpers -------------------------------------------------------------------------


def record_fingerprint(instance: models.Model) -> str:
    """A SHA-256 (hex) of a record's stored field values, put in a hidden field of its form.

    Any save by someone else changes it (``Minutes.updated_at`` alone is not enough: child
    records have no such field, and the axis' records belong to another app).
    """
    values = {}
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        values[field.attname] = str(value) if value is not None else None
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def _event(*, minutes: Minutes, actor, action: str, note: str = "") -> None:
    MinutesEvent.objects.create(minutes=minutes, actor=actor, action=action, note=note[:5000])


def _lock_editable(minutes: Minutes) -> Minutes:
    """Lock the minutes row and check that its content may still change; return the fresh row."""
    locked = Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
    if not locked.is_editable:
        if locked.status == MinutesStatus.PUBLISHING:
            message = gettext(
                "La publication de ce compte-rendu est en cours : il ne peut plus être modifié."
            )
        else:
            message = gettext(
                "Ce compte-rendu est publié : une version publiée ne change plus. "
                "Pour le corriger, créez une nouvelle version."
            )
        raise ValidationError(message, code="frozen")
    return locked


def _check_fresh(instance: models.Model, fingerprint: str | None) -> None:
    """Raise ``StaleEdit`` when the stored ``instance`` no longer has ``fingerprint``."""
    if instance.pk is None or not fingerprint:
        return
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if record_fingerprint(current) != fingerprint:
        raise StaleEdit(current=current)


def _apply(instance: models.Model, values: dict) -> models.Model:
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


# --- Creating and editing ------------------------------------------------------------


@transaction.atomic
def minutes_create(
    *,
    meeting: Meeting,
    actor,
    title: str,
    issued_on: datetime.date,
    headline: str = "",
    visibility: str = "members",
) -> Minutes:
    """Start the compte-rendu of ``meeting`` (version 1, draft) and return it.

    One section is prepared per agenda item, tied to its axis, in the agenda's order.
    Raises ``ValidationError`` when the sitting already has minutes (correct them by a new
    version instead).
    """
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            gettext(
                "Cette séance a déjà un compte-rendu : ouvrez-le, ou corrigez-le par une nouvelle version."
            ),
            code="exists",
        )
    minutes = Minutes(
        meeting=meeting,
        version=1,
        status=MinutesStatus.DRAFT,
        title=title,
        headline=headline,
        issued_on=issued_on,
        visibility=visibility,
    )
    minutes.full_clean()
    minutes.save()
    for order, item in enumerate(meeting.agenda_items.order_by("order", "pk")):
        MinutesSection.objects.create(
            minutes=minutes,
            part=SectionPart.WORKSTREAMS,
            order=order,
            title=item.title[:200],
            workstream=item.workstream,
        )
    _event(minutes=minutes, actor=actor, action="created")
    return minutes


@transaction.atomic
def minutes_update(*, minutes: Minutes, actor, values: dict, fingerprint: str | None) -> Minutes:
    """Change the minutes' own fields (title, opening, visibility…). Raises ``StaleEdit``, ``ValidationError``."""
    locked = _lock_editable(minutes)
    _check_fresh(locked, fingerprint)
    _apply(locked, values)
    _event(minutes=locked, actor=actor, action="updated")
    return locked


@transaction.atomic
def minutes_record_save(
    *, minutes: Minutes, instance: models.Model, values: dict, fingerprint: str | None, actor
) -> models.Model:
    """Create or change one record the minutes print, after the freshness and frozen checks.

    ``instance`` is a ``MinutesSection``, ``CalendarEntry``, ``Footnote`` or ``Annex`` of
    ``minutes`` (new or stored). Raises ``StaleEdit`` or ``ValidationError`` (French).
    """
    _lock_editable(minutes)
    _check_fresh(instance, fingerprint)
    if instance.pk is not None:
        instance = type(instance).objects.get(pk=instance.pk)
    created = instance.pk is None
    _apply(instance, values)
    label = instance._meta.model_name
    _event(
        minutes=minutes,
        actor=actor,
        action=f"{label}_{'created' if created else 'updated'}",
        note=str(instance),
    )
    return instance


def _meeting_record(instance: models.Model, *, section: MinutesSection) -> None:
    """Tie a new axis record to the section's axis and the sitting (``raised_at``/``meeting``)."""
    if section.workstream_id is None:
        raise ValidationError(
            gettext("Cette section n’est liée à aucun axe de travail : choisissez d’abord un axe."),
            code="no_workstream",
        )
    if instance.pk is None:
        instance.workstream_id = section.workstream_id
        if isinstance(instance, Question):
            instance.raised_at_id = section.minutes.meeting_id
        elif not isinstance(instance, QuestionTheme):
            instance.meeting_id = section.minutes.meeting_id


# Foreign keys a record of a section takes from the section itself (``_meeting_record``):
# rows this transaction has just locked or read, so their existence needs no query each.
_SITTING_KEYS = ("workstream", "raised_at", "meeting")


def _full_clean_trusting_the_sitting(instance: models.Model) -> None:
    """``full_clean`` without re-querying the section's axis and sitting for every record.

    Every other field, ``clean``, unique checks and constraints are validated as usual
    (an import writes about sixty records: this saves two queries each).
    """
    instance.clean_fields(exclude=[name for name in _SITTING_KEYS if hasattr(instance, f"{name}_id")])
    instance.clean()
    instance.validate_unique()
    instance.validate_constraints()


@transaction.atomic
def section_record_save(
    *,
    section: MinutesSection,
    instance: models.Model,
    values: dict,
    fingerprint: str | None,
    actor,
    new_theme: str = "",
) -> models.Model:
    """Create or change an axis record raised at the sitting, from a section of its minutes.

    ``instance`` is a ``workstreams`` ``Question``, ``QuestionTheme``, ``Proposal``,
    ``Contact`` or ``NextStep``. A question with an answer is answered on the spot (at this
    sitting, on its date) through ``workstreams.services.question_answer``, the rule the
    axis pages follow (a withdrawn question is refused), but without e-mail: the asker and
    followers are told when these minutes are published (``minutes_publication_run``), not
    while staff are still drafting them. ``new_theme`` files it under a theme created on
    the way. Raises ``StaleEdit`` or ``ValidationError`` (French).
    """
    minutes = section.minutes
    _lock_editable(minutes)
    _check_fresh(instance, fingerprint)
    if instance.pk is not None:
        instance = type(instance).objects.get(pk=instance.pk)
    _meeting_record(instance, section=section)
    answer = {}
    if isinstance(instance, Question):
        answer = {name: values.pop(name) for name in ANSWER_FIELDS if name in values}
    for name, value in values.items():
        setattr(instance, name, value)
    if isinstance(instance, Question):
        if new_theme.strip():
            theme, _created = QuestionTheme.objects.get_or_create(
                workstream_id=section.workstream_id,
                title=new_theme.strip()[:200],
                # Counted only when the theme is created (a callable default).
                defaults={
                    "order": lambda: QuestionTheme.objects.filter(workstream_id=section.workstream_id).count()
                },
            )
            instance.theme = theme
        if not answer.get("answer", instance.answer).strip() and instance.status == QuestionStatus.ANSWERED:
            # The answer was cleared in the draft: the question waits for one again.
            instance.answer = ""
            instance.answered_by = None
            instance.answered_by_service = ""
            instance.status = QuestionStatus.OPEN
            instance.answered_at_meeting = None
            instance.answered_on = None
    _full_clean_trusting_the_sitting(instance)
    instance.save()
    if isinstance(instance, Question):
        instance = _answer_on_the_spot(instance, answer, minutes=minutes, actor=actor)
    _event(minutes=minutes, actor=actor, action=f"{instance._meta.model_name}_saved", note=str(instance))
    return instance


# The fields of the editor's question form that make its answer (``question_answer``'s).
ANSWER_FIELDS = ("answer", "answered_by", "answered_by_service")


def _answer_on_the_spot(question: Question, answer: dict, *, minutes: Minutes, actor) -> Question:
    """Record the answer typed in the editor through the axis' one writer, when it changed."""
    text = answer.get("answer", question.answer).strip()
    if not text:
        return question
    given = {
        "answer": text,
        "answered_by": answer.get("answered_by", question.answered_by),
        "answered_by_service": (
            answer.get("answered_by_service", question.answered_by_service) or ""
        ).strip(),
    }
    unchanged = question.status == QuestionStatus.ANSWERED and all(
        getattr(question, name) == value for name, value in given.items()
    )
    if unchanged and question.answered_at_meeting_id == minutes.meeting_id:
        return question
    return question_answer(
        question=question,
        actor=actor,
        answered_on=question.answered_on or minutes.meeting.date,
        answered_at_meeting=minutes.meeting,
        notify=False,
        **given,
    )


@transaction.atomic
def minutes_record_delete(*, minutes: Minutes, instance: models.Model, actor) -> None:
    """Delete a record of the minutes or an axis record raised at the sitting.

    Raises ``ValidationError`` when the minutes are frozen, or when the record is still
    used (a theme that has questions).
    """
    _lock_editable(minutes)
    label = str(instance)
    try:
        instance.delete()
    except ProtectedError:
        raise ValidationError(
            gettext(
                "Cet élément est encore utilisé (un thème qui a des questions, par exemple) : videz-le d’abord."
            ),
            code="protected",
        ) from None
    _event(minutes=minutes, actor=actor, action=f"{instance._meta.model_name}_deleted", note=label)


@transaction.atomic
def section_move(*, section: MinutesSection, actor, up: bool) -> None:
    """Swap ``section`` with its neighbour in its part (``up``: the one before). Renumbers the part."""
    _lock_editable(section.minutes)
    siblings = list(
        MinutesSection.objects.select_for_update()
        .filter(minutes_id=section.minutes_id, part=section.part)
        .order_by("order", "pk")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, item in enumerate(siblings):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])
    _event(minutes=section.minutes, actor=actor, action="section_moved", note=section.title)


# --- The one-page section editor -------------------------------------------------------


@dataclass
class Row:
    """One row of the section editor: a record to create, change, keep or delete.

    ``instance`` is new (no pk) or stored; ``values`` are its typed fields (never ``order``:
    the order is the row's place in its list); ``changed`` is False for a row saved as is
    (only its place may change); ``fingerprint`` is the record as the page showed it.
    """

    instance: models.Model
    values: dict = dataclasses.field(default_factory=dict)
    fingerprint: str | None = None
    changed: bool = False
    delete: bool = False


@dataclass
class ThemeRows:
    """A theme of questions with its questions in order, and the lines pasted under it."""

    theme: Row
    questions: list[Row] = dataclasses.field(default_factory=list)
    pasted: list[str] = dataclasses.field(default_factory=list)


@dataclass
class SectionSubmission:
    """Everything one submit of the section editor holds, each list in the order shown."""

    section: Row
    objective: str | None = None
    objective_fingerprint: str | None = None
    themes: list[ThemeRows] = dataclasses.field(default_factory=list)
    unthemed_questions: list[Row] = dataclasses.field(default_factory=list)
    proposals: list[Row] = dataclasses.field(default_factory=list)
    contacts: list[Row] = dataclasses.field(default_factory=list)
    next_steps: list[Row] = dataclasses.field(default_factory=list)
    calendar_entries: list[Row] = dataclasses.field(default_factory=list)
    footnotes: list[Row] = dataclasses.field(default_factory=list)


@dataclass
class SectionSaveResult:
    """What a save did: labels of the deleted records, and how many were created or moved."""

    deleted: list[str] = dataclasses.field(default_factory=list)
    created: int = 0
    reordered: int = 0


def pasted_lines(text: str) -> list[str]:
    """The questions pasted in a box, one per non-empty line, list marks (« - », « • ») removed."""
    lines = []
    for line in text.splitlines():
        line = line.strip().lstrip("-•*–").strip()
        if line:
            lines.append(line)
    return lines


def _set_order(instance: models.Model, order: int) -> bool:
    """Give a stored record its place without touching anything else; True when it moved."""
    if instance.order == order:
        return False
    type(instance).objects.filter(pk=instance.pk).update(order=order)
    instance.order = order
    return True


@transaction.atomic
def section_save_all(*, section: MinutesSection, submission: SectionSubmission, actor) -> SectionSaveResult:
    """Save one submit of the section editor in one transaction: all of it, or nothing.

    Each record goes through the service that writes it alone (``minutes_record_save``,
    ``section_record_save``, ``minutes_record_delete``, ``workstream_save`` for the axis'
    objective), so the freshness checks, the answer rules and the history rows are the same
    as on the per-record pages. Rows are numbered in the order given (``order`` is never
    typed); pasted lines become questions appended to their theme. Questions are deleted
    before themes, so a theme may be emptied and deleted by the same submit.

    Raises ``StaleEdit`` (a record changed since the page was opened) or
    ``ValidationError`` (French): nothing is written then.
    """
    minutes = section.minutes
    _lock_editable(minutes)
    result = SectionSaveResult()

    if submission.section.changed:
        section = minutes_record_save(
            minutes=minutes,
            instance=section,
            values=submission.section.values,
            fingerprint=submission.section.fingerprint,
            actor=actor,
        )
        section.minutes = minutes

    if submission.objective is not None and section.workstream_id:
        workstream = Workstream.objects.select_for_update().get(pk=section.workstream_id)
        _check_fresh(workstream, submission.objective_fingerprint)
        if workstream.objective != submission.objective:
            workstream.objective = submission.objective
            workstream_save(workstream=workstream, actor=actor)
            _event(minutes=minutes, actor=actor, action="objective_updated", note=workstream.title)

    all_questions = [
        q for group in submission.themes for q in group.questions
    ] + submission.unthemed_questions
    axis_lists = [all_questions, submission.proposals, submission.contacts, submission.next_steps]
    has_axis_rows = any(row.changed or row.delete for rows in axis_lists for row in rows) or any(
        group.theme.changed or group.theme.delete or group.pasted for group in submission.themes
    )
    if has_axis_rows and section.workstream_id is None:
        raise ValidationError(
            gettext("Cette section n’est liée à aucun axe de travail : choisissez d’abord un axe."),
            code="no_workstream",
        )

    def delete(row: Row) -> None:
        if row.instance.pk is not None:
            label = f"{row.instance._meta.verbose_name} « {str(row.instance)[:60]} »"
            minutes_record_delete(minutes=minutes, instance=row.instance, actor=actor)
            result.deleted.append(label)

    for row in all_questions:
        if row.delete:
            delete(row)

    def save_axis(row: Row, order: int, **extra) -> models.Model:
        if row.changed or row.instance.pk is None:
            result.created += row.instance.pk is None
            return section_record_save(
                section=section,
                instance=row.instance,
                values={**row.values, **extra, "order": order},
                fingerprint=row.fingerprint,
                actor=actor,
            )
        result.reordered += _set_order(row.instance, order)
        return row.instance

    def save_own(row: Row, order: int | None, parent: dict) -> models.Model:
        values = dict(row.values)
        if order is not None:
            values["order"] = order
        if row.changed or row.instance.pk is None:
            result.created += row.instance.pk is None
            for name, value in parent.items():
                setattr(row.instance, name, value)
            return minutes_record_save(
                minutes=minutes,
                instance=row.instance,
                values=values,
                fingerprint=row.fingerprint,
                actor=actor,
            )
        if order is not None:
            result.reordered += _set_order(row.instance, order)
        return row.instance

    # Themes, then their questions, numbered per theme in the order shown.
    theme_order = 0
    question_counts: dict[int | None, int] = {}
    kept_themes = []
    for group in submission.themes:
        if group.theme.delete:
            kept_themes.append((group, None))
            continue
        theme = (
            save_axis(group.theme, theme_order) if (group.theme.changed or group.theme.instance.pk) else None
        )
        theme_order += 1
        kept_themes.append((group, theme))

    def final_theme_id(row: Row) -> int | None:
        if row.changed or row.instance.pk is None:
            theme = row.values.get("theme")
            return theme.pk if theme else None
        return row.instance.theme_id

    def save_question(row: Row) -> None:
        theme_id = final_theme_id(row)
        order = question_counts.get(theme_id, 0)
        question_counts[theme_id] = order + 1
        save_axis(row, order)

    for group, theme in kept_themes:
        for row in group.questions:
            if not row.delete:
                save_question(row)
        if theme is None:
            continue
        for text in group.pasted:
            save_question(Row(instance=Question(), values={"text": text, "theme": theme}, changed=True))
    for row in submission.unthemed_questions:
        if not row.delete:
            save_question(row)
    for group, _theme in kept_themes:
        if group.theme.delete:
            delete(group.theme)

    for rows in (submission.proposals, submission.contacts, submission.next_steps):
        order = 0
        for row in rows:
            if row.delete:
                delete(row)
                continue
            save_axis(row, order)
            order += 1

    order = 0
    for row in submission.calendar_entries:
        if row.delete:
            delete(row)
            continue
        save_own(row, order, {"section": section})
        order += 1
    for row in submission.footnotes:
        if row.delete:
            delete(row)
        else:
            save_own(row, None, {"minutes": minutes})

    if result.reordered:
        _event(minutes=minutes, actor=actor, action="records_reordered", note=section.title)
    return result


@transaction.atomic
def section_reorder(*, minutes: Minutes, part: int, ordered_ids: list[int], actor) -> None:
    """Put the sections of one part in the order of ``ordered_ids`` (drag and drop).

    Sections of the part left out of the list keep their place after the listed ones.
    Raises ``ValidationError`` when the minutes are frozen.
    """
    _lock_editable(minutes)
    siblings = list(
        MinutesSection.objects.select_for_update().filter(minutes=minutes, part=part).order_by("order", "pk")
    )
    rank = {pk: index for index, pk in enumerate(ordered_ids)}
    siblings.sort(key=lambda s: (rank.get(s.pk, len(rank)), s.order, s.pk))
    moved = sum(_set_order(item, order) for order, item in enumerate(siblings))
    if moved:
        _event(
            minutes=minutes, actor=actor, action="section_moved", note=", ".join(s.title for s in siblings)
        )


# --- The provisional PDF ---------------------------------------------------------------


@transaction.atomic
def minutes_draft_pdf_request(*, minutes: Minutes, actor) -> Minutes:
    """Ask for a provisional PDF of ``minutes`` as they are now; the task renders it after commit.

    Returns the minutes; the render is done when ``draft_pdf_rendered_at`` reaches
    ``draft_pdf_requested_at`` (``minutes_draft_pdf_ready``).
    """
    locked = Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
    locked.draft_pdf_requested_at = timezone.now()
    locked.draft_pdf_error = ""
    locked.save(update_fields=["draft_pdf_requested_at", "draft_pdf_error"])
    _event(minutes=locked, actor=actor, action="draft_pdf_requested")
    tasks.minutes_draft_pdf_render.delay_on_commit(locked.pk)
    return locked


def minutes_draft_pdf_ready(minutes: Minutes) -> bool:
    """Whether the stored provisional PDF answers the latest request."""
    return bool(
        minutes.draft_pdf
        and minutes.draft_pdf_rendered_at
        and (
            minutes.draft_pdf_requested_at is None
            or minutes.draft_pdf_rendered_at >= minutes.draft_pdf_requested_at
        )
    )


def minutes_draft_pdf_run(*, minutes_id: int) -> str:
    """Render and store the provisional PDF (the task's body): "rendered", "skipped" or "failed".

    Renders without holding any lock (a few seconds: editing goes on meanwhile), then stores
    the file only if no render that started later was stored first, so running it twice or
    two requests racing leave the newest file.
    """
    minutes = Minutes.objects.select_related("meeting").filter(pk=minutes_id).first()
    if minutes is None or minutes_draft_pdf_ready(minutes):
        return "skipped"
    started = timezone.now()
    try:
        pdf = render_minutes_pdf(minutes=minutes)
    except Exception as error:  # noqa: BLE001 -- any render failure is shown on the status page
        logger.exception("Rendering the provisional PDF of minutes %s failed", minutes_id)
        Minutes.objects.filter(pk=minutes_id).update(
            draft_pdf_error=f"{type(error).__name__}: {error}"[:2000]
        )
        return "failed"
    with transaction.atomic():
        locked = Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes_id)
        if locked.draft_pdf_rendered_at and locked.draft_pdf_rendered_at >= started:
            return "skipped"
        pdf_store(instance=locked, field_name="draft_pdf", data=pdf, filename=minutes_pdf_filename(locked))
        locked.draft_pdf_rendered_at = started
        locked.draft_pdf_error = ""
        locked.save(update_fields=["draft_pdf_rendered_at", "draft_pdf_error"])
        MinutesEvent.objects.create(minutes=locked, action="draft_pdf_rendered", note=f"{len(pdf)} octets")
    return "rendered"


# --- Review --------------------------------------------------------------------------


def _attendee_members(minutes: Minutes) -> list[Member]:
    return [
        a.member
        for a in Attendance.objects.filter(
            meeting_id=minutes.meeting_id, status=AttendanceStatus.PRESENT
        ).select_related("member__user")
    ]


@transaction.atomic
def minutes_send_for_review(*, minutes: Minutes, actor) -> Minutes:
    """Send a draft to the people present at the sitting, who may then read it and propose
    corrections. Each of them with an address gets an e-mail. Idempotent on a version already
    under review; raises ``ValidationError`` otherwise when not a draft."""
    locked = _lock_editable(minutes)
    if locked.status == MinutesStatus.REVIEW:
        return locked
    locked.status = MinutesStatus.REVIEW
    locked.review_started_at = timezone.now()
    locked.save(update_fields=["status", "review_started_at", "updated_at"])
    url = absolute_url(reverse("meetings:minutes_detail", args=[locked.pk]))
    for member in _attendee_members(locked):
        email = member.email_address
        if not email:
            continue
        notification_queue(
            kind=MINUTES_REVIEW,
            about=f"meetings.minutes:{locked.pk}:relecture",
            recipient=email,
            member=member,
            template="minutes_review",
            context={
                "minutes": locked,
                "url": url,
                "reason": gettext_lazy("vous étiez présent·e à la séance"),
            },
        )
    _event(minutes=locked, actor=actor, action="review_started")
    return locked


@transaction.atomic
def minutes_back_to_draft(*, minutes: Minutes, actor) -> Minutes:
    """Take a version under review back to draft (attendees no longer see it)."""
    locked = _lock_editable(minutes)
    if locked.status == MinutesStatus.REVIEW:
        locked.status = MinutesStatus.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        _event(minutes=locked, actor=actor, action="review_stopped")
    return locked


@transaction.atomic
def correction_propose(
    *, minutes: Minutes, actor, text: str, section: MinutesSection | None = None
) -> MinutesCorrection:
    """Record a correction proposed by ``actor`` (an attendee, or staff) during the review.

    Raises ``ValidationError`` when the minutes are not under review or ``actor`` was not
    present at the sitting.
    """
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if not minutes_may_review(user=actor, minutes=minutes):
        raise ValidationError(
            gettext(
                "Seules les personnes présentes à la séance peuvent proposer des corrections, pendant la relecture."
            ),
            code="not_reviewer",
        )
    if section is not None and section.minutes_id != minutes.pk:
        raise ValidationError(gettext("Cette section n’appartient pas à ce compte-rendu."), code="section")
    correction = MinutesCorrection(minutes=minutes, author=actor, text=text.strip(), section=section)
    correction.full_clean()
    correction.save()
    _event(minutes=minutes, actor=actor, action="correction_proposed", note=correction.text)
    return correction


@transaction.atomic
def correction_decide(
    *, correction: MinutesCorrection, actor, accept: bool, note: str = ""
) -> MinutesCorrection:
    """Accept or decline a pending correction (staff). Returns it unchanged when already decided."""
    correction = MinutesCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionStatus.PENDING:
        return correction
    _lock_editable(correction.minutes)
    correction.status = CorrectionStatus.ACCEPTED if accept else CorrectionStatus.DECLINED
    correction.decision_note = note.strip()
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.save()
    _event(
        minutes=correction.minutes,
        actor=actor,
        action="correction_accepted" if accept else "correction_declined",
        note=correction.text,
    )
    return correction


# --- Publication ---------------------------------------------------------------------


@transaction.atomic
def minutes_publish(*, minutes: Minutes, actor, acknowledged_warnings: Iterable[str]) -> Minutes:
    """Start publishing a draft or a version under review; return it, now "publishing".

    Every current warning of ``checks.minutes_check`` must be in ``acknowledged_warnings``
    (their ``key``), else ``ValidationError`` lists those not acknowledged. The PDF is
    rendered by the task ``tasks.minutes_publish_render``, enqueued after commit.
    """
    locked = _lock_editable(minutes)
    acknowledged = set(acknowledged_warnings)
    warnings = minutes_check(minutes=locked)
    missing = [w for w in warnings if w.key not in acknowledged]
    if missing:
        raise ValidationError(
            [
                gettext("Avertissement à lire et confirmer avant de publier : %(message)s")
                % {"message": w.message}
                for w in missing
            ],
            code="unacknowledged",
        )
    locked.status = MinutesStatus.PUBLISHING
    locked.publish_requested_at = timezone.now()
    locked.publish_error = ""
    locked.acknowledged_warnings = [w.key for w in warnings]
    locked.save()
    _event(
        minutes=locked,
        actor=actor,
        action="publish_requested",
        note="\n".join(gettext("Passé outre : %(message)s") % {"message": w.message} for w in warnings),
    )
    actor_id = actor.pk if actor is not None else None
    transaction.on_commit(lambda: tasks.minutes_publish_render.delay(locked.pk, actor_id))
    return locked


def minutes_publish_retry(*, minutes: Minutes, actor) -> Minutes:
    """Publish again after a failed render, with the warnings acknowledged the first time.

    Raises ``ValidationError`` when a new warning appeared since (it must be read first).
    """
    return minutes_publish(minutes=minutes, actor=actor, acknowledged_warnings=minutes.acknowledged_warnings)


def minutes_render_frozen(*, minutes: Minutes) -> tuple[bytes, str, str]:
    """Render the final PDF and HTML page of ``minutes``: ``(pdf bytes, SHA-256 hex, page HTML)``."""
    pdf = render_minutes_pdf(minutes=minutes, final=True)
    return pdf, hashlib.sha256(pdf).hexdigest(), render_minutes_page_html(minutes=minutes)


def minutes_store_frozen(*, minutes: Minutes, pdf: bytes, sha256: str, page_html: str) -> None:
    """Store the rendered PDF with its SHA-256 (``cln_portal.pdf.pdf_store``, the opinions'
    way too) and the frozen page on ``minutes``; the caller saves the row, in the same transaction.

    ``sha256`` is the one computed at render time, printed in the minutes' history: the
    stored file must be those very bytes.
    """
    stored = pdf_store(
        instance=minutes,
        field_name="pdf",
        data=pdf,
        filename=minutes_pdf_filename(minutes),
        sha256_field="pdf_sha256",
    )
    if stored != sha256:
        raise ValueError("The PDF to store is not the one rendered (SHA-256 differs).")
    minutes.html_snapshot = page_html


def minutes_published_attachment(minutes: Minutes, pdf: bytes) -> Attachment:
    """The official PDF as an e-mail attachment: ``compte-rendu-2025-11-28.pdf``."""
    return Attachment(
        filename=f"compte-rendu-{minutes.meeting.date.isoformat()}.pdf",
        content=pdf,
        mimetype="application/pdf",
    )


def _notify_published(minutes: Minutes, *, pdf: bytes) -> int:
    """Queue the "compte-rendu publié" e-mail, with the official PDF attached; return how many.

    Called once the PDF is rendered and stored (``pdf`` is those bytes). Members-only
    minutes go only to the council's members in mandate (``COUNCIL_ROLES``); public ones
    to everyone in mandate (staff included).
    """
    url = absolute_url(reverse("meetings:minutes_detail", args=[minutes.pk]))
    attachment = minutes_published_attachment(minutes, pdf)
    people = Member.objects.in_mandate() if minutes.is_public else Member.objects.council_in_mandate()
    people = people.select_related("user")
    count = 0
    for member in people:
        email = member.email_address
        if email and notification_queue(
            kind=MINUTES_PUBLISHED,
            about=minutes,
            recipient=email,
            member=member,
            template="minutes_published",
            attachments=(attachment,),
            context={"minutes": minutes, "url": url, "reason": gettext_lazy("vous êtes membre du conseil")},
        ):
            count += 1
    return count


def _notify_answers_given_at_the_sitting(minutes: Minutes) -> None:
    """Tell askers and followers of the questions answered at the sitting, now the minutes
    that record those answers are public (the editor saved them without e-mail).

    Each person gets one e-mail per answer date (the outbox's unique key): a later version
    of the same minutes, or an answer already announced from the axis page, sends nothing more.
    """
    questions = Question.objects.filter(
        answered_at_meeting_id=minutes.meeting_id, status=QuestionStatus.ANSWERED
    ).select_related("workstream")
    for question in questions:
        question_answered_notify(question=question)


def minutes_publication_run(*, minutes_id: int, actor_id: int | None) -> str:
    """Finish a publication (the task's body): render once, store, publish, notify.

    Returns "published", "failed" (the version went back to draft or review with
    ``publish_error`` set) or "skipped" (not publishing, or another run holds it). The row
    stays locked while rendering, so two runs never render twice; the PDF, the status and
    the e-mails are written in one transaction: nothing is ever half-published.
    """
    with transaction.atomic():
        minutes = (
            Minutes.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=minutes_id, status=MinutesStatus.PUBLISHING)
            .select_related("meeting")
            .first()
        )
        if minutes is None:
            return "skipped"
        try:
            with transaction.atomic():  # a savepoint: a database error while rendering is undone alone
                pdf, sha256, page_html = minutes_render_frozen(minutes=minutes)
        except Exception as error:  # noqa: BLE001 -- any render failure must leave it unpublished
            logger.exception("Rendering the PDF of minutes %s failed", minutes_id)
            minutes.status = MinutesStatus.REVIEW if minutes.review_started_at else MinutesStatus.DRAFT
            minutes.publish_error = f"{type(error).__name__}: {error}"[:2000]
            minutes.save(update_fields=["status", "publish_error", "updated_at"])
            MinutesEvent.objects.create(
                minutes=minutes, actor_id=actor_id, action="publish_failed", note=minutes.publish_error
            )
            return "failed"
        minutes.status = MinutesStatus.PUBLISHED
        minutes.published_at = timezone.now()
        minutes.published_by_id = actor_id
        minutes.publish_error = ""
        minutes_store_frozen(minutes=minutes, pdf=pdf, sha256=sha256, page_html=page_html)
        minutes.save()
        sent = _notify_published(minutes, pdf=pdf)
        _notify_answers_given_at_the_sitting(minutes)
        MinutesEvent.objects.create(
            minutes=minutes,
            actor_id=actor_id,
            action="published",
            note=f"SHA-256 {sha256}, {len(pdf)} octets, {sent} notification(s)",
        )
    return "published"


@transaction.atomic
def minutes_new_version(*, minutes: Minutes, actor, change_note: str) -> Minutes:
    """Start version N + 1 of a published compte-rendu, a draft copying its records.

    Sections (with their calendar entries), footnotes and annexes are copied (an annex file
    is shared: stored files never change). The axis records stay those of the sitting.
    ``change_note`` (required) says what changes. Raises ``ValidationError`` when
    ``minutes`` is not the latest version or not published.
    """
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    latest = Minutes.objects.filter(meeting_id=minutes.meeting_id).aggregate(v=Max("version"))["v"]
    if latest != minutes.version:
        raise ValidationError(
            gettext("Une version %(version)s existe déjà : c’est elle qu’il faut compléter.")
            % {"version": latest},
            code="not_latest",
        )
    if not minutes.is_published:
        raise ValidationError(
            gettext("Seul un compte-rendu publié se corrige par une nouvelle version : modifiez ce projet."),
            code="not_published",
        )
    if not change_note.strip():
        raise ValidationError(
            gettext("Dites en quelques mots ce qui change dans cette version."), code="note"
        )
    copy = Minutes(
        meeting_id=minutes.meeting_id,
        version=minutes.version + 1,
        status=MinutesStatus.DRAFT,
        visibility=minutes.visibility,
        issued_on=timezone.localdate(),
        addressee=minutes.addressee,
        title=minutes.title,
        headline=minutes.headline,
        opening=minutes.opening,
        workstreams_intro=minutes.workstreams_intro,
        change_note=change_note.strip(),
    )
    copy.full_clean()
    copy.save()
    for section in minutes.sections.prefetch_related("calendar_entries").order_by("part", "order", "pk"):
        entries = list(section.calendar_entries.all())
        section.pk = None
        section.id = None
        section.minutes = copy
        section.save()
        for entry in entries:
            entry.pk = None
            entry.id = None
            entry.section = section
            entry.save()
    for record in [*minutes.footnotes.all(), *minutes.annexes.all()]:
        record.pk = None
        record.id = None
        record.minutes = copy
        record.save()
    _event(minutes=copy, actor=actor, action="version_created", note=copy.change_note)
    _event(minutes=minutes, actor=actor, action="superseded", note=f"v{copy.version}")
    return copy


@transaction.atomic
def minutes_approve(
    *, minutes: Minutes, actor, approved_on: datetime.date, approved_at_meeting: Meeting | None = None
) -> Minutes:
    """Record that a published version was approved at a later sitting, on ``approved_on``.

    This is the only change a published version accepts: its content and PDF stay as they
    are. Raises ``ValidationError`` when not published, dated before its own sitting, or
    dated (or at a sitting) still to come.
    """
    minutes = Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
    if not minutes.is_published:
        raise ValidationError(
            gettext("Seul un compte-rendu publié peut être approuvé."), code="not_published"
        )
    if approved_on < minutes.meeting.date:
        raise ValidationError(
            gettext("L’approbation ne peut pas précéder la séance dont le compte-rendu rend compte."),
            code="date",
        )
    if approved_at_meeting is not None and approved_at_meeting.starts_at <= minutes.meeting.starts_at:
        raise ValidationError(
            gettext("Le compte-rendu est approuvé lors d’une séance suivante, pas antérieure."),
            code="meeting",
        )
    # An approval records what happened: neither its date nor its sitting may lie ahead.
    if approved_on > timezone.localdate():
        raise ValidationError(
            gettext("La date d’approbation n’est pas encore passée : indiquez le jour de l’approbation."),
            code="future_date",
        )
    if approved_at_meeting is not None and approved_at_meeting.starts_at > timezone.now():
        raise ValidationError(
            gettext("La séance choisie n’a pas encore eu lieu : l’approbation s’enregistre après la séance."),
            code="future_meeting",
        )
    minutes.approved_on = approved_on
    minutes.approved_at_meeting = approved_at_meeting
    minutes.save(update_fields=["approved_on", "approved_at_meeting", "updated_at"])
    _event(minutes=minutes, actor=actor, action="approved", note=str(approved_on))
    return minutes


# --- erasure of a person (RGPD art. 17) ----------------------------------------------------


def _without_names(html: str, names: Iterable[str], label: str) -> str:
    """``html`` with every printed form of ``names`` (escaped as templates print them) replaced
    by ``label``: the attendance list, the axis records, and free text that typed the name."""
    for name in sorted(names, key=len, reverse=True):
        if name:
            html = html.replace(str(escape(name)), str(escape(label)))
    return html


def minutes_on_member_erased(*, sender, member: Member, names: list[str], **kwargs) -> list[int]:
    """Receiver of ``members.signals.member_erased``: published minutes that print the person.

    Minutes are administrative records the council keeps (RGPD art. 17(3)): they are not
    deleted. Each published version whose frozen page names the person keeps its first PDF
    as ``archived_pdf`` with its SHA-256 (for the record, never served), gets its frozen page
    with the name replaced by the anonymised mention now, in the erasure's transaction, and
    a new public PDF from ``minutes_public_rendition_run`` once it commits (a task: a render
    takes about a second). The page's note tells readers (members and public) what changed.
    Returns the ids of the versions concerned.
    """
    names = [name for name in names if name]
    label = member.anonymised_label
    concerned = []
    published = Minutes.objects.select_for_update().filter(status=MinutesStatus.PUBLISHED)
    for minutes in published.exclude(html_snapshot=""):
        snapshot = _without_names(minutes.html_snapshot, names, label)
        if snapshot == minutes.html_snapshot:
            continue
        minutes.html_snapshot = snapshot
        minutes.redacted_at = timezone.now()
        if not minutes.archived_pdf and minutes.pdf:
            minutes.archived_pdf.name = minutes.pdf.name
            minutes.archived_pdf_sha256 = minutes.pdf_sha256
        minutes.save(
            update_fields=[
                "html_snapshot",
                "redacted_at",
                "archived_pdf",
                "archived_pdf_sha256",
                "updated_at",
            ]
        )
        _event(
            minutes=minutes, actor=None, action="public_rendition", note=gettext("effacement d’une personne")
        )
        concerned.append(minutes.pk)
        transaction.on_commit(
            lambda pk=minutes.pk: tasks.minutes_public_rendition.delay(pk, names, label), robust=True
        )
    return concerned


def minutes_public_rendition_run(*, minutes_id: int, names: list[str], label: str) -> str:
    """Render the public PDF of a published version again, ``names`` replaced by ``label``.

    The records already print the erased person's anonymised mention; the replacement also
    catches a name typed in free text. The archived original is left as it is. Safe to run
    twice: the same input gives the same document, stored again. Returns "rendered" or
    "skipped" (no such published version).
    """
    minutes = Minutes.objects.filter(pk=minutes_id, status=MinutesStatus.PUBLISHED).first()
    if minutes is None:
        return "skipped"
    pdf = html_to_pdf(_without_names(render_minutes_html(minutes=minutes, final=True), names, label))
    sha256 = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes_id)
        # Not pdf_store: it overwrites the file under the same name and deletes the row's
        # previous file, which is here the archived original (``archived_pdf``). The storage
        # gives the public rendition a name of its own instead.
        minutes.pdf.save(minutes_pdf_filename(minutes), ContentFile(pdf), save=False)
        minutes.pdf_sha256 = sha256
        minutes.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
        _event(minutes=minutes, actor=None, action="public_rendition_pdf", note=f"SHA-256 {sha256}")
    return "rendered"
