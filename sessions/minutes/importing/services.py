"""Import a parsed compte-rendu as a sitting with its attendance and **draft** minutes.

``minutes_import_preview`` and ``minutes_import`` take the same ``ParsedMinutes`` (from
``parser.parse_file``; a page can keep it between the two steps with
``ParsedMinutes.to_dict()``/``from_dict()``) and compute the same plan
(``_plan``): which sitting, which people are already known (names matched with
``names.best_match``: case, accents and close spellings tolerated), which axes exist. The
preview stops there and writes nothing; the import writes it all in one transaction
through the existing services, one writer per business rule:

- the sitting and its agenda: ``sessions.meetings.services.meeting_save`` (new sitting only:
  a comité technique at 18 h, Europe/Paris, the hour the document does not give);
- attendance: ``attendance_mark`` for known people, ``attendance_add_person`` for the
  others, created as invited people (« invité·e ») with the role the document gives;
- the axes: ``workstreams.services.workstream_save`` (new axes, and an objective missing);
- the minutes and what they print: ``sessions.minutes.services`` (``minutes_create``,
  ``minutes_update``, ``minutes_record_save`` for sections, calendar, notes and annexes,
  ``section_record_save`` for themes, questions, answers, proposals, contacts and steps).

Refusals are ``ImportRefused`` (a ``ValidationError``) with a French message: no date for
the sitting, several sittings that day, a sitting not held yet, minutes already there
(published: a correction is a new version, made in the editor).
"""

import datetime
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from members.models import Council, Member
from members.selectors import council_get
from workstreams.models import Contact, NextStep, Proposal, Question, Workstream, WorkstreamKind
from workstreams.services import workstream_save

from ...meetings.services import AgendaEntry, GuestData, attendance_add_person, attendance_mark, meeting_save
from ...models import (
    Annex,
    CalendarEntry,
    Footnote,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesEvent,
    MinutesSection,
    MinutesStatus,
    SectionPart,
)
from ..services import (
    minutes_create,
    minutes_record_delete,
    minutes_record_save,
    minutes_update,
    section_record_save,
)
from .names import best_match, fold, split_name
from .parser import ParsedMinutes, ParsedSection

# The document gives the day of the sitting, never its hour: it is recorded at 18 h (the
# reference sitting's hour), which staff change on the sitting's page if needed.
DEFAULT_START = datetime.time(18, 0)
# Two axis titles closer than this (difflib ratio, folded) name the same axis.
WORKSTREAM_TITLE_RATIO = 0.9

PARTS = {"workstreams": SectionPart.WORKSTREAMS, "next_steps": SectionPart.NEXT_STEPS}


class ImportRefused(ValidationError):
    """The import cannot go ahead; the message (French) says why and what to do."""


@dataclass
class ImportWarning:
    """A line that could not be placed where it belongs, and where it went (``line`` 0: unknown)."""

    line: int
    excerpt: str
    message: str


@dataclass
class PersonOutcome:
    """A person of the attendance lists: matched (``how`` "exact" or "close") or to create ("new")."""

    name: str
    role: str
    status: str
    how: str
    member: Member | None = None

    @property
    def member_name(self) -> str:
        return self.member.full_name if self.member else ""


