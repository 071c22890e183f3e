"""Questions typed into draft minutes stay drafts: members see them once the minutes are
published; staff see them at once (issue 16, "Drafts stay drafts")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from home.search import search
from home.selectors import digest_content
from sessions.models import MinutesStatus
from workstreams.models import Question

from ..meetings.factories import MinutesFactory
from .factories import QuestionFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

# The page typesets the question (a no-break space before « ? »): look for its words.
SHOWN = "Quel est le budget des logiciels libres"


@pytest.fixture
def draft_question():
    minutes = MinutesFactory(status=MinutesStatus.DRAFT)
    question = QuestionFactory(
        workstream=WorkstreamFactory(title="Budget"),
        raised_at=minutes.meeting,
        text="Quel est le budget des logiciels libres ?",
        status="answered",
        answer="Il est en cours de chiffrage.",
        answered_by_service="Direction des finances",
        answered_on=timezone.localdate(),
    )
    return minutes, question


def test_a_question_of_draft_minutes_is_hidden_from_members_until_publication(
    client, member_user, draft_question
):
    minutes, question = draft_question
    client.force_login(member_user)
    axis_page = reverse("workstreams:detail", args=[question.workstream.slug])

    assert SHOWN not in client.get(axis_page).content.decode()
    assert search(user=member_user, text="logiciels libres").questions == []
    follow = client.post(reverse("workstreams:question_follow", args=[question.pk]), {"follow": "1"})
    assert follow.status_code == 404

    minutes.status = MinutesStatus.PUBLISHED
    minutes.save()

    assert SHOWN in client.get(axis_page).content.decode()
    assert search(user=member_user, text="logiciels libres").questions == [question]


def test_staff_see_the_questions_of_draft_minutes(client, staff_user, draft_question):
    _minutes, question = draft_question
    client.force_login(staff_user)
    page = client.get(reverse("workstreams:detail", args=[question.workstream.slug]))
    assert SHOWN in page.content.decode()
    assert search(user=staff_user, text="logiciels libres").questions == [question]


def test_the_weekly_digest_tells_no_answer_from_draft_minutes(draft_question):
    _minutes, question = draft_question
    now = timezone.now()
    content = digest_content(since=now - datetime.timedelta(days=7), until=now + datetime.timedelta(days=1))
    assert question not in content.questions


def test_questions_asked_between_sittings_are_public_at_once():
    asked = QuestionFactory(raised_at=None)
    assert list(Question.objects.public()) == [asked]
