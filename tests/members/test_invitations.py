"""Invitations: the single-use link, its expiry, re-sending, and the staff pages that send them."""

import datetime
import hashlib
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import services
from members.models import AuditAction, AuditEntry, Invitation, Member, Role, Sector, User
from notifications.models import Notification

from .factories import MemberFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NEW_PASSWORD = "un-mot-de-passe-solide-2026"


def _invite(staff_user, **overrides):
    values = {
        "first_name": "Anaïs",
        "last_name": "Garnier-Dupré",
        "email": "Anais.Garnier@Example.org",
        "role": Role.COUNCILLOR,
        "sector": Sector.NORD,
        "mandate_start": datetime.date(2026, 1, 1),
    }
    return services.person_invite(actor=staff_user, **{**values, **overrides})


def _link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitation/[^/\s]+/)", message.body).group(1)


def test_invitation_email_goes_through_the_outbox_with_a_single_use_link(
    staff_user, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite(staff_user)

    notification = Notification.objects.get(kind="account")
    assert notification.recipient == "anais.garnier@example.org"
    assert notification.status == "sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Votre invitation à l’espace des membres")
    assert "Bonjour Anaïs," in message.body
    assert _link_in(message) == reverse("public:invitation", args=[token])
    # Only a hash of the token is stored.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values_list().get())


def test_using_the_link_creates_the_account_and_the_link_then_stops_working(staff_user, client):
    invitation, token = _invite(staff_user)
    url = reverse("public:invitation", args=[token])

    page = client.get(url)
    assert page.status_code == 200
    assert "Créer mon compte" in page.content.decode()

    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_login")

    user = User.objects.get(email="anais.garnier@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert Member.objects.get(pk=invitation.member_id).user == user
    assert user.groups.filter(name="membres").exists()
    assert client.login(email="anais.garnier@example.org", password=NEW_PASSWORD)
    client.logout()

    again = client.get(url)
    assert again.status_code == 410
    assert "déjà servi" in again.content.decode()
    again_post = client.post(
        url, {"password1": "autre-mot-de-passe-2026", "password2": "autre-mot-de-passe-2026"}
    )
    assert again_post.status_code == 410
    assert user.__class__.objects.get(pk=user.pk).check_password(NEW_PASSWORD)


def test_weak_or_mismatched_passwords_are_refused_in_french_and_the_link_still_works(staff_user, client):
    _invitation, token = _invite(staff_user)
    url = reverse("public:invitation", args=[token])

    response = client.post(url, {"password1": "123", "password2": "123"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content
    assert "trop court" in content
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "ne sont pas identiques" in response.content.decode()
    assert not User.objects.filter(email="anais.garnier@example.org").exists()
    assert client.get(url).status_code == 200


def test_link_expires_after_fourteen_days_by_default(staff_user, client):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 10, 0, tzinfo=PARIS), tick=False):
        _invitation, token = _invite(staff_user)
    url = reverse("public:invitation", args=[token])

    with time_machine.travel(datetime.datetime(2026, 1, 19, 9, 59, tzinfo=PARIS), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 1, 19, 10, 1, tzinfo=PARIS), tick=False):
        response = client.get(url)
        assert response.status_code == 410
        assert "a expiré" in response.content.decode()
        with pytest.raises(ValidationError):
            services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert not User.objects.filter(email="anais.garnier@example.org").exists()


def test_validity_is_a_setting(staff_user, settings):
    settings.MEMBERS_INVITATION_VALIDITY_DAYS = 3
    invitation, _token = _invite(staff_user)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=3)


def test_resending_invalidates_the_older_link_and_sends_a_new_email(
    staff_user, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, first_token = _invite(staff_user)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:staff_invitation_resend", args=[first.pk]))
    assert response.status_code == 302
    client.logout()

    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind="account").count() == 2
    new_link = _link_in(mail.outbox[1])
    assert new_link != reverse("public:invitation", args=[first_token])

    old = client.get(reverse("public:invitation", args=[first_token]))
    assert old.status_code == 410
    assert "remplacé" in old.content.decode()
    assert client.get(new_link).status_code == 200
    assert list(AuditEntry.objects.filter(member=first.member).values_list("action", flat=True)) == [
        AuditAction.INVITATION_RESENT,
        AuditAction.INVITED,
        AuditAction.CREATED,
    ]