@dataclass
class ImportSummary:
    """What an import creates (or would create), for the command's output and the preview page."""

    meeting_date: datetime.date
    meeting: Meeting | None
    source: str = ""
    sections: int = 0
    workstream_sections: int = 0
    next_step_sections: int = 0
    annexes: int = 0
    themes: int = 0
    questions: int = 0
    answered: int = 0
    proposals: int = 0
    next_steps: int = 0
    contacts: int = 0
    calendar_entries: int = 0
    footnotes: int = 0
    people: list[PersonOutcome] = field(default_factory=list)
    workstreams_matched: list[str] = field(default_factory=list)
    workstreams_created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)

    @property
    def people_matched(self) -> list[PersonOutcome]:
        return [p for p in self.people if p.how != "new"]

    @property
    def people_created(self) -> list[PersonOutcome]:
        return [p for p in self.people if p.how == "new"]

    def lines(self) -> list[str]:
        """The summary in French, one line per figure (the command prints them as they are)."""
        date = formats.date_format(self.meeting_date, "j F Y")
        sitting = (
            gettext("Séance du %(date)s : existante.")
            if self.meeting
            else gettext("Séance du %(date)s : créée.")
        ) % {"date": date}
        return [
            sitting,
            gettext(
                "Sections : %(sections)s (%(ws)s axes de travail, %(ns)s prochaines étapes) ; annexes : %(annexes)s"
            )
            % {
                "sections": self.sections,
                "ws": self.workstream_sections,
                "ns": self.next_step_sections,
                "annexes": self.annexes,
            },
            gettext(
                "Thèmes : %(themes)s ; questions : %(questions)s, dont %(answered)s avec réponse apportée en séance"
            )
            % {"themes": self.themes, "questions": self.questions, "answered": self.answered},
            gettext(
                "Propositions : %(proposals)s ; points d’étape : %(steps)s ; contacts : %(contacts)s ; "
                "calendrier : %(calendar)s"
            )
            % {
                "proposals": self.proposals,
                "steps": self.next_steps,
                "contacts": self.contacts,
                "calendar": self.calendar_entries,
            },
            gettext("Notes de bas de page : %(notes)s") % {"notes": self.footnotes},
            gettext("Personnes : %(total)s, dont %(matched)s retrouvées et %(created)s créées comme invitées")
            % {
                "total": len(self.people),
                "matched": len(self.people_matched),
                "created": len(self.people_created),
            },
            gettext("Axes de travail : %(matched)s retrouvés, %(created)s créés")
            % {"matched": len(self.workstreams_matched), "created": len(self.workstreams_created)},
        ]


@dataclass
class ImportResult:
    meeting: Meeting
    minutes: Minutes
    summary: ImportSummary


@dataclass
class _Plan:
    summary: ImportSummary
    date: datetime.date
    meeting: Meeting | None
    people: list[PersonOutcome]
    workstreams: list[Workstream | None]
    kind: str = MeetingKind.TECHNICAL_COMMITTEE


# --- Planning (reads only) -------------------------------------------------------------------


def _paris_today() -> datetime.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def _sitting_date(
    parsed: ParsedMinutes, meeting_date: datetime.date | None, summary_warnings: list
) -> datetime.date:
    found = datetime.date.fromisoformat(parsed.meeting_date) if parsed.meeting_date else None
    if meeting_date is None and found is None:
        raise ImportRefused(
            gettext(
                "La date de la séance n’apparaît pas dans le titre du document : indiquez-la "
                "(option --meeting AAAA-MM-JJ)."
            ),
            code="no_date",
        )
    if meeting_date and found and meeting_date != found:
        summary_warnings.append(
            ImportWarning(
                0,
                parsed.title,
                gettext(
                    "Le titre du document date la séance du %(found)s : importé dans la séance du %(given)s demandée."
                )
                % {
                    "found": formats.date_format(found, "j F Y"),
                    "given": formats.date_format(meeting_date, "j F Y"),
                },
            )
        )
    return meeting_date or found


def _find_meeting(date: datetime.date) -> Meeting | None:
    meetings = list(Meeting.objects.filter(starts_at__date=date).order_by("starts_at"))
    text = formats.date_format(date, "j F Y")
    if date > _paris_today():
        raise ImportRefused(
            gettext(
                "La séance du %(date)s n’a pas encore eu lieu : seul le compte-rendu d’une séance passée s’importe."
            )
            % {"date": text},
            code="future",
        )
    if len(meetings) > 1:
        raise ImportRefused(
            gettext(
                "Plusieurs séances ont eu lieu le %(date)s : importez depuis la page de la séance voulue."
            )
            % {"date": text},
            code="several_meetings",
        )
    meeting = meetings[0] if meetings else None
    if meeting is None:
        return None
    latest = meeting.minutes.order_by("-version", "-pk").first()
    if latest is not None:
        if latest.status in (MinutesStatus.PUBLISHED, MinutesStatus.PUBLISHING):
            raise ImportRefused(
                gettext(
                    "Le compte-rendu de la séance du %(date)s est publié : il ne change plus. Une correction est "
                    "une nouvelle version, à faire dans l’éditeur du compte-rendu."
                )
                % {"date": text},
                code="published",
            )
        raise ImportRefused(
            gettext(
                "La séance du %(date)s a déjà un compte-rendu en projet : complétez-le dans l’éditeur, ou "
                "supprimez-le avant d’importer."
            )
            % {"date": text},
            code="exists",
        )
    return meeting


