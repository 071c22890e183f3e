"""The « dossier de réponses » (issue 14): per axis and per sitting, as a page and a tagged PDF,
with the register's visibility rules."""

import datetime
import html
import io
import re
import zoneinfo

import pikepdf
import pytest
from django.urls import reverse
from django.utils import translation

from sessions.models import AgendaItem, MinutesStatus
from workstreams.models import QuestionStatus, WorkstreamStatus

from .factories import (
    CouncilFactory,
    MeetingFactory,
    MemberFactory,
    MinutesFactory,
    QuestionFactory,
    QuestionThemeFactory,
    WorkstreamFactory,
)
from .pdf_checks import normalise, pages_text, structure_tree

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _sitting(day: datetime.date, **fields):
    return MeetingFactory(starts_at=datetime.datetime.combine(day, datetime.time(18), tzinfo=PARIS), **fields)


@pytest.fixture
def register():
    """An axis with two themes: a question answered by a named person and presented at the
    January plenary, one waiting for its answer, one raised at a sitting whose minutes are
    still a draft (staff only), one without theme."""
    axis = WorkstreamFactory(title="IA et services publics", slug="ia")
    budget = QuestionThemeFactory(workstream=axis, title="Sur le périmètre budgétaire", order=0)
    ethics = QuestionThemeFactory(workstream=axis, title="Sur l’éthique", order=1)
    november = _sitting(datetime.date(2025, 11, 28))
    MinutesFactory(meeting=november, status=MinutesStatus.PUBLISHED)
    january = _sitting(datetime.date(2026, 1, 15), title="Assemblée plénière de janvier")
    draft = _sitting(datetime.date(2026, 2, 5))
    MinutesFactory(meeting=draft, status=MinutesStatus.DRAFT)
    dsi = MemberFactory(first_name="Denis", last_name="Mallet", user=None)
    answered = QuestionFactory(
        workstream=axis,
        theme=budget,
        text="Quel est le coût du chatbot municipal ?",
        raised_at=november,
        status=QuestionStatus.ANSWERED,
        answer="Le marché s’élève à 40 000 euros sur trois ans.",
        answered_by=dsi,
        answered_by_service="Direction des systèmes d’information",
        answered_on=datetime.date(2025, 12, 10),
        answered_at_meeting=january,
    )
    waiting = QuestionFactory(
        workstream=axis, theme=ethics, text="Qui contrôle les réponses du chatbot ?", raised_at=november
    )
    hidden = QuestionFactory(
        workstream=axis, theme=ethics, text="Question d’une séance en projet", raised_at=draft
    )
    loose = QuestionFactory(workstream=axis, text="Une question posée entre deux séances")
    return {
        "axis": axis,
        "november": november,
        "january": january,
        "draft": draft,
        "answered": answered,
        "waiting": waiting,
        "hidden": hidden,
        "loose": loose,
    }


