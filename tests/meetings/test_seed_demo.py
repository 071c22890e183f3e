"""The reference data of the sitting of 28 November 2025 (seed_demo)."""

import datetime
import io

import pytest
from django.core import serializers
from django.core.management import call_command

from members.models import Member, User
from pdin.models import Edition
from sessions.demo import demo_seed
from sessions.models import Attendance, Footnote, Meeting, Minutes, MinutesSection
from workstreams.models import Proposal, Question, QuestionStatus, Workstream

pytestmark = pytest.mark.django_db

SEED_MODELS = ["members", "meetings", "workstreams", "pdin"]


def _dump() -> str:
    from django.apps import apps

    objects = []
    for label in SEED_MODELS:
        for model in apps.get_app_config(label).get_models():
            objects.extend(model.objects.order_by("pk"))
    return serializers.serialize("json", objects)


def test_loading_twice_gives_the_same_database():
    demo_seed(with_accounts=True)
    first = _dump()
    demo_seed(with_accounts=True)
    assert _dump() == first


def test_the_seventeen_people_of_the_attendance_lists():
    result = demo_seed()
    attendance = Attendance.objects.filter(meeting=result.meeting)
    assert attendance.filter(status="present").count() == 9
    assert attendance.filter(status="excused").count() == 8
    names = set(attendance.values_list("member__first_name", "member__last_name"))
    assert len(names) == 17
    assert ("Nadia", "Amrani") in names and ("Denis", "Mallet") in names
    # The 16 others have a mandate; the DSI director is invited, without mandate or account.
    assert not Member.objects.get(last_name="Mallet").is_in_mandate(datetime.date(2025, 11, 28))
    labels = dict(attendance.values_list("member__last_name", "role_label"))
    assert labels["Garnier"] == "conseillère Nord"
    assert labels["Ouali"] == "observateur associé"
    assert labels["Grabowski-Servais"] == "co-présidente"
    assert labels["Mallet"] == "directeur des systèmes d’information"


def test_one_record_for_the_member_spelled_two_ways():
    demo_seed()
    assert Member.objects.filter(first_name="Nadia").count() == 1
    proposal = Proposal.objects.get(workstream__slug="cme-medias-reseaux-sociaux")
    assert proposal.member.last_name == "Amrani"


def test_the_minutes_follow_the_seed_table_of_contents():
    result = demo_seed()
    minutes = result.minutes
    assert minutes.is_published
    assert minutes.issued_on == datetime.date(2025, 12, 2)
    titles = list(MinutesSection.objects.filter(minutes=minutes).values_list("title", flat=True))
    assert titles == [
        "Programmation participative du Petit-déjeuner de l’inclusion numérique",
        "Présentation pédagogique du budget numérique municipal 2025",
        "Saisine applicative : agent conversationnel municipal",
        "Saisine stratégique : stratégie pour un numérique responsable",
        "Communication et gouvernance locale pour l’inclusion numérique en santé",
        "Commission médias et réseaux sociaux du Conseil municipal des enfants",
        "Formulaire de positionnement",
        "Calendrier prévisionnel",
        "Modalités de communication entre membres",
    ]
    assert Footnote.objects.filter(minutes=minutes).count() == 4
    assert minutes.annexes.get().include_pdin_history


def test_answers_given_on_the_spot_are_answered_questions():
    seed = demo_seed()
    raised = Question.objects.filter(raised_at=seed.meeting)
    answered = raised.filter(status=QuestionStatus.ANSWERED)
    assert answered.count() == 5
    assert {q.answer.strip("*.") for q in answered} >= {"OpenAI", "Orange Business"}
    assert raised.filter(status=QuestionStatus.OPEN).count() == raised.count() - 5


def test_the_demo_has_answers_to_present_at_the_coming_sitting_and_in_the_dossier():
    """Two questions asked between sittings and answered since: not in the seed's minutes."""
    from sessions.meetings.agenda import agenda_suggestions

    seed = demo_seed()
    since = Question.objects.filter(raised_at=None, status=QuestionStatus.ANSWERED)
    assert since.count() == 2 and not since.filter(answered_at_meeting__isnull=False).exists()
    coming = Meeting.objects.filter(starts_at__gt=seed.meeting.starts_at).order_by("starts_at").first()
    assert [q.text for q in agenda_suggestions(meeting=coming).answered] == [
        since.get(workstream=coming.workstream).text
    ]
    demo_seed()  # idempotent
    assert Question.objects.filter(raised_at=None, status=QuestionStatus.ANSWERED).count() == 2
    assert Workstream.objects.count() == 6


def test_the_seed_slip_of_2024_is_kept_for_the_publication_check():
    result = demo_seed()
    step = result.meeting.next_steps.get()
    assert step.date == datetime.date(2024, 12, 18)
    assert step.date < result.meeting.date


def test_pdin_editions_keep_their_month_precision():
    demo_seed()
    editions = {e.number: e for e in Edition.objects.filter(series__slug="pdin", is_demo=False)}
    assert sorted(editions) == list(range(1, 12))
    assert editions[1].date_display == "septembre 2022"
    assert editions[1].venue.name == "Hôtel de Ville de Roubaix"
    assert editions[11].date_display == "13 février 2026"
    assert editions[11].date.weekday() == 4  # a Friday, as the seed says


def test_demo_accounts_only_when_asked(settings):
    settings.DEBUG = False
    demo_seed()
    assert not User.objects.exists()
    result = demo_seed(with_accounts=True)
    emails = {email for email, _password, _staff in result.accounts}
    assert {"charge-de-mission@example.org", "anais.garnier@example.org"} <= emails
    staff = User.objects.get(email="charge-de-mission@example.org")
    assert staff.is_staff and staff.member.last_name == "Verhaeghe"


def test_command_prints_credentials_only_with_debug(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "anais.garnier@example.org" in out.getvalue()
    settings.DEBUG = False
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "@example.org" not in out.getvalue()
    # The reference sitting and the coming working group (sessions/demo/extra.py), once each.
    assert Meeting.objects.count() == 2 and Minutes.objects.count() == 1