def _people_candidates() -> list[tuple[Member, str, str]]:
    return [
        (m, m.first_name, m.last_name) for m in Member.objects.filter(erased_at__isnull=True).order_by("pk")
    ]


def _match_people(parsed: ParsedMinutes, summary: ImportSummary) -> list[PersonOutcome]:
    candidates = _people_candidates()
    outcomes = []
    for person in parsed.people:
        member, score, ambiguous = best_match(person.name, candidates)
        if ambiguous:
            summary.warnings.append(
                ImportWarning(
                    person.line,
                    person.name,
                    gettext(
                        "Plusieurs personnes enregistrées ont un nom proche : « %(name)s » est créée comme "
                        "invitée, à rapprocher à la main."
                    )
                    % {"name": person.name},
                )
            )
        how = "new" if member is None else "exact" if score == 1.0 else "close"
        if how == "close":
            summary.notes.append(
                gettext("« %(written)s » rattaché·e à %(name)s (orthographe voisine).")
                % {"written": person.name, "name": member.full_name}
            )
        outcomes.append(PersonOutcome(person.name, person.role, person.status, how, member))
    return outcomes


def _match_workstream(section: ParsedSection, workstreams: list[Workstream]) -> Workstream | None:
    title = fold(section.title)
    for workstream in workstreams:
        if fold(workstream.title) == title:
            return workstream
    scored = [(difflib.SequenceMatcher(None, fold(w.title), title).ratio(), w.pk, w) for w in workstreams]
    scored = [s for s in scored if s[0] >= WORKSTREAM_TITLE_RATIO]
    return max(scored)[2] if scored else None


def _kind(title: str) -> str:
    folded = fold(title)
    if "pleniere" in folded:
        return MeetingKind.PLENARY
    return MeetingKind.TECHNICAL_COMMITTEE


def _plan(*, parsed: ParsedMinutes, meeting_date: datetime.date | None) -> _Plan:
    warnings = [ImportWarning(w.line, w.excerpt, w.message) for w in parsed.warnings]
    date = _sitting_date(parsed, meeting_date, warnings)
    meeting = _find_meeting(date)
    summary = ImportSummary(meeting_date=date, meeting=meeting, source=parsed.source, warnings=warnings)
    people = _match_people(parsed, summary)
    summary.people = people
    existing = list(Workstream.objects.order_by("order", "pk"))
    workstreams = []
    for section in parsed.sections:
        if section.part != "workstreams":
            workstreams.append(None)
            continue
        workstream = _match_workstream(section, existing)
        workstreams.append(workstream)
        (summary.workstreams_matched if workstream else summary.workstreams_created).append(section.title)
    summary.sections = len(parsed.sections)
    summary.workstream_sections = sum(1 for s in parsed.sections if s.part == "workstreams")
    summary.next_step_sections = summary.sections - summary.workstream_sections
    summary.annexes = len(parsed.annexes)
    summary.themes = sum(1 for s in parsed.sections for t in s.themes if t.title)
    summary.questions = len(parsed.questions)
    summary.answered = sum(1 for q in parsed.questions if q.answer)
    summary.proposals = sum(len(s.proposals) for s in parsed.sections)
    summary.next_steps = sum(len(s.next_steps) for s in parsed.sections)
    summary.contacts = sum(len(s.contacts) for s in parsed.sections)
    summary.calendar_entries = sum(len(s.calendar) for s in parsed.sections)
    summary.footnotes = len(parsed.footnotes)
    if meeting is None:
        summary.notes.append(
            gettext(
                "Le document ne donne pas l’heure de la séance : elle est enregistrée à 18 h, à corriger au besoin "
                "sur la page de la séance."
            )
        )
    return _Plan(
        summary=summary,
        date=date,
        meeting=meeting,
        people=people,
        workstreams=workstreams,
        kind=_kind(parsed.title),
    )


