"""Personal data (RGPD): choices, export, erasure confirmed by staff, legal notice, audit history."""

import datetime
import json
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from members import services
from members.models import AuditAction, AuditEntry, ErasureRequest, ErasureStatus, Member, User
from notifications.models import Notification
from notifications.services import notification_queue

from ..meetings.factories import AttendanceFactory, MeetingFactory
from ..workstreams.factories import ParticipationFactory, WorkstreamFactory
from .factories import MemberFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def anais():
    member = MemberFactory(
        user__email="anais@example.org",
        first_name="Anaïs",
        last_name="Garnier",
        title_form="f",
        contact_email="anais.contact@example.org",
        phone="06 12 34 56 78",
    )
    ParticipationFactory(member=member, workstream=WorkstreamFactory(title="Inclusion numérique"))
    AttendanceFactory(member=member, meeting=MeetingFactory(title="Séance d’installation"))
    return member


@time_machine.travel(datetime.datetime(2026, 2, 3, 10, 0, tzinfo=PARIS), tick=False)
def test_name_publication_choice_is_dated_and_audited(client, anais):
    client.force_login(anais.user)
    response = client.post(
        reverse("members:my_data"),
        {
            "name_public": "on",
            "contact_visible": "",
            "contact_email": anais.contact_email,
            "phone": anais.phone,
        },
    )
    assert response.status_code == 302
    anais.refresh_from_db()
    assert anais.name_public
    assert anais.name_public_since == datetime.datetime(2026, 2, 3, 10, 0, tzinfo=PARIS)
    assert anais.public_name == "Anaïs Garnier"
    entry = anais.audit_entries.get(action=AuditAction.CONSENT_CHANGED)
    assert entry.changes == {"name_public": [False, True]}
    assert (
        "Choix de publication du nom fait le 3 février 2026"
        in client.get(reverse("members:my_data")).content.decode()
    )


