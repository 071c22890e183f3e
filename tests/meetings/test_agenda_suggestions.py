"""Agenda suggestions (issue 14): what the register proposes for a sitting's agenda, and the
one-click « Ajouter à l’ordre du jour » on the sitting's edit page."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pdin.models import ProposalStatus, ProposalSupport
from sessions.meetings.agenda import agenda_suggestion_add, agenda_suggestions
from sessions.meetings.services import AgendaEntry, attendance_mark, meeting_save
from sessions.models import AgendaItem, AttendanceStatus, MeetingKind
from workstreams.models import QuestionStatus

from ..pdin.factories import ProposalFactory as ProgrammeProposalFactory
from .factories import (
    MeetingFactory,
    MemberFactory,
    QuestionFactory,
    UserFactory,
    VenueFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# The sitting's edit page: 11 queries for the form (session, user, sitting, agenda, selects…)
# and 4 for the suggestions (previous sitting, answers, open questions, proposals).
COUNT_EDIT_PAGE = 15


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _sitting(day: datetime.date, kind=MeetingKind.PLENARY, **fields):
    return MeetingFactory(
        kind=kind, starts_at=datetime.datetime.combine(day, datetime.time(18), tzinfo=PARIS), **fields
    )


def _answered(text: str, on: datetime.date, **fields):
    return QuestionFactory(
        text=text,
        status=QuestionStatus.ANSWERED,
        answer="La DSI a répondu.",
        answered_by_service="DSI",
        answered_on=on,
        **fields,
    )


def _supported(title: str, supports: int):
    proposal = ProgrammeProposalFactory(title=title)
    for user in UserFactory.create_batch(supports):
        ProposalSupport.objects.create(proposal=proposal, user=user)
    return proposal


@pytest.fixture
def plenaries():
    """The last plenary on 28 November 2025 and the next on 15 January 2026."""
    return _sitting(datetime.date(2025, 11, 28)), _sitting(datetime.date(2026, 1, 15))


def test_answers_given_since_the_last_sitting_are_suggested_to_present(plenaries):
    last, coming = plenaries
    since = _answered("Combien coûte le chatbot ?", datetime.date(2025, 12, 10))
    _answered("Réponse déjà ancienne", datetime.date(2025, 11, 1))
    _answered("Réponse déjà présentée", datetime.date(2025, 12, 11), answered_at_meeting=last)
    QuestionFactory(text="Pas encore de réponse")

    suggestions = agenda_suggestions(meeting=coming)

    assert [q.text for q in suggestions.answered] == [since.text]
    assert suggestions.previous == last


def test_questions_open_for_long_are_suggested_oldest_first_with_their_service(plenaries, settings):
    settings.AGENDA_OPEN_QUESTION_DAYS = 45
    last, coming = plenaries  # 15 January 2026: 45 days before is 1 December 2025
    old = QuestionFactory(text="Question ancienne", raised_at=last, assigned_service="DSI")
    older = QuestionFactory(
        text="Question plus ancienne", created_at=datetime.datetime(2025, 9, 1, 10, tzinfo=PARIS)
    )
    QuestionFactory(text="Question récente", created_at=datetime.datetime(2026, 1, 2, 10, tzinfo=PARIS))
    QuestionFactory(
        text="Question retirée",
        status=QuestionStatus.WITHDRAWN,
        created_at=datetime.datetime(2025, 9, 1, 10, tzinfo=PARIS),
    )

    suggestions = agenda_suggestions(meeting=coming)

    assert [(q.text, q.age_days) for q in suggestions.open_for_long] == [
        (older.text, 136),
        (old.text, 48),
    ]
    assert suggestions.open_for_long[1].assigned_service == "DSI"
    settings.AGENDA_OPEN_QUESTION_DAYS = 200
    assert agenda_suggestions(meeting=coming).open_for_long == []


def test_members_proposals_from_the_support_threshold_are_suggested(plenaries, settings):
    settings.AGENDA_PROPOSAL_MIN_SUPPORTS = 3
    _last, coming = plenaries
    popular = _supported("Un atelier sur l’IA", 4)
    enough = _supported("Un PDIN au centre social", 3)
    _supported("Un thème peu soutenu", 2)
    taken = _supported("Déjà retenue", 5)
    taken.status = ProposalStatus.TAKEN_UP
    taken.save()

    suggestions = agenda_suggestions(meeting=coming)

    assert [(p.title, p.support_count) for p in suggestions.proposals] == [
        (popular.title, 4),
        (enough.title, 3),
    ]


def test_what_is_already_on_the_agenda_is_not_suggested_again(plenaries, staff_user, settings):
    settings.AGENDA_PROPOSAL_MIN_SUPPORTS = 1
    last, coming = plenaries
    answered = _answered("Réponse à présenter", datetime.date(2025, 12, 10))
    waiting = QuestionFactory(text="Question ancienne", raised_at=last)
    proposal = _supported("Un atelier", 1)
    for kind, pk in (("answered", answered.pk), ("open", waiting.pk), ("proposal", proposal.pk)):
        agenda_suggestion_add(meeting=coming, kind=kind, pk=pk, actor=staff_user)

    suggestions = agenda_suggestions(meeting=coming)

    assert suggestions.is_empty
    # Another sitting still gets them.
    assert agenda_suggestions(meeting=_sitting(datetime.date(2026, 1, 20))).proposals == [proposal]
    with pytest.raises(ValidationError, match="déjà à l’ordre du jour"):
        agenda_suggestion_add(meeting=coming, kind="open", pk=waiting.pk, actor=staff_user)


def test_a_working_group_sees_only_its_axis(staff_user):
    axis, other = WorkstreamFactory(), WorkstreamFactory()
    group = _sitting(datetime.date(2026, 1, 15), kind=MeetingKind.WORKING_GROUP, workstream=axis)
    mine = _answered("De mon axe", datetime.date(2025, 12, 10), workstream=axis)
    _answered("D’un autre axe", datetime.date(2025, 12, 10), workstream=other)

    assert agenda_suggestions(meeting=group).answered == [mine]


def test_one_click_adds_the_item_at_the_end_linked_to_its_question(staff_client, plenaries):
    _last, coming = plenaries
    AgendaItem.objects.create(meeting=coming, order=0, title="Accueil")
    question = _answered("Combien coûte le chatbot ?", datetime.date(2025, 12, 10))
    edit = reverse("meetings:meeting_edit", args=[coming.pk])

    page = staff_client.get(edit).content.decode()
    assert "Suggestions pour l’ordre du jour" in page and "Combien coûte le chatbot" in page

    response = staff_client.post(
        reverse("meetings:agenda_suggestion_add", args=[coming.pk]), {"kind": "answered", "pk": question.pk}
    )

    assert response.status_code == 302 and response["Location"] == edit + "#ordre-du-jour"
    items = list(coming.agenda_items.order_by("order"))
    assert [(i.title, i.question_id, i.workstream_id) for i in items] == [
        ("Accueil", None, None),
        ("Réponse à présenter\u00a0: Combien coûte le chatbot\u202f?", question.pk, question.workstream_id),
    ]
    page = staff_client.get(edit).content.decode()
    assert "est ajouté à l’ordre du jour" in page
    assert "Aucune réponse à présenter" in page  # gone from the suggestions once added


def test_a_wrong_or_stale_suggestion_gets_a_french_message_not_an_error(staff_client, plenaries):
    _last, coming = plenaries
    withdrawn = QuestionFactory(status=QuestionStatus.WITHDRAWN)
    url = reverse("meetings:agenda_suggestion_add", args=[coming.pk])
    for data, message in (
        ({"kind": "open", "pk": withdrawn.pk}, "n’attend plus de réponse"),
        ({"kind": "answered", "pk": "abc"}, "Suggestion inconnue"),
        ({"kind": "autre", "pk": withdrawn.pk}, "Suggestion inconnue"),
        ({"kind": "proposal", "pk": 999999}, "n’existe plus"),
    ):
        response = staff_client.post(url, data, follow=True)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not coming.agenda_items.exists()


def test_only_staff_add_suggestions_and_only_by_post(client, member_user, plenaries):
    _last, coming = plenaries
    question = _answered("Question", datetime.date(2025, 12, 10))
    url = reverse("meetings:agenda_suggestion_add", args=[coming.pk])
    data = {"kind": "answered", "pk": question.pk}
    assert client.post(url, data).status_code == 302  # to the login page
    client.force_login(member_user)
    assert client.post(url, data).status_code == 403
    assert not coming.agenda_items.exists()


def test_get_is_refused(staff_client, plenaries):
    _last, coming = plenaries
    assert staff_client.get(reverse("meetings:agenda_suggestion_add", args=[coming.pk])).status_code == 405


def test_an_answer_on_the_agenda_is_presented_when_the_sitting_is_held(staff_user, plenaries):
    """Adding it does not mark it (the sitting has not taken place); someone present does."""
    _last, coming = plenaries
    question = _answered("Combien coûte le chatbot ?", datetime.date(2025, 12, 10))
    agenda_suggestion_add(meeting=coming, kind="answered", pk=question.pk, actor=staff_user)
    question.refresh_from_db()
    assert question.answered_at_meeting is None

    attendance_mark(meeting=coming, member=MemberFactory(), status=AttendanceStatus.ABSENT, actor=staff_user)
    question.refresh_from_db()
    assert question.answered_at_meeting is None
    attendance_mark(meeting=coming, member=MemberFactory(), status=AttendanceStatus.PRESENT, actor=staff_user)
    question.refresh_from_db()
    assert question.answered_at_meeting == coming


def test_editing_the_agenda_keeps_each_suggestion_linked_to_its_own_line(staff_user, plenaries):
    _last, coming = plenaries
    first = _answered("Première", datetime.date(2025, 12, 10))
    second = _answered("Seconde", datetime.date(2025, 12, 11))
    a = agenda_suggestion_add(meeting=coming, kind="answered", pk=first.pk, actor=staff_user)
    b = agenda_suggestion_add(meeting=coming, kind="answered", pk=second.pk, actor=staff_user)

    # Staff empty the first line's title (removing it) and add a line of their own.
    meeting_save(
        actor=staff_user,
        meeting=coming,
        agenda=[AgendaEntry(title=b.title, item=b.pk), AgendaEntry(title="Questions diverses")],
    )

    lines = [(i.title, i.question_id) for i in coming.agenda_items.order_by("order")]
    assert lines == [(b.title, second.pk), ("Questions diverses", None)]
    assert not AgendaItem.objects.filter(pk=a.pk).exists()


def test_the_sitting_page_links_each_added_item_back_to_its_question(staff_client, staff_user, plenaries):
    _last, coming = plenaries
    question = _answered("Combien coûte le chatbot ?", datetime.date(2025, 12, 10))
    agenda_suggestion_add(meeting=coming, kind="answered", pk=question.pk, actor=staff_user)
    page = staff_client.get(reverse("meetings:meeting_detail", args=[coming.pk])).content.decode()
    assert reverse("workstreams:question_manage", args=[question.pk]) in page


@pytest.mark.parametrize("size", [1, 8])
def test_the_agenda_editor_costs_the_same_whatever_the_number_of_suggestions(
    staff_client, plenaries, settings, django_assert_num_queries, size
):
    settings.AGENDA_PROPOSAL_MIN_SUPPORTS = 1
    last, coming = plenaries
    for index in range(size):
        _answered(f"Réponse {index}", datetime.date(2025, 12, 10), answered_by=MemberFactory(user=None))
        QuestionFactory(raised_at=last, created_at=last.starts_at)
        _supported(f"Proposition {index}", 1)
    settings.AGENDA_OPEN_QUESTION_DAYS = 40  # the last sitting was 48 days before
    url = reverse("meetings:meeting_edit", args=[coming.pk])
    staff_client.get(url)  # warm the session's MFA flag
    with django_assert_num_queries(COUNT_EDIT_PAGE):
        page = staff_client.get(url)
    assert page.status_code == 200
    suggestions = page.context["suggestions"]
    assert (len(suggestions.answered), len(suggestions.open_for_long), len(suggestions.proposals)) == (
        size,
        size,
        size,
    )


def test_a_tampered_line_id_never_takes_another_sittings_item(staff_client, staff_user, plenaries):
    last, coming = plenaries
    other = AgendaItem.objects.create(meeting=last, order=0, title="Point d’une autre séance")
    url = reverse("meetings:meeting_edit", args=[coming.pk])
    data = {"kind": "plenary", "title": "Assemblée plénière", "venue": VenueFactory().pk}
    start = coming.starts_at.astimezone(PARIS)
    data |= {
        "day": start.date().isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": "Premier point",
        "agenda-0-item": str(other.pk),
        "agenda-1-title": "Second point",
        "agenda-1-item": "pas un nombre",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.meeting == last and other.title == "Point d’une autre séance"
    assert list(coming.agenda_items.order_by("order").values_list("title", flat=True)) == [
        "Premier point",
        "Second point",
    ]


def test_an_answer_given_after_a_held_sitting_cannot_be_presented_there(staff_client, staff_user, plenaries):
    last, _coming = plenaries
    attendance_mark(meeting=last, member=MemberFactory(), status=AttendanceStatus.PRESENT, actor=staff_user)
    later = _answered("Combien coûte le chatbot ?", datetime.date(2025, 12, 10))

    response = staff_client.post(
        reverse("meetings:agenda_suggestion_add", args=[last.pk]),
        {"kind": "answered", "pk": later.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert "après la séance du 28 novembre 2025" in response.content.decode()
    assert not last.agenda_items.exists()
    later.refresh_from_db()
    assert later.answered_at_meeting is None

    # Put there by hand, it is still not recorded as presented when the sitting's attendance changes.
    AgendaItem.objects.create(meeting=last, order=0, title="Réponse", question=later)
    attendance_mark(meeting=last, member=MemberFactory(), status=AttendanceStatus.PRESENT, actor=staff_user)
    later.refresh_from_db()
    assert later.answered_at_meeting is None


def test_the_suggestions_show_the_questions_markup_and_the_item_title_drops_its_syntax(
    staff_client, staff_user, plenaries
):
    _last, coming = plenaries
    question = _answered("Que retenir de *[Open Education Global]{lang=en}* ?", datetime.date(2025, 12, 10))

    page = staff_client.get(reverse("meetings:meeting_edit", args=[coming.pk])).content.decode()
    assert '<em><span lang="en">Open Education Global</span></em>\u202f?' in page
    assert "{lang=en}" not in page

    item = agenda_suggestion_add(meeting=coming, kind="answered", pk=question.pk, actor=staff_user)
    assert item.title == "Réponse à présenter\u00a0: Que retenir de Open Education Global\u202f?"