def minutes_import_preview(
    *, parsed: ParsedMinutes, meeting_date: datetime.date | None = None
) -> ImportSummary:
    """What ``minutes_import`` would do with ``parsed``, without writing anything.

    Raises ``ImportRefused`` exactly when the import would.
    """
    return _plan(parsed=parsed, meeting_date=meeting_date).summary


# --- Writing -------------------------------------------------------------------------------------


def _fit(text: str, limit: int, summary: ImportSummary, what: str) -> str:
    if len(text) <= limit:
        return text
    summary.warnings.append(
        ImportWarning(
            0,
            text[:90],
            gettext(
                "%(what)s trop long (plus de %(limit)s caractères) : coupé, le texte entier est dans la section."
            )
            % {"what": what, "limit": limit},
        )
    )
    return text[: limit - 1] + "…"


class _People:
    """Names of the document → people: the attendance first, then everyone recorded."""

    def __init__(self, outcomes: list[PersonOutcome]):
        self.outcomes = outcomes
        self.candidates = None

    def find(self, name: str, summary: ImportSummary) -> Member | None:
        if not name:
            return None
        listed = [(o.member, *split_name(o.name)) for o in self.outcomes if o.member]
        member, score, _ambiguous = best_match(name, listed)
        if member is None:
            if self.candidates is None:
                self.candidates = _people_candidates()
            member, score, _ambiguous = best_match(name, self.candidates)
        if member is not None and score < 1.0:
            note = gettext("« %(written)s » rattaché·e à %(name)s (orthographe voisine).") % {
                "written": name,
                "name": member.full_name,
            }
            if note not in summary.notes:
                summary.notes.append(note)
        return member


