"""The staff home (« Ce qui vous attend »): what waits for staff, gathered from every app in
a fixed number of queries, each block with an empty state and links to where work is done."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from pdin.models import RegistrationStatus
from sessions.models import CorrectionStatus, InvitationAnswer, MinutesCorrection, MinutesStatus

from ..meetings.factories import MeetingInvitationFactory
from ..members.factories import MeetingFactory, MemberFactory, MinutesFactory, UserFactory
from ..pdin.factories import EditionFactory, OpenEditionFactory, RegistrationFactory
from ..workstreams.factories import PositioningCampaignFactory, QuestionFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC)
URL = "/espace/equipe/"


def _waiting_work(n: int = 1, *, start: int = 0) -> None:
    """``n`` of each kind of thing waiting for staff."""
    for i in range(start, start + n):
        MinutesFactory(status=MinutesStatus.DRAFT, title=f"Projet de compte-rendu {i}")
        review = MinutesFactory(status=MinutesStatus.REVIEW, title=f"Compte-rendu en relecture {i}")
        MinutesCorrection.objects.create(
            minutes=review, author=UserFactory(), text=f"Corriger le nom de la médiathèque {i}"
        )
        axis = WorkstreamFactory()
        QuestionFactory(
            workstream=axis, assigned_service="DSI", created_at=NOW - datetime.timedelta(days=40 + i)
        )
        QuestionFactory(workstream=axis, created_at=NOW - datetime.timedelta(days=3 + i))
        meeting = MeetingFactory(
            starts_at=NOW + datetime.timedelta(days=10 + i),
            convocation_sent_at=NOW - datetime.timedelta(days=5),
        )
        MeetingInvitationFactory.create_batch(2, meeting=meeting)
        MeetingInvitationFactory(meeting=meeting, answer=InvitationAnswer.ATTENDING)
        PositioningCampaignFactory(opens_on=datetime.date(2026, 1, 5), deadline=datetime.date(2026, 1, 31))
        edition = OpenEditionFactory(capacity=2, number=100 + i)  # the demo has #1 to #11
        RegistrationFactory.create_batch(2, edition=edition)
        RegistrationFactory(edition=edition, status=RegistrationStatus.WAITING)


def test_staff_home_is_for_staff_only(client, member_user):
    assert client.get(URL).url.startswith(reverse("account_login"))
    client.force_login(member_user)
    assert client.get(URL).status_code == 403
    assert reverse("home:staff_home") == URL


@time_machine.travel(NOW, tick=False)
def test_staff_home_lists_what_waits_with_questions_by_service_oldest_first(client, staff_user):
    axis = WorkstreamFactory(title="Budget numérique")
    QuestionFactory(
        workstream=axis,
        text="Question récente à la DSI",
        assigned_service="DSI",
        created_at=NOW - datetime.timedelta(days=2),
    )
    QuestionFactory(
        workstream=axis,
        text="Question ancienne à la DSI",
        assigned_service="DSI",
        created_at=NOW - datetime.timedelta(days=60),
    )
    QuestionFactory(
        workstream=axis,
        text="Question au service juridique",
        assigned_service="Service juridique",
        created_at=NOW - datetime.timedelta(days=30),
    )
    QuestionFactory(
        workstream=axis, text="Question sans service", created_at=NOW - datetime.timedelta(days=1)
    )
    QuestionFactory(
        workstream=axis, text="Question répondue", status="answered", answer="Oui", answered_by_service="DSI"
    )
    draft = MinutesFactory(status=MinutesStatus.DRAFT, title="Projet de compte-rendu de janvier")
    MinutesFactory(title="Compte-rendu publié de novembre")
    review = MinutesFactory(status=MinutesStatus.REVIEW, title="Compte-rendu en relecture")
    MinutesCorrection.objects.create(
        minutes=review,
        author=MemberFactory(first_name="Nadia", last_name="Amrani").user,
        text="Il manque une absence excusée",
    )
    MinutesCorrection.objects.create(
        minutes=review, author=UserFactory(), text="Correction déjà refusée", status=CorrectionStatus.DECLINED
    )
    meeting = MeetingFactory(
        title="Assemblée plénière de février",
        starts_at=NOW + datetime.timedelta(days=20),
        convocation_sent_at=NOW - datetime.timedelta(days=2),
    )
    MeetingInvitationFactory(meeting=meeting, member=MemberFactory(first_name="Karim", last_name="Benali"))
    MeetingInvitationFactory(meeting=meeting, answer=InvitationAnswer.EXCUSED)
    PositioningCampaignFactory(
        title="Positionnement 2026", opens_on=datetime.date(2026, 1, 5), deadline=datetime.date(2026, 1, 31)
    )
    PositioningCampaignFactory(title="Positionnement confirmé", confirmed_at=NOW)
    edition = OpenEditionFactory(title="L’IA au quotidien", capacity=2)
    RegistrationFactory(edition=edition)
    RegistrationFactory.create_batch(2, edition=edition, status=RegistrationStatus.WAITING)
    EditionFactory(title="Édition passée")  # 15 March 2024
    client.force_login(staff_user)

    text = re.sub(r"</?abbr\b[^>]*>", "", client.get(URL).content.decode())  # acronyms spelt out

    assert reverse("meetings:minutes_edit", args=[draft.pk]) in text
    assert "Projet de compte-rendu de janvier" in text and "publié de novembre" not in text
    assert "Il manque une absence excusée" in text and "déjà refusée" not in text
    assert "proposée par Nadia Amrani" in text
    assert "Question répondue" not in text
    # Questions no service was given first, then by service, oldest first within each.
    order = [
        "Question sans service",
        "Question ancienne à la DSI",
        "Question récente à la DSI",
        "Question au service juridique",
    ]
    assert sorted(order, key=text.index) == order
    assert "Aucun service désigné" in text
    assert "Assemblée plénière de février" in text and "Karim" in text
    assert "1 personne sur 2 n’a pas répondu" in text
    assert "Positionnement 2026" in text and "Positionnement confirmé" not in text
    assert "L’IA au quotidien" in text and "Édition passée" not in text
    assert "1 inscrit·es pour 2 places" in text and "2 personnes en liste d’attente" in text
    assert reverse("pdin:staff_registrations", args=[edition.series.slug, edition.number]) in text


@time_machine.travel(NOW, tick=False)
def test_staff_home_says_when_nothing_waits(client, staff_user):
    client.force_login(staff_user)

    text = re.sub(r"</?abbr\b[^>]*>", "", client.get(URL).content.decode())  # acronyms spelt out

    for empty in (
        "Aucun compte-rendu en projet ou en relecture.",
        "Aucune correction en attente de décision.",
        "Aucune question n’attend de réponse.",
        "Toutes les personnes convoquées aux prochaines séances ont répondu.",
        "Aucun formulaire de positionnement ouvert.",
        "Aucune édition à venir n’est programmée.",
    ):
        assert empty in text


def test_staff_find_their_home_from_the_dashboard_and_the_navigation(client, staff_user, member_user):
    client.force_login(staff_user)
    text = client.get(reverse("home:dashboard")).content.decode()
    assert text.count(f'href="{URL}"') == 2  # the navigation and the dashboard's link
    client.force_login(member_user)
    assert URL not in client.get(reverse("home:dashboard")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_staff_home_runs_a_fixed_number_of_queries(client, staff_user, django_assert_num_queries):
    from sessions.demo import demo_seed

    demo_seed(with_accounts=False)
    _waiting_work(1)
    client.force_login(staff_user)
    # user (the session comes from the cache), 8 for the blocks (staff_home_content), council (context processor)
    with django_assert_num_queries(10):
        client.get(URL)

    _waiting_work(4, start=1)
    with django_assert_num_queries(10):
        response = client.get(URL)
    assert response.content.decode().count("Corriger le nom de la médiathèque") == 5


def test_staff_home_links_the_dossiers_of_answers(client, staff_user):
    client.force_login(staff_user)
    html = client.get(URL).content.decode()
    assert f'href="{reverse("meetings:dossier_index")}"' in html
