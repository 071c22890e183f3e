"""The outbox moved from cln_portal to its own app: an existing database keeps every row."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("cln_portal", "0002_minutes_review_kind"), ("notifications", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_outbox_rows_and_choices_survive_the_move_to_the_notifications_app():
    executor = _migrate(BEFORE)
    try:
        # Every other app as it is today, the outbox as it was in cln_portal.
        others = [
            node
            for node in executor.loader.graph.leaf_nodes()
            if node[0] not in ("cln_portal", "notifications")
        ]
        old = executor.loader.project_state([*others, BEFORE[0]]).apps
        member = old.get_model("members", "Member").objects.create(first_name="Anaïs", last_name="Garnier")
        old.get_model("cln_portal", "Notification").objects.create(
            kind="convocation",
            about="meetings.meeting:1",
            recipient="anais@example.org",
            member_id=member.pk,
            scheduled_for=timezone.now() + datetime.timedelta(days=1),
            subject="Convocation",
            body_text="Bonjour",
        )
        old.get_model("cln_portal", "NotificationPreference").objects.create(
            member_id=member.pk, kind="weekly_digest", by_email=True
        )
    finally:
        executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType

    from notifications.models import Notification, NotificationPreference

    notification = Notification.objects.get()
    assert (notification.kind, notification.recipient, notification.member_id) == (
        "convocation",
        "anais@example.org",
        member.pk,
    )
    assert notification.kind_label == "convocation à une séance"
    assert NotificationPreference.objects.get().by_email is True
    # Staff permissions on the outbox follow the models to their new app.
    assert ContentType.objects.get_for_model(Notification).app_label == "notifications"