@transaction.atomic
def minutes_import(
    *, parsed: ParsedMinutes, meeting_date: datetime.date | None = None, actor
) -> ImportResult:
    """Create the sitting (when there is none that day), its attendance and draft minutes.

    ``meeting_date`` overrides the date of the document's title. Returns the sitting, the
    new minutes (version 1, draft) and the summary of what was created, with a warning
    for each line that was kept as free text. Raises ``ImportRefused`` (see the module)
    or a ``ValidationError`` of the services; nothing is written then.
    """
    plan = _plan(parsed=parsed, meeting_date=meeting_date)
    summary = plan.summary
    workstreams = _save_workstreams(parsed, plan, actor)
    meeting = plan.meeting
    if meeting is None:
        meeting = Meeting(
            kind=plan.kind,
            starts_at=datetime.datetime.combine(
                plan.date, DEFAULT_START, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
            ),
        )
        agenda = [
            AgendaEntry(title=_fit(s.title, 300, summary, gettext("Intitulé")), workstream=w)
            for s, w in zip(parsed.sections, workstreams, strict=True)
            if w is not None
        ]
        meeting = meeting_save(actor=actor, meeting=meeting, agenda=agenda)
        created_meeting = True
    else:
        created_meeting = False
    _save_attendance(meeting, plan, actor)
    people = _People(plan.people)
    if parsed.convener and created_meeting:
        convener = people.find(parsed.convener, summary)
        if convener is not None:
            meeting.convener = convener
            agenda = [
                AgendaEntry(i.title, i.workstream) for i in meeting.agenda_items.order_by("order", "pk")
            ]
            meeting_save(actor=actor, meeting=meeting, agenda=agenda)
    answerer = _save_council(parsed, people, summary)

    title = parsed.title or gettext("Conseil local du numérique du %(date)s") % {
        "date": formats.date_format(plan.date, "j F Y")
    }
    if not parsed.title:
        summary.warnings.append(
            ImportWarning(
                0,
                "",
                gettext("Titre introuvable : le compte-rendu est intitulé « %(title)s ».") % {"title": title},
            )
        )
    issued_on = datetime.date.fromisoformat(parsed.issued_on) if parsed.issued_on else timezone.localdate()
    minutes = minutes_create(
        meeting=meeting,
        actor=actor,
        title=_fit(title, 200, summary, gettext("Titre")),
        headline=_fit(parsed.headline, 300, summary, gettext("Accroche")),
        issued_on=issued_on,
    )
    values = {"opening": parsed.opening, "workstreams_intro": parsed.workstreams_intro}
    if parsed.addressee:
        values["addressee"] = _fit(parsed.addressee, 200, summary, gettext("Destinataires"))
    minutes = minutes_update(minutes=minutes, actor=actor, values=values, fingerprint=None)
    for note in parsed.footnotes:
        url, text = note.url, note.text
        if len(url) > 500:
            text, url = f"{text} : {url}", ""
        minutes_record_save(
            minutes=minutes,
            instance=Footnote(minutes=minutes),
            values={"key": note.key, "text": text, "url": url},
            fingerprint=None,
            actor=actor,
        )
    _save_sections(minutes, parsed, workstreams, people, answerer, summary, actor)
    for order, annex in enumerate(parsed.annexes):
        minutes_record_save(
            minutes=minutes,
            instance=Annex(minutes=minutes),
            values={
                "order": order,
                "title": _fit(annex.title, 200, summary, gettext("Titre d’annexe")),
                "body": annex.body,
            },
            fingerprint=None,
            actor=actor,
        )
    MinutesEvent.objects.create(
        minutes=minutes,
        actor=actor,
        action="imported",
        note="\n".join([parsed.source, *summary.lines(), *(w.message for w in summary.warnings)])[:5000],
    )
    return ImportResult(meeting=meeting, minutes=minutes, summary=summary)


