"""The weekly digest: opt-in, Monday 8 h Paris time, computed from the database when it runs."""

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from cln_portal.celery import app as celery_app
from home.services import weekly_digest_send
from notifications.models import Notification, NotificationStatus
from notifications.services import unsubscribe_token, wants_email
from sessions.models import MinutesStatus
from workstreams.models import QuestionStatus

from ..members.factories import CouncilFactory, MeetingFactory, MemberFactory, MinutesFactory
from ..notifications.factories import NotificationPreferenceFactory
from ..pdin.factories import EditionFactory
from ..workstreams.factories import QuestionFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# Monday 30 March 2026, 8 h in Paris: the first Monday of summer time (6 h UTC).
MONDAY = datetime.datetime(2026, 3, 30, 8, 0, tzinfo=PARIS)


def opted_in(**fields):
    member = MemberFactory(**fields)
    NotificationPreferenceFactory(member=member, kind="weekly_digest", by_email=True)
    return member


@pytest.fixture
def week():
    """A week with news: minutes published, a question answered, a sitting and an edition ahead."""
    CouncilFactory()
    MinutesFactory(
        title="Compte-rendu du comité technique du 19 mars 2026",
        status=MinutesStatus.PUBLISHED,
        published_at=datetime.datetime(2026, 3, 25, 14, 0, tzinfo=PARIS),
    )
    MinutesFactory(  # published the week before: already in last week's digest
        title="Compte-rendu plus ancien",
        status=MinutesStatus.PUBLISHED,
        published_at=datetime.datetime(2026, 3, 23, 7, 59, tzinfo=PARIS),
    )
    MinutesFactory(title="Projet non publié", status=MinutesStatus.DRAFT, published_at=None)
    QuestionFactory(
        text="Quel budget pour l’accessibilité du site de la ville ?",
        status=QuestionStatus.ANSWERED,
        answer="Deux cent mille euros sur trois ans.",
        answered_by_service="Direction des systèmes d’information",
        answered_on=datetime.date(2026, 3, 27),
    )
    MeetingFactory(
        title="Assemblée plénière de printemps", starts_at=datetime.datetime(2026, 4, 10, 9, 30, tzinfo=PARIS)
    )
    EditionFactory(
        title="Le numérique au centre social", date=datetime.date(2026, 4, 1), start_time=datetime.time(9)
    )


def test_the_digest_is_off_unless_a_member_turns_it_on():
    member = MemberFactory()
    assert not wants_email(member=member, kind="weekly_digest")
    assert wants_email(member=member, kind="minutes_published")
    NotificationPreferenceFactory(member=member, kind="weekly_digest", by_email=True)
    assert wants_email(member=member, kind="weekly_digest")


def test_only_members_in_mandate_who_opted_in_get_the_digest(week, django_capture_on_commit_callbacks):
    anais = opted_in(first_name="Anaïs", user__email="anais@example.org")
    MemberFactory(user__email="sans-choix@example.org")  # no choice made: opt-in means nothing
    left = opted_in(user__email="partie@example.org", mandate_end=datetime.date(2026, 3, 1))
    off = opted_in(user__email="desabonnee@example.org")
    off.notification_preferences.update(by_email=False)

    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert weekly_digest_send() == 1

    assert [m.to for m in mail.outbox] == [["anais@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Lettre hebdomadaire du CLN – lundi 30 mars 2026"
    body = message.body
    assert "Bonjour Anaïs," in body
    assert "Compte-rendu du comité technique du 19 mars 2026" in body
    assert "Compte-rendu plus ancien" not in body and "Projet non publié" not in body
    assert (
        "Quel budget pour l’accessibilité du site de la ville\u202f?" in body
    )  # typeset, as on the axis page
    assert "Réponse apportée par\u00a0: Direction des systèmes d’information" in body
    coming = body.index("DATES À VENIR")
    edition = body.index("Mercredi 1er avril 2026 à 9 h\u00a0: PDIN #", coming)
    sitting = body.index("Vendredi 10 avril 2026 à 9 h 30\u00a0: Assemblée plénière de printemps", coming)
    assert edition < sitting  # in date order
    assert "Vous recevez ce message parce que vous vous êtes abonné·e à la lettre hebdomadaire" in body
    assert "/notifications/preferences/" in body
    html = message.alternatives[0][0]
    assert "Assemblée plénière de printemps" in html and 'lang="fr"' in html
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    notification = Notification.objects.get()
    assert notification.member == anais
    assert notification.scheduled_for == MONDAY
    assert left.notifications.count() == 0


def test_running_the_digest_twice_in_a_week_sends_it_once(week, django_capture_on_commit_callbacks):
    opted_in(user__email="anais@example.org")
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert weekly_digest_send() == 1
    with (
        time_machine.travel(MONDAY + datetime.timedelta(hours=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert weekly_digest_send() == 0
    assert len(mail.outbox) == 1


def test_a_week_with_nothing_to_tell_sends_nothing():
    CouncilFactory()
    opted_in()
    with time_machine.travel(MONDAY, tick=False):
        assert weekly_digest_send() == 0
    assert mail.outbox == []


def test_the_digest_can_be_unsubscribed_by_its_link(week, client):
    anais = opted_in(user__email="anais@example.org")
    token = unsubscribe_token(member_id=anais.pk, kind="weekly_digest")
    client.post(f"/notifications/desabonnement/{token}/")
    with time_machine.travel(MONDAY, tick=False):
        assert weekly_digest_send() == 0


def test_the_task_is_registered_under_its_beat_name():
    celery_app.loader.import_default_modules()
    assert "cln_portal.send_weekly_digest" in celery_app.tasks


@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_once_send_one_email_per_member(week):
    opted_in(user__email="anais@example.org")
    opted_in(user__email="bruno@example.org")
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(weekly_digest_send(now=MONDAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anais@example.org", "bruno@example.org"]
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2
