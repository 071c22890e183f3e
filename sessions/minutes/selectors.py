"""Reads of the minutes: which minutes a user may see, and everything one prints.

``minutes_document`` is shared by the official PDF (``sessions.minutes.pdf``) and the HTML
page (``sessions.minutes.views``), so both show the same content. Its number of queries does
not grow with the size of the minutes: every related list is fetched in one query.
"""

import datetime
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import ngettext

from cln_portal.compiled import CompiledQuery
from cln_portal.dates import DatePrecision, format_flexible_date
from cln_portal.permissions import is_member, is_staff
from members.models import Member
from members.selectors import council_get
from pdin.models import Edition
from workstreams.models import Contact, NextStep, Proposal, Question, QuestionTheme

from ..models import (
    Annex,
    Attendance,
    AttendanceStatus,
    CalendarEntry,
    CorrectionStatus,
    Footnote,
    Minutes,
    MinutesCorrection,
    MinutesSection,
    MinutesStatus,
    SectionPart,
    Visibility,
)

# A call to a footnote in Markdown text: ``[^key]``.
FOOTNOTE_CALL = re.compile(r"\[\^([\w-]+)\]")

# Annex files shown inline (others are only named).
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")

# The event series printed by an annex with ``include_pdin_history``.
PDIN_SERIES_FILTER = Q(series__slug__iexact="pdin") | Q(series__short_name__iexact="PDIN")


# The only fields a list of minutes prints (title, sitting's date, version, status): lists use
# ``.only(*MINUTES_LIST_FIELDS)``. A narrower SELECT is also cheaper to build: on the public
# list, compiling the query of every column of the minutes and their sitting was half the
# page's CPU (issue 17).
MINUTES_LIST_FIELDS = ("title", "version", "status", "meeting_id", "meeting__starts_at")


def minutes_visible_to(*, user) -> QuerySet[Minutes]:
    """Minutes ``user`` may read, newest sitting first, then newest version (meeting selected).

    - staff (``cln_portal.permissions.is_staff``): every version, drafts included;
    - a member in mandate: published versions, and versions under review of the sittings
      they attended (``Attendance`` present, through their member record);
    - anyone else, anonymous visitors and former members included: published versions
      whose visibility is public.
    Drafts and versions being published are for staff only.
    """
    return minutes_visible_as(minutes_reader(user), user.pk or 0)


def minutes_reader(user) -> str:
    """Which rule of ``minutes_visible_to`` applies to ``user``: "staff", "member" or "public"
    (the argument ``reader`` of ``minutes_visible_as``)."""
    if is_staff(user):
        return "staff"
    return "member" if is_member(user) else "public"


def minutes_visible_as(reader: str, user_id: int) -> QuerySet[Minutes]:
    """``minutes_visible_to`` for a ``reader`` of ``minutes_reader`` and the account's id (0
    when anonymous): built from these two values only, so that a ``CompiledQuery``
    (cln_portal/compiled.py) can keep it, the id as a slot."""
    queryset = Minutes.objects.select_related("meeting").order_by("-meeting__starts_at", "-version")
    if reader == "staff":
        return queryset
    if reader == "public":
        return queryset.filter(status=MinutesStatus.PUBLISHED, visibility=Visibility.PUBLIC)
    attended = Attendance.objects.filter(member__user_id=user_id, status=AttendanceStatus.PRESENT).values(
        "meeting_id"
    )
    return queryset.filter(
        Q(status=MinutesStatus.PUBLISHED) | Q(status=MinutesStatus.REVIEW, meeting_id__in=attended)
    )


# The readers' pages' queries, compiled once per process (cln_portal/compiled.py): building and
# compiling the visibility rule was most of the minutes page's CPU (issue 17).
_VISIBLE_ONE = CompiledQuery(
    lambda reader, user_id, pk, deferred: (
        minutes_visible_as(reader, user_id).filter(pk=pk).defer(*deferred)[:1]
    ),
    user_id=int,
    pk=int,
)
_VISIBLE_LIST = CompiledQuery(
    lambda reader, user_id: minutes_visible_as(reader, user_id).only(*MINUTES_LIST_FIELDS), user_id=int
)
_VISIBLE_VERSIONS = CompiledQuery(
    lambda reader, user_id, meeting_id: (
        minutes_visible_as(reader, user_id)
        .filter(meeting_id=meeting_id)
        .select_related(None)
        .only("pk", "version", "status", "published_at", "pdf_sha256", "pdf", "change_note", "meeting_id")
    ),
    user_id=int,
    meeting_id=int,
)


