"""Reads of the « dossier de réponses »: the questions of one axis, or of one sitting, grouped
by axis and theme, as ``user`` may read them.

Who sees which question follows the register (the axis page) exactly: axes through
``workstreams.selectors.workstreams_visible_to`` (staff: all; members: all but archived;
the public: none), questions through ``Question.objects.visible_to`` (staff: all; others:
questions asked between sittings or raised at a sitting whose minutes are published).
The views only let members and staff in (``member_required``), as the register does.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext

from workstreams.models import Question, QuestionStatus, Workstream
from workstreams.selectors import workstreams_visible_to

from ..models import AgendaItem, Meeting


@dataclass
class DossierTheme:
    """The questions of one theme of an axis (``title`` "" for questions without a theme)."""

    title: str
    questions: list = field(default_factory=list)


@dataclass
class DossierAxis:
    workstream: Workstream
    themes: list[DossierTheme] = field(default_factory=list)


@dataclass
class Dossier:
    """What the page and the PDF print. ``counts``: ``[(status label, number)]`` in the
    order of ``QuestionStatus``, statuses with no question left out."""

    title: str
    subtitle: str
    filename: str
    axes: list[DossierAxis]
    counts: list[tuple[str, int]]
    total: int
    meeting: Meeting | None = None
    workstream: Workstream | None = None


QUESTION_RELATED = ("workstream", "theme", "raised_by", "raised_at", "answered_by", "answered_at_meeting")


def _questions(user):
    return (
        Question.objects.visible_to(user)
        .filter(workstream__in=workstreams_visible_to(user=user))
        .select_related(*QUESTION_RELATED)
        .order_by(
            "workstream__order",
            "workstream_id",
            F("theme__order").asc(nulls_last=True),
            "theme_id",
            "order",
            "pk",
        )
    )


def _group(questions: list) -> tuple[list[DossierAxis], list[tuple[str, int]]]:
    axes: list[DossierAxis] = []
    for question in questions:
        if not axes or axes[-1].workstream.pk != question.workstream_id:
            axes.append(DossierAxis(workstream=question.workstream))
        themes = axes[-1].themes
        title = question.theme.title if question.theme_id else ""
        if not themes or themes[-1].title != title:
            themes.append(DossierTheme(title=title))
        themes[-1].questions.append(question)
    counter = Counter(question.status for question in questions)
    counts = [(label, counter[value]) for value, label in QuestionStatus.choices if counter[value]]
    return axes, counts


def workstream_dossier(*, user, slug: str) -> Dossier:
    """The dossier of one axis: every question ``user`` may read in it. Two queries.

    Raises ``Http404`` for an unknown axis or one ``user`` may not see.
    """
    workstream = workstreams_visible_to(user=user).filter(slug=slug).first()
    if workstream is None:
        raise Http404
    questions = list(_questions(user).filter(workstream=workstream))
    axes, counts = _group(questions)
    return Dossier(
        title=gettext("Dossier de réponses – %(axis)s") % {"axis": workstream.title},
        subtitle=gettext("Toutes les questions de l’axe, par thème, avec leur réponse."),
        filename=f"dossier-reponses-{workstream.slug}.pdf",
        axes=axes,
        counts=counts,
        total=len(questions),
        workstream=workstream,
    )


def meeting_dossier(*, user, pk: int) -> Dossier:
    """The dossier of one sitting: the questions raised there, the answers presented there and
    the questions on its agenda, that ``user`` may read, by axis and theme. Two queries.

    Each question carries ``raised_here`` and ``presented_here`` (the page then writes « Posée
    lors de cette séance », « Présentée lors de cette séance » instead of the date, said once)
    and ``relations``: any other tie to the sitting, in French. Raises ``Http404`` for an
    unknown sitting.
    """
    meeting = Meeting.objects.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    on_agenda = AgendaItem.objects.filter(meeting=meeting, question=OuterRef("pk"))
    questions = list(
        _questions(user)
        .annotate(on_agenda=Exists(on_agenda))
        .filter(Q(raised_at=meeting) | Q(answered_at_meeting=meeting) | Q(on_agenda=True))
    )
    for question in questions:
        question.raised_here = question.raised_at_id == meeting.pk
        question.presented_here = question.answered_at_meeting_id == meeting.pk
        question.relations = []
        if question.on_agenda and not question.presented_here:
            question.relations.append(gettext("à l’ordre du jour de cette séance"))
    axes, counts = _group(questions)
    return Dossier(
        title=gettext("Dossier de réponses – %(meeting)s") % {"meeting": meeting},
        subtitle=gettext(
            "Les questions posées lors de la séance du %(date)s, les réponses qui y sont présentées "
            "et les questions à son ordre du jour."
        )
        % {"date": meeting.date_display},
        filename=f"dossier-reponses-seance-{meeting.date.isoformat()}.pdf",
        axes=axes,
        counts=counts,
        total=len(questions),
        meeting=meeting,
    )


def dossier_index(*, user) -> dict:
    """The axes and sittings that have a dossier: ``{"workstreams": [...], "meetings": [...]}``.

    Axes ``user`` may see, in order; sittings newest first. Two queries.
    """
    return {
        "workstreams": list(workstreams_visible_to(user=user).order_by("order", "pk")),
        "meetings": list(Meeting.objects.order_by("-starts_at", "-pk")[:50]),
    }