def test_export_json_holds_account_person_attendance_axes_and_emails_without_secrets(
    client, anais, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_queue(
            kind="account",
            about="test:1",
            recipient=anais.user.email,
            member=anais,
            template="account",
            context={"subject": "Votre code de connexion", "body": "123456"},
        )
    client.force_login(anais.user)

    response = client.get(reverse("members:export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-cln-')
    data = json.loads(response.content)
    text = response.content.decode()

    assert data["account"]["adresse e-mail"] == "anais@example.org"
    assert data["person"]["prénom"] == "Anaïs"
    assert data["person"]["téléphone"] == "06 12 34 56 78"
    titles = {section["title"] for section in data["person_data"]}
    assert {"présences", "notifications (boîte d’envoi)"} <= titles
    assert "Inclusion numérique" in text
    assert "Séance d’installation" in text
    assert "Votre code de connexion" in text
    assert anais.user.password not in text
    assert "pbkdf2" not in text and "md5$" not in text


def test_export_page_is_readable_html(client, anais):
    client.force_login(anais.user)
    content = client.get(reverse("members:export_html")).content.decode()
    assert content.count("<h1") == 1
    assert "Anaïs" in content and "Inclusion numérique" in content
    assert "<dt>Adresse e-mail</dt>" in content


def test_invitation_tokens_and_totp_secrets_are_not_exported(client, staff_user):
    services.person_invite(
        actor=staff_user, first_name="Léa", last_name="Roux", email="lea@example.org", role="guest"
    )
    invitation = Member.objects.get(last_name="Roux").invitations.get()
    client.force_login(staff_user)
    text = client.get(reverse("members:export_json")).content.decode()
    assert invitation.token_hash not in text
    assert '"data"' not in text


def test_erasure_requested_by_the_member_and_confirmed_by_staff_keeps_minutes_readable(
    client, anais, staff_user
):
    attendance = anais.attendances.get()
    client.force_login(anais.user)
    page = client.get(reverse("members:erasure_request")).content.decode()
    assert "ancien·ne membre, secteur Nord" in page
    # What is kept, on which legal basis, and what the public sees (issue 16).
    assert "article 17, paragraphe 3" in page and "SHA-256" in page and "sans votre nom" in page
    client.post(reverse("members:erasure_request"))
    erasure = ErasureRequest.objects.get(member=anais, status=ErasureStatus.PENDING)

    client.force_login(staff_user)
    listing = client.get(reverse("members:staff_erasures")).content.decode()
    assert "Anaïs Garnier" in listing
    refused = client.post(reverse("members:staff_erasure_decide", args=[erasure.pk]), {"decision": "refuse"})
    assert "Expliquez" in refused.content.decode()  # a refusal needs an answer
    response = client.post(
        reverse("members:staff_erasure_decide", args=[erasure.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 302

    assert not User.objects.filter(email="anais@example.org").exists()
    person = Member.objects.get(pk=anais.pk)
    assert person.erased_at is not None
    assert person.user is None
    assert (person.contact_email, person.phone) == ("", "")
    assert "Anaïs" not in person.first_name + person.last_name
    assert person.full_name == person.public_name == "ancien·ne membre, secteur Nord"
    assert not person.is_in_mandate()
    # The attendance is still there and reads with the anonymised mention.
    attendance.refresh_from_db()
    assert attendance.member.full_name == "ancien·ne membre, secteur Nord"
    assert not Notification.objects.filter(recipient="anais@example.org").exists()
    # The audit history keeps the entries, without the personal values.
    assert person.audit_entries.filter(action=AuditAction.ERASED, actor=staff_user).exists()
    assert "Anaïs" not in json.dumps(list(AuditEntry.objects.values_list("changes", "actor_label")))


def test_erasure_of_a_member_in_minutes_pages_shows_the_mention(client, staff_user):
    from ..meetings.factories import build_minutes

    minutes = build_minutes(people=2)
    member = minutes.meeting.attendances.order_by("order").first().member
    services.member_erase(actor=staff_user, member=member)
    client.force_login(staff_user)
    response = client.get(reverse("meetings:minutes_detail", args=[minutes.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "ancien·ne membre, secteur Sud" in content
    assert "Prénom0" not in content


def test_legal_page_is_public_and_states_the_configured_retention(client, settings):
    settings.PERSONAL_DATA_RETENTION = {
        **settings.PERSONAL_DATA_RETENTION,
        "audit_years": 7,
        "outbox_months": 9,
    }
    response = client.get(reverse("home:legal"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mentions légales et données personnelles" in content
    assert "7 ans" in content and "9 mois" in content
    assert "CNIL" in content
    assert reverse("home:legal") in client.get(reverse("pdin:programme")).content.decode()


def test_legal_page_states_the_pdin_registrants_retention_from_its_setting(client, settings):
    settings.PDIN_REGISTRATION_RETENTION_MONTHS = 4
    settings.PERSONAL_DATA_RETENTION = {**settings.PERSONAL_DATA_RETENTION, "outbox_months": 9}
    content = " ".join(client.get(reverse("home:legal")).content.decode().split())

    assert "Inscriptions aux PDIN" in content
    for data in ("nom", "adresse e-mail", "structure", "besoins d’accessibilité", "données de santé"):
        assert data in content
    assert "consentement" in content
    assert "Effacées 4 mois après l’édition" in content
    assert "nombres d’inscrit·es et de présent·es sont gardés" in content
    assert "y compris aux personnes inscrites aux PDIN" in content and "9 mois" in content


def test_legal_page_states_the_residents_proposals_retention_from_its_setting(client, settings):
    settings.PDIN_PROPOSAL_RETENTION_MONTHS = 3
    content = " ".join(client.get(reverse("home:legal")).content.decode().split())

    assert "Propositions d’habitant·es pour les PDIN" in content
    assert "Effacés 3 mois après le refus de la proposition" in content
    assert "la proposition reste, signée « un·e habitant·e »" in content


def test_audit_history_is_visible_to_staff_only(client, staff_user, member_user):
    member = MemberFactory(first_name="Bruno")
    services.member_update(actor=staff_user, member=member, first_name="Bruno-Éric")
    client.force_login(staff_user)
    content = client.get(reverse("members:staff_audit")).content.decode()
    assert "fiche modifiée" in content
    assert "Bruno → Bruno-Éric" in content
    assert "Dominique Agent" in content
    client.force_login(member_user)
    assert client.get(reverse("members:staff_audit")).status_code == 403


def test_staff_audit_page_query_count_does_not_grow(client, staff_user, django_assert_num_queries):
    members = MemberFactory.create_batch(2)
    services.member_update(actor=staff_user, member=members[0], first_name="Xavier")
    client.force_login(staff_user)
    # user (the session comes from the cache), count, entries (with person), council
    with django_assert_num_queries(4):
        client.get(reverse("members:staff_audit"))
    for member in MemberFactory.create_batch(5):
        services.member_update(actor=staff_user, member=member, first_name="Yves")
    with django_assert_num_queries(4):
        client.get(reverse("members:staff_audit"))


def test_changes_made_in_the_admin_are_audited_too(client):
    from ..conftest import give_totp

    admin_user = User.objects.create_superuser("admin@example.org", "a-long-password")
    give_totp(admin_user)
    member = MemberFactory(first_name="Zoé")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:members_member_change", args=[member.pk]),
        {
            "user": member.user_id,
            "first_name": "Zoé-Lou",
            "last_name": member.last_name,
            "title_form": member.title_form,
            "role": member.role,
            "sector": member.sector,
            "mandate_start": member.mandate_start,
            "past_mandates-TOTAL_FORMS": 0,
            "past_mandates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(member=member)
    assert (entry.action, entry.changes, entry.actor) == (
        AuditAction.UPDATED,
        {"first_name": ["Zoé", "Zoé-Lou"]},
        admin_user,
    )


def test_erasing_a_member_who_proposed_a_correction_keeps_it_as_ancien_ne_membre(client, staff_user):
    # Issue 16: MinutesCorrection.author was PROTECT, so confirming this erasure answered 500.
    from sessions.minutes.services import correction_propose
    from sessions.models import MinutesCorrection, MinutesStatus

    from ..meetings.factories import build_minutes
    from ..pdin.factories import ProposalFactory

    minutes = build_minutes(status=MinutesStatus.REVIEW, people=2)
    member = minutes.meeting.attendances.order_by("order").first().member
    member.user = User.objects.create_user(email="prenom0@example.org")
    member.save()
    correction = correction_propose(minutes=minutes, actor=member.user, text="Il manque une virgule.")
    # A PDIN proposal the person supported keeps its support too.
    supported = ProposalFactory()
    supported.supports.create(user=member.user)
    erasure = services.erasure_request(actor=member.user, member=member)

    client.force_login(staff_user)
    response = client.post(
        reverse("members:staff_erasure_decide", args=[erasure.pk]), {"decision": "confirm"}
    )

    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).erased_at is not None
    correction = MinutesCorrection.objects.get(pk=correction.pk)
    assert correction.author is None and correction.author_name == "ancien·ne membre"
    assert supported.supports.count() == 1
    page = client.get(reverse("meetings:minutes_edit", args=[minutes.pk])).content.decode()
    assert "ancien·ne membre, le" in page


def test_no_foreign_key_to_an_account_blocks_its_erasure_or_deletes_what_the_person_did():
    """Erasing (or expiring) an account deletes the ``User`` row: every foreign key to it in
    the portal's apps must let go (SET_NULL), never refuse (PROTECT) nor take the row along
    (CASCADE). Foreign keys to ``Member`` do not matter here: an erased person's row stays."""
    from django.apps import apps
    from django.db import models

    ours = {"members", "notifications", "meetings", "workstreams", "pdin", "home"}
    offenders = [
        f"{model._meta.label}.{field.name}: {field.remote_field.on_delete.__name__}"
        for model in apps.get_models()
        if model._meta.app_label in ours
        for field in model._meta.concrete_fields
        if field.is_relation
        and field.related_model is User
        and field.remote_field.on_delete is not models.SET_NULL
    ]
    assert offenders == []


@time_machine.travel(datetime.datetime(2026, 2, 3, 10, 0, tzinfo=PARIS), tick=False)
def test_export_holds_the_questions_asked_and_followed_with_french_labels_and_dates(client, anais):
    # Issue 16: the page promises them, the export left them out (a hidden and a
    # many-to-many relation), and labels and dates read « meeting », « 2026-02-03T10:00:00+01:00 ».
    from ..workstreams.factories import QuestionFactory

    QuestionFactory(raised_by=anais, text="Quel budget pour les ateliers ?")
    followed = QuestionFactory(text="Où en est le robot conversationnel ?")
    followed.followers.add(anais)
    client.force_login(anais.user)

    data = json.loads(client.get(reverse("members:export_json")).content)
    text = json.dumps(data, ensure_ascii=False)
    sections = {section["title"]: section["rows"] for section in data["person_data"]}
    assert "Quel budget pour les ateliers ?" in json.dumps(
        sections["questions (posée par)"], ensure_ascii=False
    )
    assert "Où en est le robot conversationnel ?" in json.dumps(
        sections["questions (suivie par)"], ensure_ascii=False
    )
    attendance = sections["présences"][0]
    assert "séance" in attendance and "Meeting" not in text and '"meeting"' not in text
    assert data["generated_at"] == "3 février 2026 à 10 h"
    assert "2026-02-03T" not in text

    page = client.get(reverse("members:export_html")).content.decode()
    assert "Où en est le robot conversationnel ?" in page and "Quel budget pour les ateliers ?" in page