def minutes_visible_get(*, user, pk: int, defer: tuple[str, ...] = ()) -> Minutes | None:
    """The minutes ``pk`` if ``user`` may read them (``minutes_visible_to``), meeting selected;
    else None. ``defer``: fields not to load. One query."""
    found = _VISIBLE_ONE.list(reader=minutes_reader(user), user_id=user.pk or 0, pk=pk, deferred=tuple(defer))
    return found[0] if found else None


def minutes_list_visible(*, user) -> list[Minutes]:
    """The latest version ``user`` may read of each sitting's minutes, newest sitting first,
    with only the fields a list prints (``MINUTES_LIST_FIELDS``). One query."""
    return minutes_latest_per_meeting(_VISIBLE_LIST.list(reader=minutes_reader(user), user_id=user.pk or 0))


def minutes_may_review(*, user, minutes: Minutes) -> bool:
    """Whether ``user`` may propose corrections: staff, or a member present at the sitting.

    Only while the minutes are under review.
    """
    if minutes.status != MinutesStatus.REVIEW:
        return False
    if is_staff(user):
        return True
    return (
        is_member(user)
        and Attendance.objects.filter(
            meeting_id=minutes.meeting_id, member__user=user, status=AttendanceStatus.PRESENT
        ).exists()
    )


def minutes_latest_per_meeting(minutes_list) -> list[Minutes]:
    """Keep the first (newest visible) version of each sitting from an ordered list of minutes."""
    seen: set[int] = set()
    latest = []
    for minutes in minutes_list:
        if minutes.meeting_id not in seen:
            seen.add(minutes.meeting_id)
            latest.append(minutes)
    return latest


def minutes_versions(*, minutes: Minutes, user) -> list[Minutes]:
    """Every version of ``minutes``' sitting that ``user`` may read, newest first (one query)."""
    return _VISIBLE_VERSIONS.list(
        reader=minutes_reader(user), user_id=user.pk or 0, meeting_id=minutes.meeting_id
    )


def minutes_get_by_meeting_date(*, date: datetime.date) -> Minutes | None:
    """The latest version of the minutes of the sitting held on ``date`` (a day in Europe/Paris).

    Returns None when no sitting that day has minutes. When several sittings share the
    day, the latest one wins. Drafts count: the caller decides what to do with them.
    """
    # With USE_TZ, "__date" compares in the current time zone (TIME_ZONE = Europe/Paris).
    return (
        Minutes.objects.select_related("meeting")
        .filter(meeting__starts_at__date=date)
        .order_by("-meeting__starts_at", "-version")
        .first()
    )


def _with_colon(title: str) -> str:
    """``title`` ending with " :" (French spacing is added by the typography filter)."""
    title = title.strip()
    if not title or title.endswith(":"):
        return title
    return f"{title} :"


@dataclass
class QuestionGroup:
    """The questions of one theme, in order. ``theme`` is None for questions without a theme."""

    theme: Any
    questions: list = field(default_factory=list)

    @property
    def label(self) -> str:
        """The theme's title ending with a colon, as printed ("Sur le budget :"); "" without theme."""
        return _with_colon(self.theme.title) if self.theme else ""


@dataclass
class ContactGroup:
    """Contacts that share a heading ("Échange de bonnes pratiques avec …")."""

    heading: str
    contacts: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return _with_colon(self.heading)


@dataclass
class SectionBlock:
    """A section of the minutes with what it prints.

    For a section tied to an axis: the axis (its objective) and what was raised about it
    at this sitting; the lists are empty otherwise.
    """

    section: MinutesSection
    anchor: str
    workstream: Any = None
    question_groups: list[QuestionGroup] = field(default_factory=list)
    proposals: list = field(default_factory=list)
    contact_groups: list[ContactGroup] = field(default_factory=list)
    next_steps: list = field(default_factory=list)
    calendar_entries: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def has_questions(self) -> bool:
        return any(group.questions for group in self.question_groups)


