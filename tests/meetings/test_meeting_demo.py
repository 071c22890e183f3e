"""The demo's coming working group (``sessions/demo/extra.py``)."""

import datetime

import pytest
from django.utils import timezone

from notifications.models import Notification
from sessions.demo import demo_seed
from sessions.models import InvitationAnswer, Meeting, MeetingKind

pytestmark = pytest.mark.django_db


def test_demo_has_a_coming_working_group_with_its_convocation_sent_once():
    demo_seed(with_accounts=True)
    demo_seed(with_accounts=True)

    [meeting] = Meeting.objects.filter(kind=MeetingKind.WORKING_GROUP, starts_at__gt=timezone.now())
    local = timezone.localtime(meeting.starts_at)
    assert local.weekday() == 1 and (local.hour, local.minute) == (18, 0)
    assert local.date() - timezone.localdate() >= datetime.timedelta(weeks=3)
    assert meeting.workstream is not None and meeting.venue is not None
    assert meeting.convocation_sent_at is not None
    assert meeting.agenda_items.count() == 3
    answers = dict(meeting.invitations.values_list("member__last_name", "answer"))
    assert answers["Belkacem"] == InvitationAnswer.ATTENDING
    assert answers["El Idrissi"] == InvitationAnswer.EXCUSED
    assert answers["Garnier"] == InvitationAnswer.PENDING  # the demo member answers herself
    assert answers["Mallet"] == InvitationAnswer.PENDING  # invited, no mandate
    # The demo member has an account, hence an address: one convocation, not two.
    assert Notification.objects.filter(kind="convocation").count() == 1
