"""The outbox's tasks: back-off after a mail-server error, and the service rules behind the pages."""

import pytest
from django.core.exceptions import ValidationError

from notifications.services import preferences_save
from notifications.tasks import retry_countdown

from ..members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_back_off_doubles_from_one_minute(settings):
    settings.NOTIFICATION_RETRY_DELAY = 60
    assert [retry_countdown(n) for n in range(5)] == [60, 120, 240, 480, 960]


def test_convocations_cannot_be_turned_off():
    member = MemberFactory()
    with pytest.raises(ValidationError, match="ne peuvent pas être désactivés"):
        preferences_save(member=member, choices={"convocation": False}, actor=None)
    assert not member.notification_preferences.exists()


def test_saving_the_same_choices_again_changes_nothing():
    member = MemberFactory()
    choices = {"weekly_digest": True, "minutes_published": True}
    assert preferences_save(member=member, choices=choices, actor=None) == ["weekly_digest"]
    assert preferences_save(member=member, choices=choices, actor=None) == []
