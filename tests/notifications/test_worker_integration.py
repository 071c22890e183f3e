"""The integration production relies on: a real Celery worker, real Redis, a real SMTP server.

One worker process (prefork, 2 processes, as in docker-compose.yml) reads tasks from Redis
database 14 on 127.0.0.1 (``CLN_TEST_WORKER_REDIS_URL`` names another) and sends through an
aiosmtpd server on a free loopback port; it shares this test run's PostgreSQL database
(``transaction=True``: what the tests write is committed, so the worker sees it). Only that
Redis database is flushed, before and after.

No fixed sleep: "nothing more arrives" is checked once the broker holds no message and every
task run the worker received has ended (``settled``), which is when a duplicate would have
been sent; every wait is bounded.
"""

import datetime
import os

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from cln_portal.celery import app as celery_app
from cln_portal.schedule import weekly_occurrence
from cln_portal.testing import (
    SmtpSink,
    WorkerProcess,
    redis_flush,
    redis_pending,
    redis_ready,
    use_broker,
    wait_until,
)
from home.services import DIGEST_TIME, DIGEST_WEEKDAY
from notifications.models import Notification, NotificationStatus
from notifications.services import Attachment, notification_queue
from sessions.models import MinutesStatus

from ..members.factories import CouncilFactory, MeetingFactory, MemberFactory, MinutesFactory
from .factories import NotificationPreferenceFactory

REDIS_URL = os.environ.get("CLN_TEST_WORKER_REDIS_URL", "redis://127.0.0.1:6379/14")
RETRIES = 2

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture(scope="module")
def sink():
    server = SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, sink, tmp_path_factory):
    if not redis_ready(REDIS_URL):
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (make test starts it).")
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    redis_flush(REDIS_URL)
    process = WorkerProcess(
        database_url=database_url,
        redis_url=REDIS_URL,
        email_url=sink.url,
        log_path=tmp_path_factory.mktemp("worker") / "worker.log",
        extra_env={"NOTIFICATION_RETRY_DELAY": "1", "NOTIFICATION_MAX_RETRIES": str(RETRIES)},
    ).start()
    yield process
    process.stop()
    redis_flush(REDIS_URL)


@pytest.fixture
def broker(worker, sink):
    sink.clear()
    with use_broker(REDIS_URL) as app:
        yield app


@pytest.fixture
def check_template(settings, tmp_path):
    """A test-only e-mail template pair, rendered in this process (the worker only sends)."""
    folder = tmp_path / "templates" / "emails"
    folder.mkdir(parents=True)
    (folder / "integration_check.txt").write_text(
        '{% extends "emails/base.txt" %}{% load french_dates %}{% block subject %}'
        "Convocation : séance du {{ starts_at|datetime_fr }}{% endblock %}"
        "{% block body %}Bonjour {{ member.first_name }},\n\nLa séance aura lieu le {{ starts_at|datetime_fr }}."
        "{% endblock %}"
    )
    (folder / "integration_check.html").write_text(
        '{% extends "emails/base.html" %}{% load french_dates %}{% block title %}Convocation{% endblock %}'
        "{% block body %}<p>La séance aura lieu le {{ starts_at|datetime_fr }}.</p>{% endblock %}"
    )
    # Every engine (HTML and plain text) also looks in the test's folder.
    settings.TEMPLATES = [
        {**engine, "DIRS": [tmp_path / "templates", *engine["DIRS"]]} for engine in settings.TEMPLATES
    ]
    return "integration_check"


def all_done(worker: WorkerProcess, *, since: int, received: int) -> bool:
    """The broker is empty and the ``received`` task runs (at least) since ``since`` have ended."""
    return wait_until(
        lambda: redis_pending(REDIS_URL) == 0 and worker.settled(since=since, received=received)
    )


def calendar_file() -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//CLN//portail//FR")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", "meeting-1@cln.example.org")
    event.add("summary", "Assemblée plénière")
    event.add("dtstart", datetime.datetime(2026, 2, 13, 8, 0, tzinfo=datetime.UTC))
    event.add("dtstamp", datetime.datetime(2026, 2, 1, 8, 0, tzinfo=datetime.UTC))
    calendar.add_component(event)
    return calendar.to_ical().decode()