@dataclass
class PartBlock:
    """A part of the minutes ("Axes de travail identifiés") and its sections, in order.

    ``key`` is a stable name for styles ("workstreams", "next_steps", "standalone");
    ``anchor`` an HTML id. A ``standalone`` part is one section printed as a part of its own
    (its title is the part's heading), for a section that is not about a work axis.
    """

    key: str
    title: str
    anchor: str
    intro: str = ""
    sections: list[SectionBlock] = field(default_factory=list)
    standalone: bool = False


def _group_questions(questions: list) -> list[QuestionGroup]:
    groups: list[QuestionGroup] = []
    # Questions come sorted by theme order; questions without a theme go last.
    ordered = sorted(
        questions,
        key=lambda q: (q.theme is None, q.theme.order if q.theme else 0, q.theme_id or 0, q.order, q.pk),
    )
    for _theme_id, items in groupby(ordered, key=lambda q: q.theme_id):
        items = list(items)
        groups.append(QuestionGroup(theme=items[0].theme, questions=items))
    return groups


def _group_contacts(contacts: list) -> list[ContactGroup]:
    groups: OrderedDict[str, ContactGroup] = OrderedDict()
    for contact in contacts:
        groups.setdefault(contact.heading, ContactGroup(heading=contact.heading)).contacts.append(contact)
    return list(groups.values())


def _by_workstream(items) -> dict[int, list]:
    result: dict[int, list] = {}
    for item in items:
        result.setdefault(item.workstream_id, []).append(item)
    return result


def _pdin_history() -> list[dict]:
    """PDIN editions grouped by year, oldest first: ``[{"year": 2022, "editions": [...]}, ...]``."""
    editions = (
        Edition.objects.filter(PDIN_SERIES_FILTER, is_demo=False, date__isnull=False)
        .select_related("venue", "series")
        .order_by("date", "number")
    )
    return [
        {"year": year, "editions": list(items)}
        for year, items in groupby(editions, key=lambda e: e.date.year)
    ]


