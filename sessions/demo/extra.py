"""Demo records of this app beyond the reference sitting, loaded by ``seed_demo``.

``load`` must be idempotent (find by natural key, save nothing unchanged) and must not
depend on other apps' demo loaders, which run in the order members, meetings,
workstreams, pdin.

Added here: a coming working group on the first work axis, on the first Tuesday at least
three weeks after the day ``seed_demo`` runs, 18 h – 20 h at the Hôtel de Ville, with its
convocation sent and two answers (one present, one excused with a reason). The demo
member's own answer is left open, to try the answer page. Run again while that sitting is
still to come, the loader finds it by kind and title and changes nothing; once it is past,
a new coming one is added.

Also two questions asked between sittings (so the reference minutes do not print them),
answered by the DSI in December 2025 and not presented yet: the agenda suggestions of the
coming sitting offer the first one to present, and the « dossier de réponses » of each
axis shows them.
"""

import datetime

from django.utils import timezone

from cln_portal.schedule import due_at
from pdin.models import Venue
from workstreams.models import Question, QuestionStatus, Workstream

from ..meetings.services import AgendaEntry, convocation_send, invitation_answer, meeting_save
from ..minutes.services import minutes_render_frozen, minutes_store_frozen
from ..models import InvitationAnswer, Meeting, MeetingInvitation, MeetingKind

DEMO_TITLE_PREFIX = "Groupe de travail"
WEEKS_AHEAD = 3
TUESDAY = 1

AGENDA = [
    "Point sur les questions posées lors de la séance du 28 novembre 2025",
    "Retour sur la rencontre technique avec la DSI",
    "Organisation des prochains ateliers",
]

ANSWERS = [
    ("amina-belkacem", InvitationAnswer.ATTENDING, ""),
    ("hicham-el-idrissi", InvitationAnswer.EXCUSED, "Déplacement professionnel ce jour-là."),
]


def load(*, seed) -> None:
    """Add this app's demo records. ``seed`` is a ``sessions.demo.DemoSeedResult``
    (``meeting``, ``minutes``, ``people`` by key of ``sessions.demo.reference.PEOPLE``)."""
    _load_coming_working_group(seed)
    _load_answers_to_present(seed)
    _store_reference_pdf(seed)


def _load_coming_working_group(seed) -> Meeting | None:
    workstream = Workstream.objects.order_by("order", "pk").first()
    if workstream is None:
        return None
    title = f"{DEMO_TITLE_PREFIX} « {workstream.title} »".replace("« ", "« ").replace(" »", " »")
    now = timezone.now()
    existing = Meeting.objects.filter(kind=MeetingKind.WORKING_GROUP, title=title, starts_at__gt=now).first()
    if existing is not None:
        return existing
    day = timezone.localdate() + datetime.timedelta(weeks=WEEKS_AHEAD)
    day += datetime.timedelta(days=(TUESDAY - day.weekday()) % 7)
    meeting = Meeting(
        kind=MeetingKind.WORKING_GROUP,
        title=title,
        workstream=workstream,
        # The demo convenes the whole council, not only the axis' participants, so that every
        # demo member has a convocation to answer.
        convene_council=True,
        starts_at=due_at(day=day, at=datetime.time(18, 0)),
        ends_at=due_at(day=day, at=datetime.time(20, 0)),
        venue=Venue.objects.filter(slug="hotel-de-ville").first(),
        convener=seed.people.get("martine-grabowski-servais"),
    )
    guests = [seed.people[key] for key in ("denis-mallet",) if key in seed.people]
    meeting_save(
        actor=None,
        meeting=meeting,
        agenda=[
            AgendaEntry(title=text, workstream=workstream if order == 0 else None)
            for order, text in enumerate(AGENDA)
        ],
        invited=guests,
    )
    if meeting.venue is not None:
        convocation_send(meeting=meeting, actor=None)
    for key, answer, reason in ANSWERS:
        invitation = MeetingInvitation.objects.filter(meeting=meeting, member=seed.people.get(key)).first()
        if invitation is not None:
            invitation_answer(invitation=invitation, answer=answer, reason=reason)
    return meeting


# (axis order, question, answer, asked on, answered on): asked between sittings.
ANSWERS_TO_PRESENT = [
    (
        0,
        "Les supports présentés lors des PDIN seront-ils mis en ligne pour les structures partenaires ?",
        "Oui : la DSI ouvre en janvier 2026 un espace de partage sur le site de la Ville, "
        "où chaque support est déposé dans la semaine qui suit l’édition.",
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 12),
    ),
    (
        1,
        "Le budget numérique 2026 sera-t-il présenté au conseil avant son vote ?",
        "La direction des finances présentera les grandes lignes du budget numérique 2026 "
        "au conseil avant le vote du budget primitif, en mars 2026.",
        datetime.date(2025, 12, 2),
        datetime.date(2025, 12, 15),
    ),
]


def _load_answers_to_present(seed) -> None:
    axes = list(Workstream.objects.order_by("order", "pk"))
    asker = seed.people.get("amina-belkacem")
    for order, text, answer, asked_on, answered_on in ANSWERS_TO_PRESENT:
        if order >= len(axes) or Question.objects.filter(workstream=axes[order], text=text).exists():
            continue
        Question.objects.create(
            workstream=axes[order],
            text=text,
            raised_by=asker,
            created_at=due_at(day=asked_on, at=datetime.time(10, 0)),
            order=100,
            status=QuestionStatus.ANSWERED,
            answer=answer,
            answered_by_service="Direction des systèmes d’information",
            answered_on=answered_on,
        )


def _store_reference_pdf(seed) -> None:
    """Give the published reference minutes their stored PDF, SHA-256 and frozen page, once.

    A version that already has a stored PDF is never rendered again (it is frozen), so a
    second run changes nothing. Rendering takes about two seconds.
    """
    minutes = seed.minutes
    if not minutes.is_published or minutes.pdf:
        return
    pdf, sha256, page_html = minutes_render_frozen(minutes=minutes)
    minutes_store_frozen(minutes=minutes, pdf=pdf, sha256=sha256, page_html=page_html)
    minutes.save(update_fields=["pdf", "pdf_sha256", "html_snapshot", "updated_at"])
