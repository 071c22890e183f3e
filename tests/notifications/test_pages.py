"""The members' e-mail preferences page and the staff outbox page."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications.models import NotificationPreference, NotificationStatus
from notifications.services import notification_queue, unsubscribe_token

from ..french import fr
from ..members.factories import CouncilFactory, MemberFactory, UserFactory
from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

PREFERENCES = "/notifications/preferences/"
OUTBOX = "/notifications/boite-d-envoi/"


def test_page_addresses():
    assert reverse("notifications:preferences") == PREFERENCES
    assert reverse("notifications:outbox") == OUTBOX


# --- Preferences (members) ---------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(PREFERENCES)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_a_former_member_may_not_see_the_page(client, password):
    member = MemberFactory(mandate_end=datetime.date(2025, 12, 31), mandate_start=datetime.date(2025, 1, 1))
    client.login(email=member.user.email, password="mot-de-passe-de-test")
    assert client.get(PREFERENCES).status_code == 403


def test_a_member_sees_each_kind_with_the_digest_off_and_convocations_always_on(
    client, member_user, password, django_assert_num_queries
):
    client.login(email=member_user.email, password=password)
    # User with their member record (session from the cache), member again for the view, preferences, council.
    with django_assert_num_queries(3):
        response = client.get(PREFERENCES)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'name="minutes_published" value="email"' in html
    assert 'name="weekly_digest" value="none"' in html
    # The digest is opt-in: "Aucun e-mail" is the checked choice.
    digest_none = html.index('name="weekly_digest" value="none"')
    assert "checked" in html[digest_none : html.index(">", digest_none)]
    assert 'name="convocation"' not in html
    assert "Toujours envoyés" in html and "Convocation à une séance" in html


def test_a_member_turns_the_digest_on_and_minutes_off(client, member_user, password):
    client.login(email=member_user.email, password=password)
    choices = {
        "meeting_reminder": "email",
        "positioning_reminder": "email",
        "minutes_published": "none",
        "question_answered": "email",
        "weekly_digest": "email",
        "edition_reminder": "email",
    }
    response = client.post(PREFERENCES, choices, follow=True)
    assert "Vos choix d’e-mails sont enregistrés." in response.content.decode()
    stored = dict(
        NotificationPreference.objects.filter(member=member_user.member).values_list("kind", "by_email")
    )
    # Only what differs from the defaults is recorded.
    assert stored == {"minutes_published": False, "weekly_digest": True}
    assert (
        notification_queue(
            kind="minutes_published",
            about="meetings.minutes:1",
            recipient=member_user.email,
            member=member_user.member,
            template="minutes_published",
            context={"minutes": None, "url": "", "reason": "test"},
        )
        is None
    )


def test_bad_input_is_refused_with_a_french_message_and_nothing_changes(client, member_user, password):
    client.login(email=member_user.email, password=password)
    response = client.post(PREFERENCES, {"minutes_published": "pigeon"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient 1 erreur" in html and 'role="alert"' in html
    assert not NotificationPreference.objects.exists()


def test_staff_without_a_member_record_get_an_explanation(client):
    from allauth.mfa.models import Authenticator

    user = UserFactory(is_staff=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "test"})
    client.force_login(user)
    response = client.get(PREFERENCES)
    assert response.status_code == 200
    assert "aucune fiche de membre" in response.content.decode()


def test_the_page_is_linked_from_the_dashboard_and_the_unsubscribe_page(client, member_user, password):
    client.login(email=member_user.email, password=password)
    assert PREFERENCES in client.get(reverse("home:dashboard")).content.decode()
    token = unsubscribe_token(member_id=member_user.member.pk, kind="minutes_published")
    client.logout()
    assert PREFERENCES in client.get(reverse("notifications:unsubscribe", args=[token])).content.decode()


def test_one_click_unsubscribe_needs_no_session_nor_csrf_token_and_can_be_repeated():
    """RFC 8058: the mail client POSTs ``List-Unsubscribe=One-Click`` to the header's URL,
    with no cookie, no CSRF token and no Origin; a retry must be answered the same."""
    from django.test import Client

    member = MemberFactory()
    url = reverse(
        "notifications:unsubscribe",
        args=[unsubscribe_token(member_id=member.pk, kind="meeting_reminder")],
    )
    mail_client = Client(enforce_csrf_checks=True)
    assert mail_client.get(url).status_code == 200
    assert not NotificationPreference.objects.filter(member=member).exists()  # GET changes nothing

    for _attempt in range(2):
        response = mail_client.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
        assert response["Referrer-Policy"] == "same-origin"
    assert list(NotificationPreference.objects.filter(member=member).values_list("kind", "by_email")) == [
        ("meeting_reminder", False)
    ]


# --- Outbox (staff) -----------------------------------------------------------------


def test_the_outbox_is_for_staff_only(client, member_user, password):
    assert client.get(OUTBOX).status_code == 302
    client.login(email=member_user.email, password=password)
    assert client.get(OUTBOX).status_code == 403
    failed = NotificationFactory(status=NotificationStatus.FAILED)
    assert client.post(reverse("notifications:outbox_retry", args=[failed.pk])).status_code == 403


def test_staff_see_what_was_sent_to_whom_and_what_failed(staff_client):
    NotificationFactory(recipient="anais@example.org", subject="Compte-rendu publié : séance du 28 novembre")
    NotificationFactory(
        recipient="bruno@example.org",
        status=NotificationStatus.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    client = staff_client
    html = client.get(OUTBOX).content.decode()
    assert "anais@example.org" in html and "Compte-rendu publié : séance du 28 novembre" in html
    assert "bruno@example.org" in html and "SMTPServerDisconnected" in html and "6 tentatives" in html
    assert fr("En échec : 1") in html
    assert html.count(">Renvoyer<") == 1


def test_the_outbox_filters_by_status(staff_client):
    NotificationFactory(recipient="anais@example.org")
    NotificationFactory(recipient="bruno@example.org", status=NotificationStatus.FAILED)
    client = staff_client
    html = client.get(OUTBOX, {"etat": "failed"}).content.decode()
    assert "bruno@example.org" in html and "anais@example.org" not in html
    # An unknown filter value is ignored, never a 500.
    assert client.get(OUTBOX, {"etat": "nimporte", "page": "zzz"}).status_code == 200


def test_the_outbox_is_paginated_with_a_constant_number_of_queries(staff_client, django_assert_num_queries):
    client = staff_client
    NotificationFactory.create_batch(3)
    # User (session from the cache), page count, counts per status, council (layout), page rows.
    with django_assert_num_queries(5):
        client.get(OUTBOX)
    NotificationFactory.create_batch(117)
    with django_assert_num_queries(5):
        html = client.get(OUTBOX).content.decode()
    assert "Page 1 sur 3" in html and "page=2" in html
    assert html.count("<tr>") == 51  # header + 50 rows
    last = client.get(OUTBOX, {"page": 3}).content.decode()
    assert last.count("<tr>") == 21


def test_retry_button_sends_a_failed_notification(staff_client, django_capture_on_commit_callbacks):
    CouncilFactory()
    member = MemberFactory(user__email="anais@example.org")
    failed = NotificationFactory(
        recipient="anais@example.org", member=member, status=NotificationStatus.FAILED, attempts=6
    )
    client = staff_client
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:outbox_retry", args=[failed.pk]), {"next": OUTBOX + "?etat=failed"}
        )
    assert response.status_code == 302 and response["Location"] == OUTBOX + "?etat=failed"
    failed.refresh_from_db()
    assert failed.status == NotificationStatus.SENT
    assert [m.to for m in mail.outbox] == [["anais@example.org"]]
    # A second click finds nothing to retry.
    response = client.post(reverse("notifications:outbox_retry", args=[failed.pk]), follow=True)
    assert "rien à renvoyer" in response.content.decode()
    assert len(mail.outbox) == 1


def test_retry_needs_a_post_and_refuses_outside_redirects(staff_client):
    failed = NotificationFactory(status=NotificationStatus.FAILED, member=None, kind="convocation")
    client = staff_client
    assert client.get(reverse("notifications:outbox_retry", args=[failed.pk])).status_code == 405
    response = client.post(
        reverse("notifications:outbox_retry", args=[failed.pk]), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == OUTBOX


def test_the_english_outbox_writes_times_the_english_way(staff_client, settings):
    from zoneinfo import ZoneInfo

    moment = datetime.datetime(2026, 12, 2, 17, 28, tzinfo=ZoneInfo("Europe/Paris"))
    NotificationFactory(created_at=moment, sent_at=moment, status=NotificationStatus.SENT)
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("fr"):  # the English the page activates ends with the test
        html = staff_client.get(OUTBOX).content.decode()

    assert "2 December 2026 at 5:28 pm" in html
    assert "p.m." not in html and "12/02/2026" not in html