def _page(client, name, *args) -> str:
    response = client.get(reverse(f"meetings:{name}", args=args))
    assert response.status_code == 200
    # The text as read: without tags, and with character references resolved.
    return normalise(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


def test_axis_dossier_shows_each_question_with_theme_status_answer_source_and_sitting(
    client, member_user, register
):
    client.force_login(member_user)
    page = _page(client, "workstream_dossier", "ia")

    assert normalise("Sur le périmètre budgétaire") in page and normalise("Sur l’éthique") in page
    assert normalise("Quel est le coût du chatbot municipal") in page
    assert (
        normalise(
            "Réponse apportée par Denis Mallet, Direction des systèmes d’information, le 10 décembre 2025 :"
        )
        in page
    )
    assert normalise("Présentée en séance du 15 janvier 2026.") in page
    assert normalise("État : réponse en cours") not in page
    assert (
        normalise("Qui contrôle les réponses du chatbot") in page
        and normalise("En attente de réponse.") in page
    )
    assert normalise("Questions sans thème") in page
    # The register hides questions of draft minutes from members: so does the dossier.
    assert normalise("séance en projet") not in page


def test_staff_see_the_questions_of_draft_minutes_too(client, staff_user, register):
    client.force_login(staff_user)
    assert normalise("Question d’une séance en projet") in _page(client, "workstream_dossier", "ia")


def test_sitting_dossier_gathers_raised_presented_and_agenda_questions(client, member_user, register):
    AgendaItem.objects.create(
        meeting=register["january"], title="Point sur l’éthique", question=register["waiting"]
    )
    client.force_login(member_user)

    page = _page(client, "meeting_dossier", register["january"].pk)

    assert normalise("Dossier de réponses – Assemblée plénière de janvier") in page
    assert normalise("Réponse apportée par Denis Mallet, Direction des systèmes d’information") in page
    assert "Réponse apportée (" not in page  # no brackets around a name that may hold its own
    assert normalise("Présentée lors de cette séance.") in page
    assert normalise("Présentée en séance du 15 janvier 2026") not in page  # said once
    assert normalise("À l’ordre du jour de cette séance") in page
    assert normalise("Une question posée entre deux séances") not in page  # not tied to this sitting
    november = _page(client, "meeting_dossier", register["november"].pk)
    assert normalise("Posée lors de cette séance") in november
    assert normalise("Posée en séance du 28 novembre 2025") not in november  # said once


def test_empty_dossiers_say_so_in_french(client, member_user):
    WorkstreamFactory(slug="vide")
    sitting = _sitting(datetime.date(2026, 3, 1))
    client.force_login(member_user)
    assert normalise("Aucune question n’a encore été posée dans cet axe.") in _page(
        client, "workstream_dossier", "vide"
    )
    assert normalise("Aucune question pour cette séance") in _page(client, "meeting_dossier", sitting.pk)
    index = _page(client, "dossier_index")
    assert normalise("Par axe de travail") in index and normalise("Par séance") in index


def test_the_public_is_sent_to_log_in_and_a_former_member_is_refused(client, register):
    url = reverse("meetings:workstream_dossier", args=["ia"])
    for name, args in (("workstream_dossier", ["ia"]), ("meeting_dossier_pdf", [register["january"].pk])):
        response = client.get(reverse(f"meetings:{name}", args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    former = MemberFactory(mandate_start=datetime.date(2020, 1, 1), mandate_end=datetime.date(2021, 1, 1))
    client.force_login(former.user)
    assert client.get(url).status_code == 403


def test_an_archived_axis_or_an_unknown_sitting_is_a_404_for_members(
    client, member_user, staff_user, register
):
    register["axis"].status = WorkstreamStatus.ARCHIVED
    register["axis"].save()
    client.force_login(member_user)
    assert client.get(reverse("meetings:workstream_dossier", args=["ia"])).status_code == 404
    assert client.get(reverse("meetings:meeting_dossier", args=[999999])).status_code == 404
    # The sitting's dossier leaves out the archived axis' questions for members.
    assert normalise("coût du chatbot") not in _page(client, "meeting_dossier", register["january"].pk)
    client.force_login(staff_user)
    assert client.get(reverse("meetings:workstream_dossier", args=["ia"])).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_dossier_pages_cost_the_same_whatever_their_size(
    client, member_user, django_assert_num_queries, size
):
    axis = WorkstreamFactory(slug="taille")
    sitting = _sitting(datetime.date(2025, 11, 28))
    MinutesFactory(meeting=sitting, status=MinutesStatus.PUBLISHED)
    for index in range(size):
        theme = QuestionThemeFactory(workstream=axis, title=f"Thème {index}")
        QuestionFactory(
            workstream=axis,
            theme=theme,
            raised_at=sitting,
            raised_by=MemberFactory(user=None),
            status=QuestionStatus.ANSWERED,
            answer="Réponse.",
            answered_by=MemberFactory(user=None),
            answered_on=datetime.date(2025, 12, 1),
            answered_at_meeting=sitting,
        )
    client.force_login(member_user)
    client.get(reverse("meetings:dossier_index"))  # warm the session
    # session, user with their member record (one query, for the mandate), then: the axis, its questions
    with django_assert_num_queries(4):
        assert client.get(reverse("meetings:workstream_dossier", args=["taille"])).status_code == 200
    # session, user with their member record, then: the sitting, its questions
    with django_assert_num_queries(4):
        assert client.get(reverse("meetings:meeting_dossier", args=[sitting.pk])).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(reverse("meetings:dossier_index")).status_code == 200


def test_dossier_pdf_is_tagged_french_and_says_who_answered_and_where_it_was_presented(
    client, member_user, register
):
    CouncilFactory()
    client.force_login(member_user)
    response = client.get(reverse("meetings:meeting_dossier_pdf", args=[register["january"].pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "dossier-reponses-seance-2026-01-15.pdf" in response["Content-Disposition"]
    pdf = response.content
    text = normalise(" ".join(pages_text(pdf)))
    assert normalise("Quel est le coût du chatbot municipal") in text
    assert normalise("Réponse apportée par Denis Mallet") in text
    assert normalise("Présentée lors de cette séance") in text
    assert normalise("Sur le périmètre budgétaire") in text
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "fr"
        assert document.Root.MarkInfo.Marked
        assert "Dossier de réponses" in str(document.open_metadata().get("dc:title"))
    types = {node.type for node in structure_tree(pdf).walk()}
    assert {"H1", "H2", "H3", "L", "LI", "Table", "TH", "TD"} <= types


def test_axis_dossier_pdf_is_the_same_document_from_the_cache(client, member_user, register):
    client.force_login(member_user)
    url = reverse("meetings:workstream_dossier_pdf", args=["ia"])
    first = client.get(url).content
    assert first.startswith(b"%PDF")
    assert client.get(url).content == first
    text = normalise(" ".join(pages_text(first)))
    assert normalise("Qui contrôle les réponses du chatbot") in text
    assert normalise("séance en projet") not in text


def test_the_dossier_pdf_is_all_french_when_downloaded_from_the_english_interface(
    client, member_user, register
):
    # The English requests leave English active in this thread: restored on leaving.
    with translation.override("fr"):
        CouncilFactory()
        client.force_login(member_user)
        client.post(reverse("public:language"), {"language": "en", "next": "/"})
        assert (
            '<html lang="en">'
            in client.get(reverse("meetings:meeting_dossier", args=[register["january"].pk])).content.decode()
        )

        pdf = client.get(reverse("meetings:meeting_dossier_pdf", args=[register["january"].pk])).content
        text = normalise(" ".join(pages_text(pdf)))
        assert normalise("Dossier de réponses") in text
        assert normalise("Présentée lors de cette séance") in text
        for english in ("Answers file", "Presented at this sitting", "Answer given", "Asked at"):
            assert normalise(english) not in text
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert "Dossier de réponses" in str(document.open_metadata().get("dc:title"))
