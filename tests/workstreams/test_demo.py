"""The demo: the seed's questions (5 answered, the rest open) and its confirmed positioning form."""

import datetime

import pytest
import time_machine

from sessions.demo import demo_seed
from workstreams.models import (
    Participation,
    ParticipationLevel,
    PositioningCampaign,
    PositioningChoice,
    PositioningResponse,
    Question,
    QuestionStatus,
)
from workstreams.selectors import campaign_results, question_status_counts

pytestmark = pytest.mark.django_db


def test_demo_holds_the_seeds_answered_and_open_questions():
    demo_seed(with_accounts=False)

    # The seed's 5 answers given on the spot, and 2 answers given since (sessions/demo/extra.py).
    assert question_status_counts() == {"open": 49, "in_progress": 0, "answered": 7, "withdrawn": 0}
    answers = set(Question.objects.filter(status=QuestionStatus.ANSWERED).values_list("answer", flat=True))
    for words in (
        "OpenAI",
        "Azure West Europe",
        "Orange Business",
        "investissement",
        "par la saisine du CLN",
    ):
        assert any(words in answer for answer in answers)


def test_demo_positioning_form_is_closed_confirmed_and_members_are_participants():
    seed = demo_seed(with_accounts=False)

    campaign = PositioningCampaign.objects.get()
    assert campaign.deadline == datetime.date(2025, 12, 18)
    assert campaign.is_confirmed and not campaign.accepts_answers(datetime.date(2026, 1, 5))
    assert campaign.workstreams.count() == 6
    anais = seed.people["anais-garnier"]
    assert Participation.objects.get(member=anais, workstream__slug="programmation-pdin").level == (
        ParticipationLevel.PILOT
    )
    with time_machine.travel(datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC), tick=False):
        results = campaign_results(campaign=campaign)
    assert len(results.not_answered) == 5
    assert [row.member.last_name for row in results.rows if row.above_maximum] == ["Belkacem"]


def test_demo_loads_twice_to_the_same_data():
    demo_seed(with_accounts=False)
    before = (
        Participation.objects.count(),
        PositioningResponse.objects.count(),
        PositioningChoice.objects.count(),
        list(PositioningResponse.objects.values_list("pk", "updated_at")),
    )
    demo_seed(with_accounts=False)
    after = (
        Participation.objects.count(),
        PositioningResponse.objects.count(),
        PositioningChoice.objects.count(),
        list(PositioningResponse.objects.values_list("pk", "updated_at")),
    )
    assert before == after
    assert before[:3] == (28, 9, 54)
