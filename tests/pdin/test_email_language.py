"""E-mails to people registered without an account follow the language they registered in
(issue 13): the confirmation, the waiting list, the offer of a freed place and the
reminder, whoever or whatever sends them (the form, staff's page in French, a task)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from pdin.models import Registration, RegistrationStatus
from pdin.services import registration_cancel_by_staff, registration_create
from pdin.tasks import send_edition_reminders

from .factories import OpenEditionFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 2, 20, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _french_afterwards():
    """A request in English leaves English active in this thread: the next tests expect French."""
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _register_through_the_form(client, edition, language: str, n: int = 1):
    client.post(reverse("public:language"), {"language": language, "next": "/"})
    return client.post(
        reverse("pdin:edition_register", args=[edition.series.slug, edition.number]),
        {
            "name": f"Personne {n}",
            "email": f"personne{n}@example.org",
            "organisation": "",
            "accessibility_needs": "",
            "consent": "on",
            "website": "",
        },
    )


@time_machine.travel(NOW, tick=False)
def test_someone_who_registers_from_the_english_pages_gets_an_english_confirmation(
    client, django_capture_on_commit_callbacks
):
    edition = OpenEditionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = _register_through_the_form(client, edition, "en")

    assert response.status_code == 302
    assert Registration.objects.get().language == "en"
    (message,) = mail.outbox
    assert message.subject == f"Registration confirmed: {edition.label}"
    assert "Friday 13 March 2026 at 8:30 am" in message.body
    assert "Inscription" not in message.body and "vendredi" not in message.body
    html = message.alternatives[0][0]
    assert "Friday 13 March 2026 at 8:30 am" in html and "vendredi" not in html


@time_machine.travel(NOW, tick=False)
def test_someone_who_registers_from_the_french_pages_gets_a_french_confirmation(
    client, django_capture_on_commit_callbacks
):
    edition = OpenEditionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        _register_through_the_form(client, edition, "fr")

    assert Registration.objects.get().language == "fr"
    (message,) = mail.outbox
    assert message.subject == f"Inscription confirmée\u00a0: {edition.label}"
    assert "vendredi 13 mars 2026 à 8 h 30" in message.body


def test_asking_again_from_the_other_language_resends_in_that_language(
    client, django_capture_on_commit_callbacks
):
    edition = OpenEditionFactory()
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        _register_through_the_form(client, edition, "fr")
    later = NOW + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        _register_through_the_form(client, edition, "en")

    assert Registration.objects.get().language == "en"
    assert [m.subject.split(":")[0].strip() for m in mail.outbox] == [
        "Inscription confirmée",
        "Registration confirmed",
    ]


@time_machine.travel(NOW, tick=False)
def test_a_place_freed_by_staff_in_french_is_offered_in_the_waiting_persons_language(
    django_capture_on_commit_callbacks, staff_user
):
    edition = OpenEditionFactory(capacity=1)
    holder = registration_create(
        edition_id=edition.pk, name="A", email="a@example.org", consent=True, language="fr"
    ).registration
    with django_capture_on_commit_callbacks(execute=True):
        waiting = registration_create(
            edition_id=edition.pk, name="B", email="b@example.org", consent=True, language="en"
        ).registration
        french_waiting = registration_create(
            edition_id=edition.pk, name="C", email="c@example.org", consent=True, language="fr"
        ).registration
    joined = {m.to[0]: m for m in mail.outbox}
    assert joined["b@example.org"].subject == f"Waiting list: {edition.label}"
    assert joined["c@example.org"].subject == f"Liste d’attente\u00a0: {edition.label}"
    mail.outbox.clear()

    # Staff work in French: the offer still reads in English for an English registrant.
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        registration_cancel_by_staff(registration_id=holder.pk, actor=staff_user)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    (offer,) = mail.outbox
    assert offer.to == ["b@example.org"]
    assert offer.subject == f"A place has been freed: {edition.label}"
    # Held 48 hours: until Sunday 22 February 2026, 10:00 in Paris.
    assert "Sunday 22 February 2026 at 10 am" in offer.body
    assert " à " not in offer.body and "dimanche" not in offer.body
    assert french_waiting.language == "fr"


def test_the_reminder_is_sent_in_each_registrants_language(django_capture_on_commit_callbacks):
    edition = OpenEditionFactory()  # Friday 13 March 2026
    with time_machine.travel(NOW, tick=False):
        registration_create(
            edition_id=edition.pk, name="A", email="a@example.org", consent=True, language="en"
        )
        registration_create(edition_id=edition.pk, name="B", email="b@example.org", consent=True)

    mail.outbox.clear()
    with time_machine.travel(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=PARIS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_edition_reminders.delay().get() == 2

    reminders = {m.to[0]: m for m in mail.outbox}
    assert reminders["a@example.org"].subject == f"It's tomorrow: {edition.label}"
    assert "Friday 13 March 2026 at 8:30 am" in reminders["a@example.org"].body
    assert reminders["b@example.org"].subject == f"C’est demain\u00a0: {edition.label}"
    assert "vendredi 13 mars 2026 à 8 h 30" in reminders["b@example.org"].body
