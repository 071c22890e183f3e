"""The member's dashboard (Mon espace)."""

import re

import pytest
from django.urls import reverse

from sessions.models import MinutesStatus

from ..members.factories import CouncilFactory, MemberFactory, MinutesFactory, UserFactory
from ..workstreams.factories import ParticipationFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/espace/")

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/espace/"


def test_dashboard_lists_axes_in_order_with_a_button_each(client):
    member = MemberFactory()
    second = WorkstreamFactory(title="Deuxième axe", order=2)
    first = WorkstreamFactory(title="Premier axe", order=1)
    ParticipationFactory(workstream=second, member=member)
    client.force_login(member.user)

    response = client.get(reverse("home:dashboard"))
    content = response.content.decode()

    assert response.status_code == 200
    assert content.index("Premier axe") < content.index("Deuxième axe", content.index('id="axes"'))
    assert reverse("workstreams:join", args=[first.slug]) in content
    assert reverse("workstreams:leave", args=[second.slug]) in content
    assert [w.title for w in response.context["joined"]] == ["Deuxième axe"]
    assert 'name="csrfmiddlewaretoken"' in content


def test_dashboard_lists_latest_published_minutes_only(client):
    published = MinutesFactory(title="Séance d’installation")
    MinutesFactory(meeting=published.meeting, version=2, title="Séance d’installation corrigée")
    MinutesFactory(title="Brouillon en cours", status=MinutesStatus.DRAFT)
    client.force_login(MemberFactory().user)

    response = client.get(reverse("home:dashboard"))
    content = response.content.decode()

    assert "Séance d’installation corrigée" in content
    assert "Séance d’installation<" not in content
    assert "Brouillon en cours" not in content


def test_account_without_member_record_gets_a_french_403_with_a_way_to_its_data(client):
    WorkstreamFactory(title="Premier axe")
    client.force_login(UserFactory())

    response = client.get(reverse("home:dashboard"))
    content = response.content.decode()

    assert response.status_code == 403
    assert "Accès refusé" in content
    assert reverse("members:my_data") in content
    assert "Premier axe" not in content


def test_dashboard_query_count_does_not_grow(client, django_assert_num_queries):
    CouncilFactory()
    member = MemberFactory()
    ParticipationFactory(member=member)
    MinutesFactory()
    client.force_login(member.user)

    # user with their member record (the session comes from the cache), axes, minutes, council, open positioning
    # campaign, convocations
    with django_assert_num_queries(6):
        client.get(reverse("home:dashboard"))

    WorkstreamFactory.create_batch(5)
    ParticipationFactory.create_batch(3, member=member)
    ParticipationFactory.create_batch(3)
    MinutesFactory.create_batch(3)
    with django_assert_num_queries(6):
        client.get(reverse("home:dashboard"))


def test_how_it_works_page_explains_the_four_steps_and_is_linked_from_dashboard_and_login(
    client, member_user
):
    help_url = reverse("home:help")
    login_page = client.get(reverse("account_login")).content.decode()
    assert f'href="{help_url}"' in login_page

    page = client.get(help_url)
    assert page.status_code == 200  # public: logging in comes before any account
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page.content.decode()).replace("\u202f", " "))
    text = text.replace("\u00a0", " ")
    for step in (
        "1. Me connecter avec un code reçu par e-mail",
        "Il ne sert qu’une fois et pendant 10 minutes.",
        "2. Répondre à une convocation",
        "Choisissez « Je serai présent·e » ou « Je serai excusé·e ».",
        "3. Rejoindre un axe de travail",
        "cliquez sur « Rejoindre » à côté de l’axe",
        "4. Retrouver les comptes-rendus",
        "Chacun se lit à l’écran ou se télécharge en PDF",
    ):
        assert step in text, step
    assert f'href="{reverse("account_request_login_code")}"' in page.content.decode()

    client.force_login(member_user)
    assert f'href="{help_url}"' in client.get(reverse("home:dashboard")).content.decode()
