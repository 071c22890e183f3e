"""Factories of sittings, attendance and structured minutes.

``MeetingFactory``, ``MinutesFactory`` and the members/axes/PDIN factories live with their
apps' tests and are re-exported here. ``build_minutes`` makes a complete compte-rendu
(every kind of record the PDF prints) of a chosen size.
"""

import datetime
import zoneinfo

import factory

from cln_portal.dates import DatePrecision
from members.models import Role, Sector, TitleForm
from sessions.models import (
    Annex,
    Attendance,
    AttendanceStatus,
    CalendarEntry,
    Footnote,
    MeetingInvitation,
    MinutesSection,
    MinutesStatus,
    SectionPart,
)
from workstreams.models import Contact, NextStep

from ..members.factories import CouncilFactory, MeetingFactory, MemberFactory, MinutesFactory, UserFactory
from ..pdin.factories import EditionFactory, EventSeriesFactory, VenueFactory
from ..workstreams.factories import ProposalFactory, QuestionFactory, QuestionThemeFactory, WorkstreamFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

__all__ = [
    "AnnexFactory",
    "AttendanceFactory",
    "CalendarEntryFactory",
    "ContactFactory",
    "CouncilFactory",
    "EditionFactory",
    "EventSeriesFactory",
    "FootnoteFactory",
    "MeetingInvitationFactory",
    "MeetingFactory",
    "MemberFactory",
    "MinutesFactory",
    "MinutesSectionFactory",
    "NextStepFactory",
    "ProposalFactory",
    "QuestionFactory",
    "QuestionThemeFactory",
    "UserFactory",
    "VenueFactory",
    "WorkstreamFactory",
    "build_minutes",
]


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory, user=None)
    status = AttendanceStatus.PRESENT
    role_label = factory.LazyAttribute(lambda o: o.member.title)
    order = factory.Sequence(lambda n: n)


class MeetingInvitationFactory(factory.django.DjangoModelFactory):
    """A person convoked to a sitting (no answer yet), with an account and so an address."""

    class Meta:
        model = MeetingInvitation

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)


class MinutesSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesSection

    minutes = factory.SubFactory(MinutesFactory)
    part = SectionPart.WORKSTREAMS
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Section numéro {n}")


class CalendarEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarEntry

    section = factory.SubFactory(MinutesSectionFactory, part=SectionPart.NEXT_STEPS)
    order = factory.Sequence(lambda n: n)
    date = datetime.date(2026, 1, 17)
    date_precision = DatePrecision.DAY
    text = "assemblée plénière du conseil"


class FootnoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footnote

    minutes = factory.SubFactory(MinutesFactory)
    key = factory.Sequence(lambda n: f"note-{n}")
    text = factory.Sequence(lambda n: f"Source documentaire numéro {n}")
    url = factory.Sequence(lambda n: f"https://example.org/source-{n}")


class AnnexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Annex

    minutes = factory.SubFactory(MinutesFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Annexe numéro {n}")
    body = "Présentation faite en séance."


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    workstream = factory.SubFactory(WorkstreamFactory)
    heading = "Échange de bonnes pratiques avec d’autres conseils"
    body = factory.Sequence(lambda n: f"Ville {n}")
    followed_by = factory.SubFactory(MemberFactory, user=None)
    note = "prise de contact"


class NextStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NextStep

    workstream = factory.SubFactory(WorkstreamFactory)
    label = "Point d’étape"
    text = "Une rencontre technique est programmée."
    date = datetime.date(2025, 12, 18)
    date_precision = DatePrecision.DAY


def build_minutes(
    *,
    status: str = MinutesStatus.PUBLISHED,
    people: int = 4,
    workstreams: int = 2,
    questions_per_theme: int = 2,
    footnotes: int = 2,
    editions: int = 2,
    meeting_starts_at: datetime.datetime | None = None,
    filler_paragraphs: int = 0,
):
    """Create a complete compte-rendu and return its ``Minutes``.

    Half the ``people`` are present, half excused; each of the ``workstreams`` axes gets an
    objective, two themes of ``questions_per_theme`` questions (one answered), a proposal,
    a contact and a next step; the next-steps part has a calendar; the annex prints the
    PDIN history (``editions`` editions). The sitting is on 28 November 2025, 18:00 in Paris,
    unless ``meeting_starts_at`` says otherwise. Footnote ``k`` is called right after the word
    ``appelnoteK`` in the first section bodies; ``filler_paragraphs`` long paragraphs are
    added before each call, to push calls towards the foot of pages.
    """
    CouncilFactory(
        pole="Pôle des dynamiques urbaines",
        direction="Direction de la participation",
        followed_by=MemberFactory(user=None, first_name="Damien", last_name="Suivi", role=Role.OFFICER),
        address="1 place de l’Hôtel de Ville – 99000 Villeneuve",
    )
    meeting = MeetingFactory(
        starts_at=meeting_starts_at or datetime.datetime(2025, 11, 28, 18, 0, tzinfo=PARIS)
    )
    minutes = MinutesFactory(
        meeting=meeting,
        status=status,
        title="Conseil local du numérique du 28 novembre 2025",
        headline="Une séance d’essai",
        opening="Les membres se sont réunis : voici l’ouverture.",
        workstreams_intro="Voici les axes de travail.",
    )
    for index in range(people):
        AttendanceFactory(
            meeting=meeting,
            member=MemberFactory(
                user=None,
                first_name=f"Prénom{index}",
                last_name=f"Nom{index}",
                sector=Sector.SUD,
                title_form=TitleForm.FEMININE,
            ),
            status=AttendanceStatus.PRESENT if index % 2 == 0 else AttendanceStatus.EXCUSED,
            order=index,
        )
    notes = [
        FootnoteFactory(minutes=minutes, key=f"n{k}", text=f"Texte de la note numéro {k}")
        for k in range(1, footnotes + 1)
    ]
    filler = "\n\n".join(
        "Paragraphe de remplissage qui occupe de la place sur la page afin de déplacer les appels de note "
        "vers le bas de la page et de vérifier que chaque note reste sur la page de son appel. " * 3
        for _ in range(filler_paragraphs)
    )
    for index in range(workstreams):
        workstream = WorkstreamFactory(title=f"Axe de travail numéro {index + 1}")
        body = ""
        if index < len(notes):
            body = (
                filler + "\n\n" if filler else ""
            ) + f"Texte de la section appelnote{index + 1}[^n{index + 1}] fin."
        MinutesSectionFactory(
            minutes=minutes,
            part=SectionPart.WORKSTREAMS,
            order=index,
            title=workstream.title,
            workstream=workstream,
            body=body,
        )
        for theme_index in range(2):
            theme = QuestionThemeFactory(workstream=workstream, title=f"Sur le thème {theme_index + 1}")
            for question_index in range(questions_per_theme):
                QuestionFactory(
                    workstream=workstream,
                    theme=theme,
                    raised_at=meeting,
                    order=question_index,
                    answer="*OpenAI*" if question_index == 0 else "",
                )
        ProposalFactory(workstream=workstream, meeting=meeting, member=MemberFactory(user=None))
        ContactFactory(workstream=workstream, meeting=meeting)
        NextStepFactory(workstream=workstream, meeting=meeting)
    # Notes beyond the axes are called from the next-steps part.
    for k in range(workstreams + 1, footnotes + 1):
        MinutesSectionFactory(
            minutes=minutes,
            part=SectionPart.NEXT_STEPS,
            order=k,
            title=f"Étape numéro {k}",
            body=(filler + "\n\n" if filler else "") + f"Texte appelnote{k}[^n{k}] fin.",
        )
    calendar = MinutesSectionFactory(
        minutes=minutes, part=SectionPart.NEXT_STEPS, order=0, title="Calendrier prévisionnel"
    )
    CalendarEntryFactory(
        section=calendar,
        date=datetime.date(2026, 1, 17),
        date_end=datetime.date(2026, 1, 31),
        date_precision=DatePrecision.RANGE,
        order=0,
    )
    CalendarEntryFactory(section=calendar, date=datetime.date(2026, 2, 13), order=1)
    series = EventSeriesFactory()
    existing = series.editions.count()  # a second build in one test adds editions after the first's
    for number in range(existing + 1, existing + editions + 1):
        EditionFactory(
            series=series,
            number=number,
            date=datetime.date(2022 + number // 3, 9, 1),
            date_precision=DatePrecision.MONTH,
        )
    AnnexFactory(minutes=minutes, title="Présentation du PDIN", include_pdin_history=True)
    return minutes
