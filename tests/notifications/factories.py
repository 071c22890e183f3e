"""Factories of the outbox: notifications in any state, and members' e-mail choices."""

import datetime

import factory

from notifications.models import Notification, NotificationPreference, NotificationStatus

from ..members.factories import MemberFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = "minutes_published"
    about = factory.Sequence(lambda n: f"meetings.minutes:{n}")
    recipient = factory.Sequence(lambda n: f"destinataire{n}@example.org")
    scheduled_for = datetime.datetime(2026, 2, 13, 8, 0, tzinfo=datetime.UTC)
    status = NotificationStatus.SENT
    subject = factory.Sequence(lambda n: f"Compte-rendu publié n° {n}")
    body_text = "Bonjour,\n\nLe compte-rendu est publié.\n"
    body_html = "<p>Bonjour,</p>"


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    member = factory.SubFactory(MemberFactory)
    kind = "weekly_digest"
    by_email = True