def test_a_convocation_with_its_calendar_file_arrives_once(broker, sink, check_template, worker):
    mark = worker.mark()
    CouncilFactory(name="Conseil local du numérique", city="Villeneuve")
    member = MemberFactory(first_name="Anaïs", user__email="anais@example.org")
    notification = notification_queue(
        kind="convocation",
        about="meetings.meeting:1",
        recipient="anais@example.org",
        member=member,
        template=check_template,
        context={
            "starts_at": datetime.datetime(2026, 2, 13, 8, 0, tzinfo=datetime.UTC),
            "reason": "vous êtes membre du conseil",
        },
        attachments=(Attachment("seance.ics", calendar_file(), "text/calendar"),),
    )
    assert sink.wait_for(1), worker.log()
    assert all_done(worker, since=mark, received=1), worker.log()  # a double would be sent by now
    assert sink.count() == 1
    message = sink.messages[0]
    assert message["To"] == "anais@example.org"
    # (Django folds encoded subjects after "Subject:"; readers drop the leading space.)
    assert message["Subject"].strip() == "Convocation : séance du vendredi 13 février 2026 à 9 h"
    assert "Conseil local du numérique" in message["From"]
    assert message["List-Unsubscribe"] is None  # a convocation cannot be turned off
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "La séance aura lieu le vendredi 13 février 2026 à 9 h." in text
    assert "Conseil local du numérique – Villeneuve" in text
    assert "vendredi 13 février 2026 à 9 h" in message.get_body(preferencelist=("html",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "seance.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert "BEGIN:VEVENT" in attachment.get_content()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT and notification.attempts == 1


def test_the_weekly_digest_sent_by_beat_twice_at_once_arrives_once_per_member(broker, sink, worker):
    """Beat sends only the task's name; two beats (or a retry) send it twice: one e-mail each."""
    CouncilFactory()
    now = timezone.now()
    monday = weekly_occurrence(weekday=DIGEST_WEEKDAY, at=DIGEST_TIME, now=now)
    MinutesFactory(
        title="Compte-rendu de la séance plénière",
        status=MinutesStatus.PUBLISHED,
        published_at=monday - datetime.timedelta(days=2),
    )
    MeetingFactory(title="Comité technique", starts_at=monday + datetime.timedelta(days=9))
    for address in ("anais@example.org", "bruno@example.org"):
        member = MemberFactory(user__email=address)
        NotificationPreferenceFactory(member=member, kind="weekly_digest")
    MemberFactory(user__email="sans-lettre@example.org")  # did not opt in

    mark = worker.mark()
    broker.send_task("cln_portal.send_weekly_digest")
    broker.send_task("cln_portal.send_weekly_digest")

    assert sink.wait_for(2), worker.log()
    # Both digest runs and the deliveries they queued have ended.
    assert all_done(worker, since=mark, received=4), worker.log()
    assert sorted(message["To"] for message in sink.messages) == ["anais@example.org", "bruno@example.org"]
    message = sink.messages[0]
    assert message["Subject"].strip().startswith("Lettre hebdomadaire du CLN – lundi ")
    unsubscribe = message["List-Unsubscribe"].strip()
    assert unsubscribe.startswith("<http://") and "/notifications/desabonnement/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Compte-rendu de la séance plénière" in text and "Comité technique" in text
    assert Notification.objects.filter(kind="weekly_digest").count() == 2


def test_the_same_delivery_queued_twice_sends_once(broker, sink, check_template, worker):
    from notifications.tasks import deliver_notification

    CouncilFactory()
    member = MemberFactory(user__email="anais@example.org")
    notification = notification_queue(
        kind="convocation",
        about="meetings.meeting:2",
        recipient="anais@example.org",
        member=member,
        template=check_template,
        context={"starts_at": timezone.now(), "reason": "test"},
    )
    mark = worker.mark()
    deliver_notification.delay(notification.pk)
    deliver_notification.delay(notification.pk)
    assert sink.wait_for(1), worker.log()
    assert all_done(worker, since=mark, received=2), worker.log()  # both tasks have run
    assert sink.count() == 1


def test_a_mail_server_error_is_retried_with_back_off_then_recorded_as_failed(
    broker, sink, check_template, worker
):
    CouncilFactory()
    member = MemberFactory(user__email="anais@example.org")
    sink.fail = True
    mark = worker.mark()
    notification = notification_queue(
        kind="convocation",
        about="meetings.meeting:3",
        recipient="anais@example.org",
        member=member,
        template=check_template,
        context={"starts_at": timezone.now(), "reason": "test"},
    )

    def attempts():
        notification.refresh_from_db()
        return notification.attempts

    # One attempt, then RETRIES retries after 1 s and 2 s (NOTIFICATION_RETRY_DELAY=1).
    assert wait_until(lambda: attempts() == RETRIES + 1, timeout=30), worker.log()
    # The first run and its retries have all ended, and nothing is left to run: no fourth attempt.
    assert all_done(worker, since=mark, received=RETRIES + 1), worker.log()
    notification.refresh_from_db()
    assert notification.attempts == RETRIES + 1
    assert notification.status == NotificationStatus.FAILED
    assert "451" in notification.last_error
    assert sink.refused == RETRIES + 1 and sink.count() == 0
    log = worker.log()
    assert "Retry in 1s" in log and "Retry in 2s" in log

    # Staff's retry button, once the server is back: sent, once.
    sink.fail = False
    celery_app.send_task("cln_portal.tasks.deliver_notification", args=[notification.pk])
    assert sink.wait_for(1), worker.log()
    notification.refresh_from_db()
    assert wait_until(lambda: Notification.objects.get(pk=notification.pk).status == NotificationStatus.SENT)