def test_unknown_token_is_a_404_in_french(client):
    response = client.get(reverse("public:invitation", args=["pas-un-jeton"]))
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_an_address_with_an_account_or_a_pending_invitation_cannot_be_invited_again(staff_user, member_user):
    with pytest.raises(ValidationError, match="a déjà un compte"):
        _invite(staff_user, email=member_user.email.upper())
    _invite(staff_user)
    with pytest.raises(ValidationError, match="déjà en attente"):
        _invite(staff_user, first_name="Autre", email="ANAIS.garnier@example.org")


def test_staff_invite_page_records_the_person_and_sends_the_invitation(
    staff_user, client, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    page = client.get(reverse("members:staff_invite"))
    assert page.status_code == 200
    assert re.search(r'<label[^>]*for="id_email"', page.content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:staff_invite"),
            {
                "first_name": "Jean-Émile",
                "last_name": "Lefèvre",
                "email": "Jean-Emile.Lefevre@Example.org",
                "role": Role.COUNCILLOR,
                "sector": Sector.SUD,
                "title_form": "m",
                "mandate_start": "2026-01-15",
            },
        )
    assert response.status_code == 302
    member = Member.objects.get(last_name="Lefèvre")
    assert member.first_name == "Jean-Émile"
    assert member.invitations.get().email == "jean-emile.lefevre@example.org"
    assert mail.outbox[0].to == ["jean-emile.lefevre@example.org"]

    listing = client.get(reverse("members:staff_invitations")).content.decode()
    assert "jean-emile.lefevre@example.org" in listing
    assert "en attente" in listing


def test_councillor_without_sector_is_refused_with_a_french_message(staff_user, client):
    client.force_login(staff_user)
    response = client.post(
        reverse("members:staff_invite"),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "ab@example.org",
            "role": Role.COUNCILLOR,
            "title_form": "x",
        },
    )
    assert response.status_code == 200
    assert "indiquez-le" in response.content.decode()
    assert not Member.objects.filter(last_name="B").exists()


def test_staff_officer_invitation_gives_staff_rights_on_acceptance(staff_user):
    _invitation, token = _invite(staff_user, role=Role.OFFICER, sector="", email="agent2@example.org")
    user = services.invitation_accept(token=token, password=NEW_PASSWORD)
    assert user.is_staff
    assert user.groups.filter(name="équipe").exists()


def test_invitation_of_a_person_who_already_has_an_account_is_refused(staff_user):
    member = MemberFactory()
    with pytest.raises(ValidationError, match="a déjà un compte"):
        services.invitation_send(actor=staff_user, member=member, email="nouvelle@example.org")


def test_resend_after_correcting_a_mistyped_address_goes_to_the_corrected_one_only(
    staff_user, client, django_capture_on_commit_callbacks
):
    # Issue 16: « Renvoyer » after the correction sent the new link to the mistyped address.
    with django_capture_on_commit_callbacks(execute=True):
        first, first_token = _invite(staff_user, email="anais.garnier@exmaple.org")
    services.member_update(actor=staff_user, member=first.member, contact_email="anais.garnier@example.org")
    client.force_login(staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:staff_invitation_resend", args=[first.pk]), follow=True)
    assert "anais.garnier@example.org" in response.content.decode()
    client.logout()

    assert [m.to for m in mail.outbox] == [["anais.garnier@example.org"]]
    assert client.get(reverse("public:invitation", args=[first_token])).status_code == 410
    assert client.get(_link_in(mail.outbox[0])).status_code == 200
    assert first.member.invitations.get(superseded_at__isnull=True).email == "anais.garnier@example.org"


def test_correcting_the_address_stops_the_link_sent_to_the_mistyped_one(staff_user, client):
    first, first_token = _invite(staff_user, email="anais.garnier@exmaple.org")
    services.member_update(actor=staff_user, member=first.member, contact_email="anais.garnier@example.org")
    assert client.get(reverse("public:invitation", args=[first_token])).status_code == 410


def test_inviting_again_with_the_right_address_reuses_the_person_and_stops_the_first_link(
    staff_user, client, django_capture_on_commit_callbacks
):
    # Issue 16: a second person was created and the mistyped mailbox's link still worked.
    with django_capture_on_commit_callbacks(execute=True):
        first, first_token = _invite(staff_user, email="anais.garnier@exmaple.org")
        second, second_token = _invite(staff_user, first_name="anaïs", email="anais.garnier@example.org")

    assert Member.objects.filter(last_name="Garnier-Dupré").count() == 1
    assert second.member == first.member
    assert second.member.contact_email == "anais.garnier@example.org"
    assert client.get(reverse("public:invitation", args=[first_token])).status_code == 410
    assert client.get(reverse("public:invitation", args=[second_token])).status_code == 200
    assert mail.outbox[-1].to == ["anais.garnier@example.org"]
