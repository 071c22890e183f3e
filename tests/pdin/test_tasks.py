"""Periodic tasks: reminders the day before, and deletion of personal data after the retention time."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from notifications.models import Notification
from pdin.models import Registration, RegistrationStatus
from pdin.selectors import registration_counts
from pdin.tasks import purge_registrations, send_edition_reminders

from .factories import OpenEditionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_reminders_go_the_day_before_to_confirmed_people_only_once(django_capture_on_commit_callbacks):
    edition = OpenEditionFactory()  # Friday 13 March 2026
    confirmed = RegistrationFactory(edition=edition)
    RegistrationFactory(edition=edition, status=RegistrationStatus.WAITING)
    RegistrationFactory(edition=edition, status=RegistrationStatus.CANCELLED)
    OpenEditionFactory(date=datetime.date(2026, 3, 14))  # not tomorrow

    with time_machine.travel(datetime.datetime(2026, 3, 11, 9, 0, tzinfo=PARIS), tick=False):
        assert send_edition_reminders.delay().get() == 0
    with time_machine.travel(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=PARIS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_edition_reminders.delay().get() == 1
            assert send_edition_reminders.delay().get() == 0  # safe to run twice

    (message,) = mail.outbox
    assert message.to == [confirmed.email]
    assert message.subject == f"C’est demain\u00a0: {edition.label}"
    assert "vendredi 13 mars 2026 à 8 h 30" in message.body
    notification = Notification.objects.get(kind="edition_reminder")
    assert notification.scheduled_for == datetime.datetime(2026, 3, 12, 9, 0, tzinfo=PARIS)


def test_personal_data_are_deleted_six_months_after_the_edition_keeping_counts():
    edition = OpenEditionFactory(participants_count=3)
    RegistrationFactory.create_batch(3, edition=edition, attended=True, organisation="Centre social")
    RegistrationFactory(edition=edition, status=RegistrationStatus.WAITING, accessibility_needs="Fauteuil")
    RegistrationFactory(edition=edition, status=RegistrationStatus.CANCELLED)
    later_edition = OpenEditionFactory(date=datetime.date(2026, 6, 12))
    kept = RegistrationFactory(edition=later_edition)
    counts_before = registration_counts(edition=edition)

    with time_machine.travel(datetime.datetime(2026, 9, 13, 12, 0, tzinfo=PARIS), tick=False):
        assert purge_registrations.delay().get() == 0  # 13 September: exactly six months, kept
    with time_machine.travel(datetime.datetime(2026, 9, 14, 3, 0, tzinfo=PARIS), tick=False):
        assert purge_registrations.delay().get() == 5
        assert purge_registrations.delay().get() == 0

    purged = Registration.objects.filter(edition=edition)
    assert set(purged.values_list("name", "email", "organisation", "accessibility_needs")) == {
        ("", "", "", "")
    }
    assert not purged.exclude(cancel_token=None).exists()
    assert all(r.purged_at for r in purged)
    assert registration_counts(edition=edition) == counts_before
    edition.refresh_from_db()
    assert edition.participants_count == 3
    kept.refresh_from_db()
    assert kept.email and kept.purged_at is None


def test_retention_time_is_configurable(settings):
    settings.PDIN_REGISTRATION_RETENTION_MONTHS = 1
    edition = OpenEditionFactory()
    RegistrationFactory(edition=edition)

    with time_machine.travel(datetime.datetime(2026, 4, 14, 3, 0, tzinfo=PARIS), tick=False):
        assert purge_registrations.delay().get() == 1


def _resident_proposal(publication, moderated_on: datetime.date | None):
    from pdin.models import Proposal

    from .factories import ProposalFactory

    proposal = ProposalFactory(
        from_public_form=True,
        proposer_name="Awa Diallo",
        proposer_email="awa@example.org",
        show_name=True,
        description="Pour les personnes âgées du quartier.",
        publication=publication,
        moderated_at=moderated_on
        and datetime.datetime.combine(moderated_on, datetime.time(10, 0), tzinfo=PARIS),
    )
    return Proposal.objects.get(pk=proposal.pk)


def test_residents_name_and_email_go_six_months_after_a_refusal_keeping_the_proposal():
    from pdin.models import ProposalPublication

    refused = _resident_proposal(ProposalPublication.REFUSED, datetime.date(2026, 1, 10))
    pending = _resident_proposal(ProposalPublication.PENDING, None)

    with time_machine.travel(datetime.datetime(2026, 7, 10, 12, 0, tzinfo=PARIS), tick=False):
        assert purge_registrations.delay().get() == 0  # exactly six months: kept
    with time_machine.travel(datetime.datetime(2026, 7, 11, 3, 30, tzinfo=PARIS), tick=False):
        assert purge_registrations.delay().get() == 1
        assert purge_registrations.delay().get() == 0  # safe to run twice

    refused.refresh_from_db()
    assert (refused.proposer_name, refused.proposer_email, refused.show_name) == ("", "", False)
    assert refused.title and refused.description == "Pour les personnes âgées du quartier."
    assert refused.public_author == "un·e habitant·e"
    pending.refresh_from_db()
    assert pending.proposer_email == "awa@example.org"  # not settled: staff may still answer


def test_a_published_proposal_keeps_its_proposer_until_six_months_after_its_edition(settings):
    from pdin.models import ProposalPublication

    settings.PDIN_PROPOSAL_RETENTION_MONTHS = 2
    published = _resident_proposal(ProposalPublication.PUBLISHED, datetime.date(2026, 1, 10))
    OpenEditionFactory(series=published.series, date=datetime.date(2025, 12, 5))  # before: not its edition
    OpenEditionFactory(series=published.series)  # 13 March 2026, the next one
    OpenEditionFactory(series=published.series, date=datetime.date(2026, 6, 12))

    with time_machine.travel(datetime.datetime(2026, 5, 13, 12, 0, tzinfo=PARIS), tick=False):
        assert purge_registrations.delay().get() == 0  # two months after the edition: kept
    with time_machine.travel(datetime.datetime(2026, 5, 14, 3, 30, tzinfo=PARIS), tick=False):
        assert purge_registrations.delay().get() == 1

    published.refresh_from_db()
    assert (published.proposer_name, published.proposer_email) == ("", "")
    assert published.publication == ProposalPublication.PUBLISHED


def test_a_published_proposal_without_a_planned_edition_goes_months_after_publication():
    from pdin.models import ProposalPublication

    published = _resident_proposal(ProposalPublication.PUBLISHED, datetime.date(2026, 1, 10))

    with time_machine.travel(datetime.datetime(2026, 7, 11, 3, 30, tzinfo=PARIS), tick=False):
        assert purge_registrations.delay().get() == 1
    published.refresh_from_db()
    assert published.proposer_email == ""
