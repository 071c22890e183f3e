"""Questions and answers: asked by members, given to a service, answered, followed, chased."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.models import Notification
from workstreams.models import Question, QuestionStatus
from workstreams.services import (
    question_answer,
    question_ask,
    question_assign,
    question_follow,
    question_withdraw,
)

from ..members.factories import CouncilFactory, MeetingFactory, MemberFactory
from .factories import AnsweringServiceFactory, QuestionFactory, QuestionThemeFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_question_lifecycle_notifies_the_asker_and_followers_once(
    staff_user, django_capture_on_commit_callbacks
):
    CouncilFactory()
    workstream = WorkstreamFactory(title="Saisine applicative : agent conversationnel")
    theme = QuestionThemeFactory(workstream=workstream, title="Sur le budget")
    asker = MemberFactory(user__email="asker@example.org")
    follower = MemberFactory(user__email="follower@example.org")
    MemberFactory(user__email="bystander@example.org")
    meeting = MeetingFactory()

    with time_machine.travel(datetime.datetime(2025, 12, 3, 10, 0, tzinfo=PARIS), tick=False):
        question = question_ask(
            workstream=workstream, member=asker, text="Quel est le coût annuel ?", theme=theme
        )
        question_follow(question=question, member=follower)
        assert question.status == QuestionStatus.OPEN
        dsi = AnsweringServiceFactory(name="Direction des systèmes d’information")
        question_assign(question=question, service=dsi, due_on=datetime.date(2025, 12, 19), actor=staff_user)
    question.refresh_from_db()
    assert question.status == QuestionStatus.IN_PROGRESS
    assert question.assigned_service == "Direction des systèmes d’information"

    with (
        time_machine.travel(datetime.datetime(2026, 1, 20, 19, 0, tzinfo=PARIS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        question_answer(
            question=question,
            answer="Environ *40 000 €* par an.",
            answered_by_service="DSI",
            answered_at_meeting=meeting,
            actor=staff_user,
        )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answered_on == datetime.date(2026, 1, 20)
    assert question.answered_at_meeting == meeting

    notifications = Notification.objects.filter(kind="question_answered").order_by("recipient")
    assert [n.recipient for n in notifications] == ["asker@example.org", "follower@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["asker@example.org", "follower@example.org"]
    body = notifications[0].body_text
    assert "Quel est le coût annuel" in body and "40 000 €" in body and "mardi 20 janvier 2026" in body
    assert "vous avez posé cette question" in body
    assert "vous suivez cette question" in notifications[1].body_text
    assert f"#question-{question.pk}" in body

    # Correcting the answer the same day does not e-mail people twice.
    with time_machine.travel(datetime.datetime(2026, 1, 20, 20, 0, tzinfo=PARIS), tick=False):
        question_answer(
            question=question, answer="Environ 41 000 € par an.", answered_by_service="DSI", actor=staff_user
        )
    assert Notification.objects.filter(kind="question_answered").count() == 2


def test_duplicate_question_is_refused_with_a_clear_message():
    workstream = WorkstreamFactory()
    QuestionFactory(workstream=workstream, text="Quelle technologie sera utilisée ?")
    with pytest.raises(ValidationError) as error:
        question_ask(workstream=workstream, member=MemberFactory(), text="quelle  technologie sera UTILISÉE?")
    assert "déjà été posée dans cet axe" in error.value.message_dict["text"][0]
    # The same words in another axis are a new question.
    question_ask(
        workstream=WorkstreamFactory(), member=MemberFactory(), text="Quelle technologie sera utilisée ?"
    )


def test_answer_without_a_source_or_text_is_refused(staff_user):
    question = QuestionFactory()
    with pytest.raises(ValidationError) as error:
        question_answer(question=question, answer="Oui.", actor=staff_user)
    assert "sans source" in error.value.message_dict["answered_by_service"][0]
    with pytest.raises(ValidationError) as error:
        question_answer(question=question, answer="  ", answered_by_service="DSI", actor=staff_user)
    assert "answer" in error.value.message_dict
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_answer_form_keeps_what_was_typed_and_shows_the_message(client, staff_user):
    CouncilFactory()
    question = QuestionFactory()
    client.force_login(staff_user)
    response = client.post(
        reverse("workstreams:question_answer", args=[question.pk]), {"answer": "Une réponse précieuse"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Une réponse sans source ne peut pas être enregistrée" in content
    assert "Une réponse précieuse" in content


def test_withdrawn_and_answered_questions(staff_user):
    question = QuestionFactory()
    assert question_withdraw(question=question, actor=staff_user) is True
    assert question_withdraw(question=question, actor=staff_user) is False
    with pytest.raises(ValidationError, match="retirée"):
        question_answer(question=question, answer="Oui.", answered_by_service="DSI", actor=staff_user)
    answered = QuestionFactory(status=QuestionStatus.ANSWERED, answer="Oui.", answered_by_service="DSI")
    with pytest.raises(ValidationError, match="reçu une réponse"):
        question_withdraw(question=answered, actor=staff_user)


def test_member_asks_from_the_axis_page_and_follows_it(client):
    CouncilFactory()
    workstream = WorkstreamFactory()
    theme = QuestionThemeFactory(workstream=workstream, title="Sur le périmètre budgétaire")
    member = MemberFactory()
    client.force_login(member.user)

    response = client.post(
        reverse("workstreams:ask_question", args=[workstream.slug]),
        {"theme": theme.pk, "text": "Quelle part du budget pour la médiation ?"},
        follow=True,
    )
    question = Question.objects.get()
    assert question.raised_by == member and question.theme == theme and question.raised_at is None
    assert list(question.followers.all()) == [member]
    content = response.content.decode()
    assert "Votre question est enregistrée" in content
    assert "Ne plus suivre" in content

    response = client.post(
        reverse("workstreams:ask_question", args=[workstream.slug]),
        {"theme": "", "text": "Quelle part du budget pour la médiation ?"},
    )
    assert "déjà été posée dans cet axe" in response.content.decode()
    assert Question.objects.count() == 1

    client.post(reverse("workstreams:question_follow", args=[question.pk]), {"follow": "0"})
    assert not question.followers.exists()


def test_axis_page_lists_questions_by_theme_with_their_status(client):
    CouncilFactory()
    workstream = WorkstreamFactory()
    theme = QuestionThemeFactory(workstream=workstream, title="Sur les données")
    QuestionFactory(
        workstream=workstream,
        theme=theme,
        text="Où ?",
        status=QuestionStatus.IN_PROGRESS,
        assigned_service="DSI",
    )
    QuestionFactory(workstream=workstream, theme=theme, text="Quand ?", status=QuestionStatus.WITHDRAWN)
    client.force_login(MemberFactory().user)
    content = re.sub(r"</?abbr\b[^>]*>", "", client.get(workstream.get_absolute_url()).content.decode())
    assert "Réponse en cours" in content and "confiée à DSI" in content
    assert "Retirée" in content


def test_open_questions_page_lists_waiting_questions_oldest_first_for_staff(
    client, staff_user, member_user, django_assert_num_queries
):
    CouncilFactory()
    old_meeting = MeetingFactory(starts_at=datetime.datetime(2025, 11, 28, 18, 0, tzinfo=PARIS))
    recent = QuestionFactory(text="Récente ?", created_at=datetime.datetime(2026, 1, 5, 10, 0, tzinfo=PARIS))
    old = QuestionFactory(text="Ancienne ?", raised_at=old_meeting)
    QuestionFactory(
        text="Répondue ?", status=QuestionStatus.ANSWERED, answer="Oui.", answered_by_service="DSI"
    )
    QuestionFactory(text="Archivée ?", workstream__status="archived")

    client.force_login(member_user)
    assert client.get(reverse("workstreams:open_questions")).status_code == 403

    client.force_login(staff_user)
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, 0, tzinfo=PARIS), tick=False):
        # user (session from the cache), council, the questions
        with django_assert_num_queries(3):
            response = client.get(reverse("workstreams:open_questions"))
        assert [q.pk for q in response.context["questions"]] == [old.pk, recent.pk]
        assert [q.age_days for q in response.context["questions"]] == [47, 10]
        for _ in range(5):
            QuestionFactory(raised_by=MemberFactory(), theme=QuestionThemeFactory())
        with django_assert_num_queries(3):
            client.get(reverse("workstreams:open_questions"))
