"""Mandates: ending one closes member pages and council e-mails, keeps the past as it was."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from members import services
from members.models import AuditAction, Member, Role
from notifications.models import NotificationStatus
from notifications.services import notification_deliver, notification_queue

from ..meetings.factories import AttendanceFactory
from .factories import FormerMemberFactory, MemberFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=PARIS)


@time_machine.travel(NOON, tick=False)
def test_staff_end_a_mandate_and_the_person_gets_a_clear_french_403(client, staff_user):
    member = MemberFactory(mandate_start=datetime.date(2025, 7, 1))
    client.force_login(staff_user)
    page = client.get(reverse("members:staff_mandate_end", args=[member.pk]))
    assert "Mettre fin au mandat" in page.content.decode()

    response = client.post(
        reverse("members:staff_mandate_end", args=[member.pk]), {"on": "2026-02-28", "reason": "démission"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.mandate_end, member.mandate_end_reason) == (datetime.date(2026, 2, 28), "démission")
    assert member.audit_entries.filter(action=AuditAction.MANDATE_ENDED, actor=staff_user).exists()

    client.force_login(member.user)
    response = client.get(reverse("home:dashboard"))
    content = response.content.decode()
    assert response.status_code == 403
    assert "Votre mandat au conseil a pris fin le 28 février 2026" in content
    assert reverse("members:my_data") in content
    assert client.get(reverse("home:directory")).status_code == 403
    assert client.get(reverse("members:my_data")).status_code == 200


@time_machine.travel(NOON, tick=False)
def test_a_former_member_landing_after_login_is_their_data_page(client):
    member = FormerMemberFactory(user__email="ancien@example.org")
    response = client.post(
        reverse("account_login"), {"login": member.user.email, "password": "mot-de-passe-de-test"}
    )
    assert response.url == reverse("members:my_data")


def test_mandate_end_is_checked(staff_user):
    member = MemberFactory(mandate_start=datetime.date(2025, 7, 1))
    with pytest.raises(ValidationError, match="précéder son début"):
        services.mandate_end(actor=staff_user, member=member, on=datetime.date(2025, 1, 1), reason="x")
    with pytest.raises(ValidationError, match="motif"):
        services.mandate_end(actor=staff_user, member=member, on=datetime.date(2026, 1, 1), reason=" ")


@time_machine.travel(NOON, tick=False)
def test_former_member_gets_no_council_email_but_account_emails_still_go(django_capture_on_commit_callbacks):
    former = FormerMemberFactory(user__email="ancien@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        council = notification_queue(
            kind="minutes_published",
            about="test:1",
            recipient=former.user.email,
            member=former,
            template="account",
            context={"subject": "Compte-rendu", "body": "…"},
        )
        account = notification_queue(
            kind="account",
            about="test:2",
            recipient=former.user.email,
            member=former,
            template="account",
            context={"subject": "Votre code", "body": "…"},
        )
    council.refresh_from_db()
    account.refresh_from_db()
    assert council.status == NotificationStatus.SKIPPED
    assert account.status == NotificationStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Votre code"]
    assert notification_deliver(notification_id=council.pk) == NotificationStatus.SKIPPED


def test_past_attendance_keeps_the_person_as_they_were():
    attendance = AttendanceFactory(
        member=FormerMemberFactory(first_name="Sylvie", last_name="Caron", title_form="f")
    )
    attendance.refresh_from_db()
    assert (attendance.member.full_name, attendance.role_label) == ("Sylvie Caron", "conseillère Nord")


def test_a_new_mandate_keeps_the_earlier_period_and_both_answer_in_mandate(staff_user):
    member = FormerMemberFactory()  # 1 July – 31 October 2025
    services.mandate_start(actor=staff_user, member=member, start=datetime.date(2026, 1, 1))

    member = Member.objects.get(pk=member.pk)
    assert list(member.past_mandates.values_list("start", "end")) == [
        (datetime.date(2025, 7, 1), datetime.date(2025, 10, 31))
    ]
    for day, expected in [
        (datetime.date(2025, 6, 30), False),
        (datetime.date(2025, 9, 15), True),
        (datetime.date(2025, 12, 1), False),
        (datetime.date(2026, 2, 1), True),
    ]:
        assert member.is_in_mandate(day) is expected, day
        assert Member.objects.in_mandate(day).filter(pk=member.pk).exists() is expected, day
    with pytest.raises(ValidationError, match="déjà un mandat en cours"):
        services.mandate_start(actor=staff_user, member=member, start=datetime.date(2026, 6, 1))


def test_is_in_mandate_costs_no_query_for_a_current_member(django_assert_num_queries):
    member = MemberFactory(mandate_start=datetime.date(2025, 7, 1))
    with django_assert_num_queries(0):
        assert member.is_in_mandate(datetime.date(2026, 1, 1))
        assert member.is_in_mandate(datetime.date(2025, 7, 1))


def test_role_change_is_audited_and_moves_staff_rights(staff_user):
    member = MemberFactory()
    services.member_update(actor=staff_user, member=member, role=Role.OFFICER, sector="")
    member.user.refresh_from_db()
    assert member.user.is_staff
    actions = list(member.audit_entries.values_list("action", "changes"))
    assert (AuditAction.ROLE_CHANGED, {"role": ["councillor", "officer"], "sector": ["nord", ""]}) in actions
    assert (AuditAction.STAFF_CHANGED, {"is_staff": [False, True]}) in actions


def test_demo_data_has_a_former_member_and_an_invited_person_without_account():
    from sessions.demo import demo_seed

    demo_seed(with_accounts=True)
    demo_seed(with_accounts=True)  # idempotent

    former = Member.objects.get(first_name="Sylvie", last_name="Caron")
    assert former.is_former and not former.is_in_mandate()
    assert former.user.email == "ancienne.membre@example.org"
    guest = Member.objects.get(first_name="Denis", last_name="Mallet")
    assert guest.user is None and guest.mandate_start is None
    assert Member.objects.filter(first_name="Sylvie", last_name="Caron").count() == 1


def test_error_pages_are_french_and_500_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        content = render_to_string("500.html")
    assert "Le portail a rencontré une erreur" in content
    assert '<html lang="fr">' in content
    assert content.count("<h1") == 1


def test_accounts_of_former_members_go_after_the_stated_retention(settings):
    """The legal page promises it; names and past attendance stay (the council's records)."""
    settings.PERSONAL_DATA_RETENTION = {
        **settings.PERSONAL_DATA_RETENTION,
        "account_months_after_mandate": 12,
    }
    former = FormerMemberFactory(contact_email="ancien@example.org", phone="06 00 00 00 00", name_public=True)
    attendance = AttendanceFactory(member=former)
    recent = FormerMemberFactory(mandate_end=datetime.date(2026, 6, 30))
    current = MemberFactory()
    account_email = former.user.email

    # 31 October 2025 + 12 months of 31 days: not yet on 1 November 2026, done on 8 November.
    assert services.accounts_expire_after_mandate(today=datetime.date(2026, 11, 1)) == 0
    assert services.accounts_expire_after_mandate(today=datetime.date(2026, 11, 8)) == 1
    former.refresh_from_db()
    assert former.user is None and former.contact_email == "" and former.phone == ""
    assert not former.name_public
    assert not Member.objects.filter(user__email=account_email).exists()
    assert former.full_name and attendance.member_id == former.pk
    assert former.audit_entries.filter(action=AuditAction.ACCOUNT_EXPIRED).exists()
    recent.refresh_from_db()
    current.refresh_from_db()
    assert recent.user is not None and current.user is not None
    # A second run finds nothing left to delete.
    assert services.accounts_expire_after_mandate(today=datetime.date(2026, 11, 8)) == 0


def test_council_in_mandate_is_one_rule_for_queries_and_rows():
    """Council roles only, mandate covering the day: the queryset and the row method agree."""
    on = datetime.date(2026, 3, 2)
    councillor = MemberFactory(role=Role.COUNCILLOR)
    co_chair = MemberFactory(role=Role.CO_CHAIR)
    officer = MemberFactory(role=Role.OFFICER)
    former = FormerMemberFactory()
    future = MemberFactory(mandate_start=datetime.date(2026, 6, 1))
    guest = MemberFactory(role=Role.GUEST, mandate_start=None)

    council = set(Member.objects.council_in_mandate(on))

    assert council == {councillor, co_chair}
    for person in (councillor, co_chair, officer, former, future, guest):
        assert person.is_council_member_in_mandate(on) is (person in council)


# Kinds a council person gets; PDIN registrants' kinds (asked for by the registrant,
# account or not) keep their own rule and are left out.
# E-mails to people without an account (registrants, visitors, residents who proposed):
# whatever a member's mandate says, they asked for them.
PDIN_KINDS = {
    "registration_confirmed",
    "waitlist_offer",
    "edition_reminder",
    "proposal_support_link",
    "proposal_published",
    "proposal_refused",
}


def _queued(kind: str, member: Member, *, n: int):
    from notifications.models import Notification

    return Notification.objects.create(
        kind=kind,
        about=f"test:{n}",
        recipient=member.email_address,
        member=member,
        scheduled_for=NOON,
        subject=f"Sujet {kind}",
        body_text="…\n",
    )


@time_machine.travel(NOON, tick=False)
def test_a_deactivated_account_gets_nothing_of_any_kind_at_send_time():
    from notifications import registry

    member = MemberFactory(user__email="desactive@example.org", mandate_start=datetime.date(2025, 1, 1))
    member.user.is_active = False
    member.user.save()
    kinds = [spec.value for spec in registry.kinds() if spec.value not in PDIN_KINDS]
    assert {"convocation", "meeting_reminder", "weekly_digest", "account"} <= set(kinds)
    for n, kind in enumerate(kinds):
        notification = _queued(kind, member, n=n)
        assert notification_deliver(notification_id=notification.pk) == NotificationStatus.SKIPPED, kind
    # Nor when the row names no person (an allauth e-mail to the login address).
    notification = _queued("account", member, n=99)
    notification.member = None
    notification.save()
    assert notification_deliver(notification_id=notification.pk) == NotificationStatus.SKIPPED
    assert mail.outbox == []


@time_machine.travel(NOON, tick=False)
def test_a_member_whose_mandate_ended_gets_no_council_email_of_any_kind_at_send_time():
    from notifications import registry

    former = FormerMemberFactory(user__email="ancienne@example.org")
    kinds = [spec.value for spec in registry.kinds() if spec.value not in PDIN_KINDS | {"account"}]
    for n, kind in enumerate(kinds):
        notification = _queued(kind, former, n=n)
        assert notification_deliver(notification_id=notification.pk) == NotificationStatus.SKIPPED, kind
    assert mail.outbox == []


def test_a_resent_convocation_does_not_reach_a_member_whose_mandate_ended(django_capture_on_commit_callbacks):
    from sessions.meetings.services import convocation_send

    from ..meetings.test_meeting_services import paris, sitting

    leaving = MemberFactory(user__email="partante@example.org", mandate_start=datetime.date(2025, 1, 1))
    staying = MemberFactory(user__email="reste@example.org", mandate_start=datetime.date(2025, 1, 1))
    with time_machine.travel(paris(2026, 3, 1, 10), tick=False):
        meeting = sitting(datetime.date(2026, 3, 30))
        with django_capture_on_commit_callbacks(execute=True):
            convocation_send(meeting=meeting, actor=None)
        services.mandate_end(actor=None, member=leaving, on=datetime.date(2026, 3, 1), reason="démission")
    mail.outbox.clear()
    with time_machine.travel(paris(2026, 3, 2, 10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            convocation_send(meeting=meeting, actor=None, resend=True)
    assert [m.to for m in mail.outbox] == [[staying.user.email]]