def _save_workstreams(parsed: ParsedMinutes, plan: _Plan, actor) -> list[Workstream | None]:
    saved = []
    next_order = (Workstream.objects.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    for section, workstream in zip(parsed.sections, plan.workstreams, strict=True):
        if section.part != "workstreams":
            saved.append(None)
            continue
        if workstream is None:
            folded = fold(section.title)
            kind = (
                WorkstreamKind.REFERRAL_APPLICATION
                if folded.startswith("saisine applicative")
                else WorkstreamKind.REFERRAL_STRATEGIC
                if folded.startswith("saisine strategique")
                else WorkstreamKind.THEMATIC
            )
            workstream = Workstream(
                title=_fit(section.title, 200, plan.summary, gettext("Intitulé d’axe")),
                slug=_free_slug(section.title),
                kind=kind,
                order=next_order,
                objective=section.objective,
            )
            next_order += 1
            workstream = workstream_save(workstream=workstream, actor=actor)
        elif section.objective and not workstream.objective.strip():
            workstream.objective = section.objective
            workstream = workstream_save(workstream=workstream, actor=actor)
        elif section.objective and fold(workstream.objective) != fold(section.objective):
            plan.summary.warnings.append(
                ImportWarning(
                    0,
                    section.objective[:90],
                    gettext(
                        "L’axe « %(title)s » a déjà un autre objectif : il est gardé, celui du document est placé "
                        "dans le texte de la section."
                    )
                    % {"title": workstream.title},
                )
            )
            section.body = "\n\n".join(
                filter(None, [f"**{gettext('Objectif')}** : {section.objective}", section.body])
            )
        saved.append(workstream)
    return saved


def _free_slug(title: str) -> str:
    base = slugify(title)[:90] or "axe"
    slug, number = base, 2
    while Workstream.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _save_attendance(meeting: Meeting, plan: _Plan, actor) -> None:
    for outcome in plan.people:
        if outcome.member is not None:
            attendance = attendance_mark(
                meeting=meeting, member=outcome.member, status=outcome.status, actor=actor
            )
        else:
            first, last = split_name(outcome.name)
            attendance = attendance_add_person(
                meeting=meeting,
                actor=actor,
                guest=GuestData(first_name=first, last_name=last, position=outcome.role[:200]),
                status=outcome.status,
            )
            outcome.member = attendance.member
        # The document's role is the person's title on that date: the attendance keeps it.
        if outcome.role and fold(outcome.role) != fold(attendance.role_label):
            attendance.role_label = outcome.role[:200]
            attendance.full_clean()
            attendance.save(update_fields=["role_label"])


def _save_council(parsed: ParsedMinutes, people: _People, summary: ImportSummary) -> Member | None:
    """The letterhead → the council's record when there is none; return who answers on the spot.

    The seed does not say who gave the answers « apportées » at the sitting: as in the
    reference data, they are recorded as given by the person the file is followed by.
    """
    head = parsed.letterhead
    followed_by = people.find(head.get("followed_by", ""), summary)
    council = council_get()
    if council is None and head:
        address = head.get("address", "")
        city = ""
        if match := re.search(r"\d{5}\s+([^\d]+?)(?:\s+cedex.*)?$", address, flags=re.IGNORECASE):
            city = match[1].strip()
        name = parsed.addressee.split(" du ", 1)[-1] if " du " in parsed.addressee else ""
        name = name[:1].upper() + name[1:] if name else "Conseil local du numérique"
        council = Council(
            name=name[:200],
            city=(city or gettext("à préciser"))[:100],
            pole=head.get("pole", "")[:200],
            direction=head.get("direction", "")[:200],
            service=head.get("service", "")[:200],
            address=address[:300],
            followed_by=followed_by,
        )
        council.full_clean()
        council.save()
        summary.notes.append(
            gettext("Conseil enregistré d’après l’en-tête du document (nom, service, adresse).")
        )
    elif council is not None and head:
        different = [
            label
            for key, label in (
                ("pole", gettext("pôle")),
                ("direction", gettext("direction")),
                ("service", gettext("service")),
                ("address", gettext("adresse")),
            )
            if head.get(key) and fold(head[key]) != fold(getattr(council, key))
        ]
        if different:
            summary.warnings.append(
                ImportWarning(
                    0,
                    ", ".join(different),
                    gettext(
                        "L’en-tête du document diffère de celui du conseil enregistré (%(fields)s) : l’en-tête "
                        "enregistré est gardé."
                    )
                    % {"fields": ", ".join(different)},
                )
            )
    answerer = followed_by or (council.followed_by if council else None)
    if answerer is not None and any(q.answer for q in parsed.questions):
        summary.notes.append(
            ngettext(
                "La réponse apportée en séance est attribuée à %(name)s (dossier suivi par) : le document ne dit "
                "pas qui l’a donnée.",
                "Les réponses apportées en séance sont attribuées à %(name)s (dossier suivi par) : le document ne "
                "dit pas qui les a données.",
                sum(1 for q in parsed.questions if q.answer),
            )
            % {"name": answerer.full_name}
        )
    return answerer


def _save_sections(minutes, parsed, workstreams, people: _People, answerer, summary, actor) -> None:
    prepared = {s.workstream_id: s for s in minutes.sections.all() if s.workstream_id}
    orders = {SectionPart.WORKSTREAMS: 0, SectionPart.NEXT_STEPS: 0}
    for parsed_section, workstream in zip(parsed.sections, workstreams, strict=True):
        part = PARTS[parsed_section.part]
        instance = prepared.pop(workstream.pk, None) if workstream else None
        body = parsed_section.body
        if workstream is None and (records := _records_as_text(parsed_section)):
            # Questions or proposals outside an axis have no record to go to: kept as text.
            summary.warnings.append(
                ImportWarning(
                    0,
                    parsed_section.title,
                    gettext(
                        "Questions ou propositions hors d’un axe de travail : gardées dans le texte de la section."
                    ),
                )
            )
            body = "\n\n".join(filter(None, [body, records]))
        section = minutes_record_save(
            minutes=minutes,
            instance=instance or MinutesSection(minutes=minutes),
            values={
                "part": part,
                "order": orders[part],
                "title": _fit(parsed_section.title, 200, summary, gettext("Titre de section")),
                "workstream": workstream,
                "body": body,
            },
            fingerprint=None,
            actor=actor,
        )
        orders[part] += 1
        if workstream is not None:
            _save_axis_records(section, parsed_section, people, answerer, summary, actor)
        for order, entry in enumerate(parsed_section.calendar):
            minutes_record_save(
                minutes=minutes,
                instance=CalendarEntry(section=section),
                values={
                    "order": order,
                    "text": entry.text,
                    "date": datetime.date.fromisoformat(entry.date.start),
                    "date_end": datetime.date.fromisoformat(entry.date.end) if entry.date.end else None,
                    "date_precision": entry.date.precision,
                },
                fingerprint=None,
                actor=actor,
            )
    # Sections the sitting's agenda prepared for axes the document does not cover.
    for section in prepared.values():
        summary.warnings.append(
            ImportWarning(
                0,
                section.title,
                gettext("Point de l’ordre du jour absent du document : sa section vide n’est pas gardée."),
            )
        )
        minutes_record_delete(minutes=minutes, instance=section, actor=actor)


def _records_as_text(section: ParsedSection) -> str:
    """Themes, questions, proposals, contacts and steps as Markdown (for a section without axis)."""
    lines = []
    for theme in section.themes:
        if theme.title:
            lines.append(f"{theme.title} :")
        lines.append(
            "\n".join(
                f"- {q.text}" + (f" ({gettext('Réponse apportée')} : {q.answer})" if q.answer else "")
                for q in theme.questions
            )
        )
    lines += [f"{gettext('Proposition')} : {p.text}" for p in section.proposals]
    lines += [f"{c.heading} : {c.body} : {c.note} {c.person}".strip() for c in section.contacts]
    lines += [f"{n.label} : {n.text}" for n in section.next_steps]
    return "\n\n".join(line for line in lines if line)


def _save_axis_records(section, parsed_section, people: _People, answerer, summary, actor) -> None:
    order = 0
    for theme in parsed_section.themes:
        for question in theme.questions:
            values = {"text": question.text, "order": order, "answer": question.answer}
            if question.answer:
                if answerer is not None:
                    values["answered_by"] = answerer
                else:
                    values["answered_by_service"] = gettext("non précisé par le compte-rendu importé")
            section_record_save(
                section=section,
                instance=Question(),
                values=values,
                fingerprint=None,
                actor=actor,
                new_theme=_fit(theme.title, 200, summary, gettext("Thème")),
            )
            order += 1
    for order, proposal in enumerate(parsed_section.proposals):
        section_record_save(
            section=section,
            instance=Proposal(),
            values={"text": proposal.text, "order": order, "member": people.find(proposal.person, summary)},
            fingerprint=None,
            actor=actor,
        )
    for order, contact in enumerate(parsed_section.contacts):
        section_record_save(
            section=section,
            instance=Contact(),
            values={
                "order": order,
                "heading": contact.heading[:200],
                "body": _fit(contact.body, 200, summary, gettext("Organisme")),
                "note": contact.note[:200],
                "followed_by": people.find(contact.person, summary),
            },
            fingerprint=None,
            actor=actor,
        )
    for order, step in enumerate(parsed_section.next_steps):
        values = {"order": order, "label": step.label[:100], "text": step.text}
        if step.date:
            values.update(
                date=datetime.date.fromisoformat(step.date.start),
                date_end=datetime.date.fromisoformat(step.date.end) if step.date.end else None,
                date_precision=step.date.precision,
            )
        section_record_save(
            section=section, instance=NextStep(), values=values, fingerprint=None, actor=actor
        )
