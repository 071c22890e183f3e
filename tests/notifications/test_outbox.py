"""The outbox: every e-mail recorded once, sent once, retried on failure, under the member's control."""

import datetime
import re
import smtplib
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from members.models import Member
from notifications.models import Notification, NotificationStatus
from notifications.services import notification_deliver, notification_queue, unsubscribe_token
from sessions.demo import demo_seed

from ..french import NBSP, fr

pytestmark = pytest.mark.django_db

# An ordinary (breakable) space or line break before : ; ! ? », or after «.
BREAKABLE = re.compile(r"[ \t\r\n]+[:;!?»]|«[ \t\r\n]")


@pytest.fixture
def seeded():
    return demo_seed()


def _queue(minutes, member, **extra):
    return notification_queue(
        kind="minutes_published",
        about=minutes,
        recipient=extra.pop("recipient", "anais.garnier@example.org"),
        member=member,
        template="minutes_published",
        context={"minutes": minutes, "url": "http://testserver/cr/1/", "reason": "vous êtes membre du CLN"},
        **extra,
    )


def _anais():
    return Member.objects.get(last_name="Garnier")


def test_a_queued_notification_is_sent_once_in_french(seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _queue(seeded.minutes, _anais())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == fr("Compte-rendu publié : Conseil local du numérique du 28 novembre 2025")
    assert "Vous recevez ce message parce que vous êtes membre du CLN." in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "List-Unsubscribe" in message.extra_headers
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT


def test_the_email_is_in_french_typography_like_the_pages(seeded, django_capture_on_commit_callbacks):
    # Subject, text and HTML come from the typeset French catalogue (issue 13).
    with django_capture_on_commit_callbacks(execute=True):
        _queue(seeded.minutes, _anais())
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    for text in (message.subject, message.body, html):
        assert not BREAKABLE.findall(text), text
    assert fr("Pour le lire :") in message.body


def test_queueing_the_same_notification_twice_sends_one_email(seeded, django_capture_on_commit_callbacks):
    scheduled = datetime.datetime(2025, 12, 2, 10, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(seeded.minutes, _anais(), scheduled_for=scheduled)
        second = _queue(
            seeded.minutes, _anais(), scheduled_for=scheduled, recipient="ANAIS.garnier@example.org"
        )
    assert first is not None and second is None
    assert len(mail.outbox) == 1
    assert notification_deliver(notification_id=first.pk) == NotificationStatus.SENT
    assert len(mail.outbox) == 1


def test_mail_server_failure_is_recorded_then_retried(seeded, monkeypatch):
    notification = _queue(seeded.minutes, _anais())

    def refuse(self):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert notification_deliver(notification_id=notification.pk) == NotificationStatus.FAILED
    notification.refresh_from_db()
    assert notification.attempts == 1 and "SMTPServerDisconnected" in notification.last_error
    monkeypatch.undo()
    assert notification_deliver(notification_id=notification.pk) == NotificationStatus.SENT
    assert len(mail.outbox) == 1


def test_a_member_who_left_gets_nothing_queued_before(seeded):
    anais = _anais()
    notification = _queue(seeded.minutes, anais)
    anais.mandate_end = datetime.date(2025, 12, 1)
    anais.save()
    assert notification_deliver(notification_id=notification.pk) == NotificationStatus.SKIPPED
    assert mail.outbox == []


def test_an_opted_out_member_gets_nothing_but_convocations(seeded, client):
    anais = _anais()
    token = unsubscribe_token(member_id=anais.pk, kind="minutes_published")
    url = reverse("notifications:unsubscribe", args=[token])
    assert "Oui, me désabonner" in client.get(url).content.decode()
    assert _queue(seeded.minutes, anais, scheduled_for=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    client.post(url)
    assert _queue(seeded.minutes, anais) is None


def test_a_tampered_unsubscribe_link_is_refused(seeded, client):
    token = unsubscribe_token(member_id=_anais().pk, kind="minutes_published")
    response = client.post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "pas valide" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_send_one_email():
    seeded = demo_seed()
    notification = _queue(seeded.minutes, _anais())
    barrier = threading.Barrier(2)
    results = []

    def deliver():
        barrier.wait()
        try:
            results.append(notification_deliver(notification_id=notification.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mail.outbox) == 1
    assert sorted(results).count(NotificationStatus.SENT) >= 1
    assert Notification.objects.get().status == NotificationStatus.SENT


def test_plain_text_is_not_html_escaped(seeded, django_capture_on_commit_callbacks):
    minutes = seeded.minutes
    minutes.title = "Atelier l'IA & la santé <2026>"
    with django_capture_on_commit_callbacks(execute=True):
        _queue(minutes, _anais())
    message = mail.outbox[0]
    # The title is typed data: only the interface around it is typeset (its ' stays).
    assert message.subject == fr("Compte-rendu publié :") + " Atelier l'IA & la santé <2026>"
    assert f"«{NBSP}Atelier l'IA & la santé <2026>{NBSP}»" in message.body
    # The HTML part stays escaped.
    assert "l&#x27;IA &amp; la santé &lt;2026&gt;" in message.alternatives[0][0]


def test_outbox_rows_past_their_retention_are_purged(seeded, settings):
    from notifications.services import outbox_purge

    settings.PERSONAL_DATA_RETENTION = {**settings.PERSONAL_DATA_RETENTION, "outbox_months": 12}
    old = _queue(seeded.minutes, _anais(), scheduled_for=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    recent = _queue(seeded.minutes, _anais())
    Notification.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    now = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    Notification.objects.filter(pk=recent.pk).update(
        created_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    assert outbox_purge(now=now) == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]
    assert outbox_purge(now=now) == 0