def minutes_document(*, minutes: Minutes) -> dict:
    """Everything the minutes print, fetched in a fixed number of queries.

    Returns a dict with:

    - ``council``: the ``members.Council`` (letterhead) or None;
    - ``minutes`` and ``meeting`` (with convener and venue);
    - ``present`` and ``excused``: lists of ``Attendance`` (member selected, ``title`` set
      to the role at that date, falling back on the member's current title);
    - ``parts``: ``PartBlock`` in the seed's order (workstreams, then next steps), each with
      its ``SectionBlock`` list;
    - ``annexes``: ``Annex`` list, each with ``pdin_years`` (editions grouped by year, with
      venue) when ``include_pdin_history`` is set, else an empty list;
    - ``footnotes``: the ``Footnote`` list, to be wrapped in a ``FootnoteSet`` by the renderer;
    - ``public_names``: True for public minutes, whose people are printed by ``public_name``;
    - ``annexes_title``: "Annexe" or "Annexes";
    - ``issued_on_display`` and ``meeting_date_display``: French dates ("1er décembre 2025").

    Queries: 11 when no annex asks for the PDIN history, 12 otherwise, whatever the number
    of sections, questions or people.
    """
    council = council_get()
    minutes = Minutes.objects.select_related("meeting__convener", "meeting__venue").get(pk=minutes.pk)
    meeting = minutes.meeting

    attendances = list(
        Attendance.objects.filter(meeting=meeting).select_related("member").order_by("order", "pk")
    )
    for attendance in attendances:
        attendance.title = attendance.role_label or attendance.member.title
    present = [a for a in attendances if a.status == AttendanceStatus.PRESENT]
    excused = [a for a in attendances if a.status == AttendanceStatus.EXCUSED]

    sections = list(
        MinutesSection.objects.filter(minutes=minutes)
        .select_related("workstream")
        .prefetch_related(
            Prefetch("calendar_entries", queryset=CalendarEntry.objects.order_by("order", "pk"))
        )
        .order_by("order", "pk")
    )
    workstream_ids = {s.workstream_id for s in sections if s.workstream_id}
    # The next three lists and the questions are limited to this sitting: an axis lives on
    # across sittings, its minutes print only what was said at this one.
    questions = _by_workstream(
        Question.objects.filter(workstream_id__in=workstream_ids, raised_at=meeting)
        .select_related("theme", "answered_by", "raised_by")
        .order_by("theme__order", "order", "pk")
    )
    proposals = _by_workstream(
        Proposal.objects.filter(workstream_id__in=workstream_ids, meeting=meeting)
        .select_related("member")
        .order_by("order", "pk")
    )
    contacts = _by_workstream(
        Contact.objects.filter(workstream_id__in=workstream_ids, meeting=meeting)
        .select_related("followed_by")
        .order_by("order", "pk")
    )
    next_steps = _by_workstream(
        NextStep.objects.filter(workstream_id__in=workstream_ids, meeting=meeting)
        .select_related("owner")
        .order_by("order", "pk")
    )

    parts = [
        PartBlock(
            key="workstreams",
            title=str(SectionPart.WORKSTREAMS.label),
            anchor="axes",
            intro=minutes.workstreams_intro,
        ),
        PartBlock(key="next_steps", title=str(SectionPart.NEXT_STEPS.label), anchor="etapes"),
    ]
    parts_by_key = {SectionPart.WORKSTREAMS: parts[0], SectionPart.NEXT_STEPS: parts[1]}
    standalone: list[PartBlock] = []
    for section in sections:
        block = SectionBlock(
            section=section,
            anchor=f"section-{section.pk}",
            workstream=section.workstream,
            calendar_entries=list(section.calendar_entries.all()),
        )
        if section.workstream_id:
            block.question_groups = _group_questions(questions.get(section.workstream_id, []))
            block.proposals = proposals.get(section.workstream_id, [])
            block.contact_groups = _group_contacts(contacts.get(section.workstream_id, []))
            block.next_steps = next_steps.get(section.workstream_id, [])
        elif section.part == SectionPart.WORKSTREAMS:
            # Not about an axis: not filed under « Axes de travail identifiés », but printed
            # as a part of its own, after the axes and before the next steps.
            standalone.append(
                PartBlock(
                    key="standalone",
                    title=section.title,
                    anchor=block.anchor,
                    sections=[block],
                    standalone=True,
                )
            )
            continue
        parts_by_key[section.part].sections.append(block)
    parts = [parts[0], *standalone, parts[1]]
    # A part with no section and no text is left out, as an empty heading would be.
    parts = [part for part in parts if part.sections or part.intro]

    footnotes = list(Footnote.objects.filter(minutes=minutes).order_by("pk"))
    annexes = list(Annex.objects.filter(minutes=minutes).order_by("order", "pk"))
    pdin_years = _pdin_history() if any(a.include_pdin_history for a in annexes) else []
    for annex in annexes:
        annex.anchor = f"annexe-{annex.pk}"
        annex.pdin_years = pdin_years if annex.include_pdin_history else []
        annex.is_image = annex.file.name.lower().endswith(IMAGE_EXTENSIONS) if annex.file else False

    return {
        "council": council,
        "minutes": minutes,
        "meeting": meeting,
        "present": present,
        "excused": excused,
        "parts": parts,
        "annexes": annexes,
        "annexes_title": ngettext("Annexe", "Annexes", len(annexes)),
        "footnotes": footnotes,
        # Public minutes print each person's ``public_name`` (consent to publication, RGPD).
        "public_names": minutes.is_public,
        "issued_on_display": format_flexible_date(minutes.issued_on, None, DatePrecision.DAY),
        "meeting_date_display": format_flexible_date(meeting.date, None, DatePrecision.DAY),
    }


def section_records(*, section: MinutesSection) -> dict:
    """What a section prints, for its editor page: six queries whatever their number.

    Returns ``question_groups`` (``QuestionGroup`` list, themes of the axis without
    questions included, so that one can be filled), ``proposals``, ``contacts``,
    ``next_steps`` (raised at the section's sitting) and ``calendar_entries``; the axis
    lists are empty for a section without axis.
    """
    meeting_id = section.minutes.meeting_id
    calendar_entries = list(CalendarEntry.objects.filter(section=section).order_by("order", "pk"))
    if section.workstream_id is None:
        return {
            "question_groups": [],
            "proposals": [],
            "contacts": [],
            "next_steps": [],
            "calendar_entries": calendar_entries,
        }
    workstream_id = section.workstream_id
    questions = list(
        Question.objects.filter(workstream_id=workstream_id, raised_at_id=meeting_id)
        .select_related("theme", "answered_by", "raised_by")
        .order_by("theme__order", "order", "pk")
    )
    groups = _group_questions(questions)
    themed = {group.theme.pk for group in groups if group.theme}
    for theme in QuestionTheme.objects.filter(workstream_id=workstream_id).order_by("order", "pk"):
        if theme.pk not in themed:
            groups.append(QuestionGroup(theme=theme))
    return {
        "question_groups": groups,
        "proposals": list(
            Proposal.objects.filter(workstream_id=workstream_id, meeting_id=meeting_id)
            .select_related("member")
            .order_by("order", "pk")
        ),
        "contacts": list(
            Contact.objects.filter(workstream_id=workstream_id, meeting_id=meeting_id)
            .select_related("followed_by")
            .order_by("order", "pk")
        ),
        "next_steps": list(
            NextStep.objects.filter(workstream_id=workstream_id, meeting_id=meeting_id)
            .select_related("owner")
            .order_by("order", "pk")
        ),
        "calendar_entries": calendar_entries,
    }


