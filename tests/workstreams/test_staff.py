"""Staff pages: axes (create, edit, archive, delete), referrals and their opinion PDF, actions;
and who may see what."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from workstreams.models import Action, ActionStatus, Workstream, WorkstreamKind, WorkstreamStatus
from workstreams.pdf import render_opinion_html
from workstreams.services import action_update, proposal_to_action, workstream_delete

from ..members.factories import CouncilFactory, MemberFactory
from .factories import ParticipationFactory, ProposalFactory, QuestionFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

STAFF_PAGES = [
    ("staff_list", []),
    ("create", []),
    ("open_questions", []),
    ("campaign_list", []),
    ("campaign_create", []),
]


@pytest.fixture(autouse=True)
def _council():
    CouncilFactory()


def test_staff_create_and_edit_a_referral_with_its_opinion(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("workstreams:create"),
        {
            "title": "Saisine applicative : agent conversationnel",
            "slug": "recherche",
            "kind": WorkstreamKind.REFERRAL_APPLICATION,
            "status": WorkstreamStatus.OPEN,
            "order": 3,
        },
    )
    assert "Cet identifiant est réservé" in response.content.decode()
    data = {
        "title": "Saisine applicative : agent conversationnel",
        "slug": "agent-conversationnel",
        "kind": WorkstreamKind.REFERRAL_APPLICATION,
        "status": WorkstreamStatus.OPEN,
        "order": 3,
        "referred_by": "Direction des systèmes d’information",
        "referral_question": "Faut-il généraliser l’agent conversationnel ?",
        "opinion_due_on": "2026-03-31",
    }
    response = client.post(reverse("workstreams:create"), data)
    workstream = Workstream.objects.get(slug="agent-conversationnel")
    assert response.url == workstream.get_absolute_url()
    assert workstream.opinion_due_on == datetime.date(2026, 3, 31)

    response = client.post(
        reverse("workstreams:edit", args=[workstream.slug]), {**data, "opinion_text": "Avis favorable."}
    )
    assert "Indiquez la date d’adoption de l’avis" in response.content.decode()
    client.post(
        reverse("workstreams:edit", args=[workstream.slug]),
        {
            **data,
            "status": WorkstreamStatus.IN_PROGRESS,
            "opinion_text": "Avis **favorable**.",
            "opinion_adopted_on": "2026-03-20",
        },
    )
    workstream.refresh_from_db()
    assert workstream.has_opinion and workstream.status == WorkstreamStatus.IN_PROGRESS

    page = client.get(workstream.get_absolute_url()).content.decode()
    assert "Direction des systèmes d’information" in page
    assert "Faut-il généraliser" in page and "<strong>favorable</strong>" in page
    assert "avis attendu pour le" in page.lower() and "31 mars 2026" in page


def test_opinion_pdf_uses_the_minutes_pipeline_and_is_stored_by_a_task(
    client, staff_user, member_user, django_capture_on_commit_callbacks
):
    workstream = WorkstreamFactory(
        kind=WorkstreamKind.REFERRAL_STRATEGIC,
        title="Saisine stratégique : numérique responsable",
        referred_by="Ville de Roubaix",
        referral_question="Quelle stratégie ?",
        opinion_text="Le conseil recommande la **sobriété**.",
        opinion_adopted_on=datetime.date(2026, 3, 20),
    )
    html = render_opinion_html(workstream=workstream)
    assert 'href="/static/print/minutes.css"' in html and 'lang="fr"' in html

    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workstreams:opinion_render", args=[workstream.slug]))
    workstream.refresh_from_db()
    assert workstream.opinion_pdf.name.endswith("avis-cln-" + workstream.slug + "-2026-03-20.pdf")

    client.force_login(member_user)
    response = client.get(reverse("workstreams:opinion_pdf", args=[workstream.slug]))
    pdf = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    import pypdf

    text = pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages[0].extract_text()
    assert "sobriété" in text and "Ville de Roubaix" in text


def test_deleting_an_axis_with_questions_is_refused_archive_instead(client, staff_user):
    workstream = WorkstreamFactory(title="Budget")
    QuestionFactory(workstream=workstream)
    with pytest.raises(ValidationError, match="Archivez-le plutôt"):
        workstream_delete(workstream=workstream, actor=staff_user)

    client.force_login(staff_user)
    page = client.get(reverse("workstreams:delete", args=[workstream.slug])).content.decode()
    assert "ne peut pas être supprimé" in page and "Archiver l’axe" in page
    response = client.post(reverse("workstreams:delete", args=[workstream.slug]), follow=True)
    assert "ne peut pas être supprimé" in response.content.decode()
    assert Workstream.objects.filter(pk=workstream.pk).exists()

    client.post(reverse("workstreams:archive", args=[workstream.slug]))
    workstream.refresh_from_db()
    assert workstream.status == WorkstreamStatus.ARCHIVED


def test_an_empty_axis_is_deleted_after_confirmation(client, staff_user):
    workstream = WorkstreamFactory()
    ParticipationFactory(workstream=workstream)
    client.force_login(staff_user)
    assert (
        "Supprimer définitivement"
        in client.get(reverse("workstreams:delete", args=[workstream.slug])).content.decode()
    )
    assert Workstream.objects.filter(pk=workstream.pk).exists()
    client.post(reverse("workstreams:delete", args=[workstream.slug]))
    assert not Workstream.objects.filter(pk=workstream.pk).exists()


def test_archived_axes_are_hidden_from_members_but_not_staff(client, staff_user, member_user):
    archived = WorkstreamFactory(status=WorkstreamStatus.ARCHIVED, title="Axe archivé")
    client.force_login(member_user)
    assert client.get(archived.get_absolute_url()).status_code == 404
    assert "Axe archivé" not in client.get(reverse("home:dashboard")).content.decode()
    assert client.post(reverse("workstreams:join", args=[archived.slug])).status_code == 404
    client.force_login(staff_user)
    assert client.get(archived.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_staff_pages_are_for_staff_only(client, member_user, staff_user, name, args):
    url = reverse(f"workstreams:{name}", args=args)
    assert client.get(url).status_code == 302  # the public: login page
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_public_and_former_members_see_no_axis_work(client):
    workstream = WorkstreamFactory()
    QuestionFactory(workstream=workstream, text="Une question interne ?")
    response = client.get(workstream.get_absolute_url())
    assert response.status_code == 302 and "Une question interne" not in response.content.decode()
    former = MemberFactory(mandate_start=datetime.date(2020, 1, 1), mandate_end=datetime.date(2021, 1, 1))
    client.force_login(former.user)
    assert client.get(workstream.get_absolute_url()).status_code == 403


def test_members_cannot_manage_questions_or_actions(client, member_user):
    question = QuestionFactory()
    proposal = ProposalFactory()
    client.force_login(member_user)
    assert client.get(reverse("workstreams:question_manage", args=[question.pk])).status_code == 403
    assert (
        client.post(reverse("workstreams:question_answer", args=[question.pk]), {"answer": "x"}).status_code
        == 403
    )
    assert client.get(reverse("workstreams:action_create", args=[proposal.pk])).status_code == 403


def test_proposal_becomes_an_action_and_a_past_due_date_is_refused(client, staff_user):
    owner = MemberFactory(first_name="Pauline", last_name="Kermarec")
    proposal = ProposalFactory(text="Inviter l’Université de Lille.", member=owner)
    client.force_login(staff_user)
    url = reverse("workstreams:action_create", args=[proposal.pk])
    with time_machine.travel(datetime.datetime(2026, 2, 1, 10, 0, tzinfo=PARIS), tick=False):
        response = client.post(
            url,
            {"title": "Inviter l’Université", "owner": owner.pk, "due_on": "2026-01-15", "status": "planned"},
        )
        assert "L’échéance ne peut pas être dans le passé" in response.content.decode()
        assert not Action.objects.exists()
        client.post(
            url,
            {
                "title": "Inviter l’Université",
                "owner": owner.pk,
                "due_on": "2026-03-15",
                "status": "in_progress",
            },
        )
        action = Action.objects.get()
        assert (action.proposal, action.owner, action.status) == (proposal, owner, ActionStatus.IN_PROGRESS)
        with pytest.raises(ValidationError, match="déjà devenue une action"):
            proposal_to_action(
                proposal=proposal, title="", due_on=datetime.date(2026, 4, 1), actor=staff_user
            )
        page = client.get(proposal.workstream.get_absolute_url()).content.decode()
        assert (
            "Inviter l’Université" in page
            and "15 mars 2026" in page
            and "portée par Pauline Kermarec" in page
        )

    with time_machine.travel(datetime.datetime(2026, 4, 1, 10, 0, tzinfo=PARIS), tick=False):
        # Late already: its status can change without moving the date.
        action_update(action=action, actor=staff_user, status=ActionStatus.DONE)
        with pytest.raises(ValidationError, match="passé"):
            action_update(action=action, actor=staff_user, due_on=datetime.date(2026, 3, 20))


def test_member_makes_a_proposal_from_the_axis_page(client, member_user):
    workstream = WorkstreamFactory()
    client.force_login(member_user)
    with time_machine.travel(datetime.datetime(2026, 2, 1, 10, 0, tzinfo=PARIS), tick=False):
        client.post(
            reverse("workstreams:make_proposal", args=[workstream.slug]), {"text": "Un café IA par quartier."}
        )
    proposal = workstream.proposals.get()
    assert proposal.member == member_user.member and proposal.proposed_on == datetime.date(2026, 2, 1)
