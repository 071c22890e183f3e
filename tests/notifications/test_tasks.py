"""The outbox's tasks: back-off after a mail-server error, and the service rules behind the pages."""

import pytest
from django.core.exceptions import ValidationError

from cln_portal.models import NotificationKind
from cln_portal.services import preferences_save
from cln_portal.tasks import retry_countdown

from ..members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_back_off_doubles_from_one_minute(settings):
    settings.NOTIFICATION_RETRY_DELAY = 60
    assert [retry_countdown(n) for n in range(5)] == [60, 120, 240, 480, 960]


def test_convocations_cannot_be_turned_off():
    member = MemberFactory()
    with pytest.raises(ValidationError, match="ne peuvent pas être désactivés"):
        preferences_save(member=member, choices={NotificationKind.CONVOCATION: False}, actor=None)
    assert not member.notification_preferences.exists()


def test_saving_the_same_choices_again_changes_nothing():
    member = MemberFactory()
    choices = {NotificationKind.WEEKLY_DIGEST: True, NotificationKind.MINUTES_PUBLISHED: True}
    assert preferences_save(member=member, choices=choices, actor=None) == [NotificationKind.WEEKLY_DIGEST]
    assert preferences_save(member=member, choices=choices, actor=None) == []