def minutes_in_progress() -> list[Minutes]:
    """Versions not published yet (drafts, under review, being published), oldest sitting
    first, with ``pending_corrections`` (one query): the staff home's "to finish" list."""
    return list(
        Minutes.objects.exclude(status=MinutesStatus.PUBLISHED)
        .select_related("meeting")
        .annotate(
            pending_corrections=Count("corrections", filter=Q(corrections__status=CorrectionStatus.PENDING))
        )
        .order_by("meeting__starts_at", "version")
    )


def corrections_pending() -> list[MinutesCorrection]:
    """Corrections proposed by attendees and not decided yet, oldest first, with their
    minutes, sitting and author's member record (one query)."""
    return list(
        MinutesCorrection.objects.filter(status=CorrectionStatus.PENDING)
        .select_related("minutes__meeting", "section", "author__member")
        .order_by("created_at", "pk")
    )


def section_editor_records(*, section: MinutesSection) -> dict:
    """The records the one-page section editor shows, as lists and querysets for its formsets.

    ``themes`` (the axis' themes, listed), the querysets of each formset (each evaluated once
    by its formset), ``members`` (every person, for the selects, listed once), and the
    footnotes the section's texts call. The number of queries does not depend on the number
    of rows.
    """
    meeting_id = section.minutes.meeting_id
    workstream_id = section.workstream_id
    texts = [section.body, section.workstream.objective if section.workstream else ""]
    if workstream_id:
        questions = Question.objects.filter(workstream_id=workstream_id, raised_at_id=meeting_id)
        for text, answer in questions.values_list("text", "answer"):
            texts += [text, answer]
        proposals = Proposal.objects.filter(workstream_id=workstream_id, meeting_id=meeting_id)
        texts += list(proposals.values_list("text", flat=True))
    keys = set(FOOTNOTE_CALL.findall("\n".join(t or "" for t in texts)))
    themes = QuestionTheme.objects.filter(workstream_id=workstream_id).order_by("order", "pk")
    by_sitting = {"workstream_id": workstream_id, "meeting_id": meeting_id}
    return {
        "themes": list(themes) if workstream_id else [],
        "theme_queryset": themes,
        "question_queryset": Question.objects.filter(
            workstream_id=workstream_id, raised_at_id=meeting_id
        ).order_by("theme__order", "order", "pk"),
        "proposal_queryset": Proposal.objects.filter(**by_sitting).order_by("order", "pk"),
        "contact_queryset": Contact.objects.filter(**by_sitting).order_by("order", "pk"),
        "step_queryset": NextStep.objects.filter(**by_sitting).order_by("order", "pk"),
        "calendar_queryset": CalendarEntry.objects.filter(section=section).order_by("order", "pk"),
        "note_queryset": Footnote.objects.filter(minutes_id=section.minutes_id, key__in=keys).order_by("pk"),
        "members": list(Member.objects.order_by("last_name", "first_name")),
    }


def section_block(*, section: MinutesSection) -> SectionBlock:
    """The section as the minutes print it (the editor's live preview), in a few queries."""
    records = section_records(section=section)
    return SectionBlock(
        section=section,
        anchor=f"apercu-{section.pk}",
        workstream=section.workstream,
        question_groups=[group for group in records["question_groups"] if group.questions],
        proposals=records["proposals"],
        contact_groups=_group_contacts(records["contacts"]),
        next_steps=records["next_steps"],
        calendar_entries=records["calendar_entries"],
    )
