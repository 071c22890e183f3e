"""The axis page and the join / leave buttons, as a member uses them."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from workstreams.models import Participation, ParticipationLevel, QuestionStatus

from ..meetings.factories import ContactFactory, NextStepFactory
from ..members.factories import CouncilFactory, MemberFactory, UserFactory
from .factories import (
    ActionFactory,
    ParticipationFactory,
    ProposalFactory,
    QuestionFactory,
    QuestionThemeFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_anonymous_visitor_is_sent_to_login_from_an_axis_page(client):
    workstream = WorkstreamFactory()

    response = client.get(workstream.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_visitor_cannot_join(client):
    workstream = WorkstreamFactory()

    response = client.post(reverse("workstreams:join", args=[workstream.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Participation.objects.exists()


def test_member_joins_from_the_dashboard_and_sees_it(client):
    member = MemberFactory()
    workstream = WorkstreamFactory(title="Budget numérique")
    client.force_login(member.user)

    response = client.post(reverse("workstreams:join", args=[workstream.slug]), follow=True)

    assert response.redirect_chain == [(reverse("home:dashboard"), 302)]
    assert _messages(response) == ["Vous participez à l’axe «\u00a0Budget numérique\u00a0»."]
    assert list(response.context["joined"]) == [workstream]
    content = response.content.decode()
    assert reverse("workstreams:leave", args=[workstream.slug]) in content
    assert reverse("workstreams:join", args=[workstream.slug]) not in content


def test_member_leaves_an_axis(client):
    participation = ParticipationFactory(workstream__title="Budget numérique")
    client.force_login(participation.member.user)

    response = client.post(reverse("workstreams:leave", args=[participation.workstream.slug]), follow=True)

    assert _messages(response) == ["Vous ne participez plus à l’axe «\u00a0Budget numérique\u00a0»."]
    assert response.context["joined"] == []
    assert not Participation.objects.exists()


def test_joining_twice_from_the_page_keeps_one_participation(client):
    member = MemberFactory()
    workstream = WorkstreamFactory()
    client.force_login(member.user)
    url = reverse("workstreams:join", args=[workstream.slug])

    client.post(url)
    client.post(url)

    assert Participation.objects.filter(member=member, workstream=workstream).count() == 1


def test_join_button_on_the_axis_page_comes_back_to_the_axis_page(client):
    member = MemberFactory()
    workstream = WorkstreamFactory()
    client.force_login(member.user)

    response = client.post(
        reverse("workstreams:join", args=[workstream.slug]), {"next": workstream.get_absolute_url()}
    )

    assert response.url == workstream.get_absolute_url()


def test_join_never_redirects_to_another_site(client):
    member = MemberFactory()
    workstream = WorkstreamFactory()
    client.force_login(member.user)

    response = client.post(
        reverse("workstreams:join", args=[workstream.slug]), {"next": "https://example.com/"}
    )

    assert response.url == reverse("home:dashboard")


def test_account_without_member_record_gets_a_clear_message_not_an_error(client):
    user = UserFactory()
    workstream = WorkstreamFactory()
    client.force_login(user)

    response = client.post(reverse("workstreams:join", args=[workstream.slug]))

    assert response.status_code == 302
    assert "aucune fiche de membre" in [str(m) for m in get_messages(response.wsgi_request)][0]
    assert not Participation.objects.exists()


def test_join_and_leave_refuse_get(client):
    member = MemberFactory()
    workstream = WorkstreamFactory()
    client.force_login(member.user)

    assert client.get(reverse("workstreams:join", args=[workstream.slug])).status_code == 405
    assert client.get(reverse("workstreams:leave", args=[workstream.slug])).status_code == 405


def test_axis_page_shows_questions_by_theme_with_answers_proposals_and_participants(client):
    workstream = WorkstreamFactory(
        title="Saisine du chatbot municipal", objective="Donner **un avis** éclairé."
    )
    budget = QuestionThemeFactory(workstream=workstream, title="Sur le périmètre budgétaire", order=1)
    data = QuestionThemeFactory(workstream=workstream, title="Sur les données", order=2)
    QuestionFactory(workstream=workstream, theme=data, text="Où sont hébergées les données ?")
    QuestionFactory(
        workstream=workstream,
        theme=budget,
        text="Quel est le coût annuel ?",
        status=QuestionStatus.ANSWERED,
        answer="Environ 40 000 € par an.",
        answered_by_service="DSI",
    )
    QuestionFactory(workstream=workstream, text="Une question sans thème ?")
    ProposalFactory(
        workstream=workstream,
        text="Tester avec des habitants.",
        member__first_name="Nadia",
        member__last_name="Amrani",
    )
    ParticipationFactory(
        workstream=workstream,
        member__first_name="Léa",
        member__last_name="Petit",
        level=ParticipationLevel.PILOT,
    )
    client.force_login(MemberFactory().user)

    response = client.get(workstream.get_absolute_url())
    content = response.content.decode().replace("\u00a0", " ").replace("\u202f", " ")

    assert response.status_code == 200
    assert "<strong>un avis</strong>" in content
    positions = [
        content.index(s)
        for s in [
            "Sur le périmètre budgétaire",
            "Quel est le coût annuel ?",
            "Réponse apportée",
            "Environ 40 000 € par an.",
            "Sur les données",
            "Où sont hébergées les données ?",
            "Autres questions",
            "Une question sans thème ?",
            "Tester avec des habitants.",
            "Proposée par Nadia Amrani",
            "Léa Petit",
        ]
    ]
    assert positions == sorted(positions)
    assert "DSI" in content
    assert "(pilote)" in content


def test_unknown_axis_is_not_found(client):
    client.force_login(MemberFactory().user)

    assert client.get(reverse("workstreams:detail", args=["inconnu"])).status_code == 404


def test_axis_page_query_count_does_not_grow(client, django_assert_num_queries):
    CouncilFactory()
    workstream = WorkstreamFactory()
    theme = QuestionThemeFactory(workstream=workstream)
    QuestionFactory(workstream=workstream, theme=theme, answer="Oui.", answered_by=MemberFactory())
    ProposalFactory(workstream=workstream)
    ParticipationFactory(workstream=workstream)
    member = MemberFactory()
    client.force_login(member.user)

    # user with their member record (one query; the session comes from the cache), council, then
    # the axis in seven (axis, themes, its questions, proposals with their actions, participations,
    # contacts, next steps), then the digital-mediation places linked to the axis (places app)
    with django_assert_num_queries(10):
        client.get(workstream.get_absolute_url())

    for _ in range(3):
        theme = QuestionThemeFactory(workstream=workstream)
        QuestionFactory.create_batch(2, workstream=workstream, theme=theme, raised_by=MemberFactory())
        QuestionFactory(workstream=workstream)
        ProposalFactory(workstream=workstream)
        ParticipationFactory(workstream=workstream)
        ContactFactory(workstream=workstream)
        NextStepFactory(workstream=workstream, owner=MemberFactory())
        ActionFactory(
            workstream=workstream, proposal=ProposalFactory(workstream=workstream), owner=MemberFactory()
        )
        QuestionFactory(workstream=workstream, theme=theme).followers.add(member)
    with django_assert_num_queries(10):
        client.get(workstream.get_absolute_url())
