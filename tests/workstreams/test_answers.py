"""Answers drafted by the city's services through an e-mailed link (issue 14, section 2).

Staff give a question to a service of the directory with a due date; the service gets a
link by e-mail, drafts and sends its answer there; a reminder goes out before the due
date; staff publish the answer, which tells the asker and the followers.
"""

import datetime
import importlib
import re
import zoneinfo

import pytest
import time_machine
from django.apps import apps
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import AuditEntry
from notifications.models import Notification
from notifications.services import about_key
from workstreams import answer_services
from workstreams.answer_services import (
    AnswerLinkClosed,
    answer_draft_save,
    answer_link_check,
    answer_link_token,
    answer_reminders_send,
    answer_request_from_token,
    answer_request_publish,
    answering_service_save,
)
from workstreams.models import AnsweringService, AnswerRequest, AnswerRequestClosure, Question, QuestionStatus
from workstreams.services import question_assign, question_withdraw

from ..members.factories import CouncilFactory, MemberFactory
from .factories import AnsweringServiceFactory, QuestionFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NBSP = "\u00a0"
# Assigned on Wednesday 3 December 2025 at 10 h, due Friday 19 December 2025.
ASSIGNED = datetime.datetime(2025, 12, 3, 10, 0, tzinfo=PARIS)
DUE = datetime.date(2025, 12, 19)
URL = re.compile(r"https?://\S+/questions/reponse-du-service/\S+/")


@pytest.fixture
def council(db):
    return CouncilFactory(email="participation@example.org")


@pytest.fixture
def dsi(db):
    return AnsweringServiceFactory(
        name="Direction des systèmes d’information", emails="dsi@example.org\nsecretariat.dsi@example.org"
    )


@pytest.fixture
def legal(db):
    return AnsweringServiceFactory(name="Service juridique", emails="juridique@example.org")


def _assign(question, service, staff_user, *, due_on=DUE, at=ASSIGNED):
    with time_machine.travel(at, tick=False):
        return question_assign(question=question, service=service, due_on=due_on, actor=staff_user)


def _request(question) -> AnswerRequest:
    return AnswerRequest.objects.get(question=question, closed_at__isnull=True)


def _token(question) -> str:
    return answer_link_token(_request(question))


# --- Assigning: the e-mail and its link -----------------------------------------------------


def test_assigning_e_mails_each_address_of_the_service_a_link_in_french(
    council, dsi, staff_user, django_capture_on_commit_callbacks
):
    question = QuestionFactory(
        text=f"Quel est le coût annuel de l’agent conversationnel{NBSP}?",
        workstream=WorkstreamFactory(title="Agent conversationnel"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        _assign(question, dsi, staff_user)

    question.refresh_from_db()
    assert question.status == QuestionStatus.IN_PROGRESS
    assert (question.assigned_service, question.answering_service) == (dsi.name, dsi)
    assert sorted(m.to[0] for m in mail.outbox) == ["dsi@example.org", "secretariat.dsi@example.org"]
    message = mail.outbox[0]
    assert message.subject == (
        f"Question du Conseil local du numérique{NBSP}: réponse attendue pour le vendredi 19 décembre 2025"
    )
    assert f"«{NBSP}Quel est le coût annuel de l’agent conversationnel{NBSP}?{NBSP}»" in message.body
    assert "Ce lien est valable jusqu’au 2 janvier 2026" in message.body
    assert "participation@example.org" in message.body
    url = URL.search(message.body).group(0)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert answer_request_from_token(token) == _request(question)
    assert url in mail.outbox[1].body  # both addresses get the same link


def test_the_link_lasts_until_the_end_of_the_fourteenth_day_after_the_due_date(council, dsi, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    answer_request = _request(question)

    answer_link_check(answer_request, now=datetime.datetime(2026, 1, 2, 23, 59, tzinfo=PARIS))
    with pytest.raises(AnswerLinkClosed) as closed:
        answer_link_check(answer_request, now=datetime.datetime(2026, 1, 3, 0, 0, tzinfo=PARIS))
    assert closed.value.code == "expired"
    assert "Ce lien a expiré le vendredi 2 janvier 2026" in closed.value.message
    assert "participation@example.org" in closed.value.message  # whom to contact


def test_an_expired_link_saves_nothing(council, dsi, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    answer_request = _request(question)

    with time_machine.travel(datetime.datetime(2026, 1, 3, 8, 0, tzinfo=PARIS), tick=False):
        with pytest.raises(AnswerLinkClosed):
            answer_draft_save(link=answer_request, request_id=answer_request.pk, text="Trop tard.")
    answer_request.refresh_from_db()
    assert answer_request.draft == ""


def test_the_link_setting_moves_the_expiry(council, dsi, staff_user, settings):
    settings.ANSWER_LINK_DAYS_AFTER_DUE = 0
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    assert _request(question).expires_at == datetime.datetime(2025, 12, 20, 0, 0, tzinfo=PARIS)


def test_a_tampered_or_forged_link_is_refused(council, dsi, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    token = _token(question)

    with pytest.raises(signing.BadSignature):
        answer_request_from_token(token[:-2] + "xx")
    forged = signing.Signer(salt=answer_services.ANSWER_LINK_SALT).sign_object(
        {"r": _request(question).pk, "k": "x"}
    )
    with pytest.raises(AnswerRequest.DoesNotExist):
        answer_request_from_token(forged)


def test_a_due_date_in_the_past_or_missing_is_refused(council, dsi, staff_user):
    question = QuestionFactory()
    with pytest.raises(ValidationError) as error:
        _assign(question, dsi, staff_user, due_on=datetime.date(2025, 12, 2))
    assert "ne peut pas être dans le passé" in str(error.value)
    with pytest.raises(ValidationError):
        _assign(question, dsi, staff_user, due_on=None)
    assert not AnswerRequest.objects.exists()
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


# --- Another service's question ---------------------------------------------------------------


def test_a_link_cannot_answer_another_services_question(council, dsi, legal, staff_user):
    ours, theirs = QuestionFactory(), QuestionFactory()
    _assign(ours, dsi, staff_user)
    _assign(theirs, legal, staff_user)
    link = _request(ours)

    with time_machine.travel(ASSIGNED + datetime.timedelta(days=1), tick=False):
        with pytest.raises(ValidationError) as error:
            answer_draft_save(
                link=link, request_id=_request(theirs).pk, text="Réponse de la DSI.", submit=True
            )
        assert error.value.code == "other_service"
        assert [r.question for r in answer_services.service_open_requests(service=link.service)] == [ours]
    assert _request(theirs).draft == ""
    assert _request(theirs).submitted_at is None


def test_reassigning_revokes_the_previous_services_link(
    council, dsi, legal, staff_user, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    first = _request(question)
    with django_capture_on_commit_callbacks(execute=True):
        _assign(question, legal, staff_user, at=ASSIGNED + datetime.timedelta(hours=2))

    first.refresh_from_db()
    assert first.closed_reason == AnswerRequestClosure.REASSIGNED
    with pytest.raises(AnswerLinkClosed) as closed:
        answer_link_check(first)
    assert "confiée à un autre service" in closed.value.message
    with pytest.raises(AnswerLinkClosed):
        answer_draft_save(link=first, request_id=first.pk, text="Encore moi.")
    assert _request(question).service == legal
    assert [m.to for m in mail.outbox] == [["juridique@example.org"]]
    question.refresh_from_db()
    assert question.assigned_service == "Service juridique"


def test_assigning_again_to_the_same_service_and_date_changes_nothing(
    council, dsi, staff_user, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    token = _token(question)
    with django_capture_on_commit_callbacks(execute=True):
        _assign(question, dsi, staff_user)
    assert AnswerRequest.objects.count() == 1
    assert _token(question) == token
    assert mail.outbox == []


def test_a_new_due_date_moves_the_expiry_and_keeps_the_link(council, dsi, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    token = _token(question)
    _assign(question, dsi, staff_user, due_on=datetime.date(2026, 1, 9))
    assert _token(question) == token
    assert _request(question).expires_at == datetime.datetime(2026, 1, 24, 0, 0, tzinfo=PARIS)


def test_an_inactive_service_gets_no_question(council, staff_user):
    closed = AnsweringServiceFactory(is_active=False)
    with pytest.raises(ValidationError):
        _assign(QuestionFactory(), closed, staff_user)


def test_withdrawing_the_question_closes_the_link(council, dsi, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    question_withdraw(question=question, actor=staff_user)
    with pytest.raises(AnswerLinkClosed) as closed:
        answer_link_check(AnswerRequest.objects.get(question=question))
    assert closed.value.code == "withdrawn"


# --- Reminder -------------------------------------------------------------------------------


def test_the_reminder_goes_once_three_days_before_the_due_date_at_nine(
    council, dsi, staff_user, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        assert answer_reminders_send(now=datetime.datetime(2025, 12, 16, 8, 59, tzinfo=PARIS)) == 0
        assert answer_reminders_send(now=datetime.datetime(2025, 12, 16, 9, 5, tzinfo=PARIS)) == 1
        assert answer_reminders_send(now=datetime.datetime(2025, 12, 16, 9, 20, tzinfo=PARIS)) == 0
        assert answer_reminders_send(now=datetime.datetime(2025, 12, 18, 9, 0, tzinfo=PARIS)) == 0

    reminders = [m for m in mail.outbox if m.subject.startswith("Rappel")]
    assert sorted(m.to[0] for m in reminders) == ["dsi@example.org", "secretariat.dsi@example.org"]
    assert reminders[0].subject == f"Rappel{NBSP}: réponse attendue pour le vendredi 19 décembre 2025"
    assert URL.search(reminders[0].body).group(0).endswith(f"/{_token(question)}/")  # the same link
    assert Notification.objects.filter(kind="answer_reminder").count() == 2
    assert (
        AuditEntry.objects.filter(action="answer_reminder_sent", about=about_key(_request(question))).count()
        == 1
    )


def test_no_reminder_once_the_answer_is_sent(council, dsi, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    answer_request = _request(question)
    with time_machine.travel(datetime.datetime(2025, 12, 10, 14, 0, tzinfo=PARIS), tick=False):
        answer_draft_save(
            link=answer_request, request_id=answer_request.pk, text="Environ 40 000 €.", submit=True
        )
    assert answer_reminders_send(now=datetime.datetime(2025, 12, 16, 9, 5, tzinfo=PARIS)) == 0


def test_a_question_given_after_its_reminder_moment_gets_no_reminder(council, dsi, staff_user):
    question = QuestionFactory()
    # Given on Wednesday 17 December, due on Friday 19: the reminder would have been on the 16th.
    _assign(question, dsi, staff_user, at=datetime.datetime(2025, 12, 17, 10, 0, tzinfo=PARIS))
    assert answer_reminders_send(now=datetime.datetime(2025, 12, 17, 10, 15, tzinfo=PARIS)) == 0
    assert answer_reminders_send(now=datetime.datetime(2025, 12, 18, 9, 15, tzinfo=PARIS)) == 0


def test_a_service_without_an_address_gets_no_question(council, staff_user):
    # A name typed before the directory existed becomes an entry without address (migration 0005).
    carried_over = AnsweringService.objects.create(name="Service des sports", emails="")
    with pytest.raises(ValidationError) as error:
        _assign(QuestionFactory(), carried_over, staff_user)
    assert "n’a pas d’adresse e-mail" in str(error.value)


def test_the_reminder_task_is_in_the_beat_schedule():
    from cln_portal.beat import PERIODIC_TASKS
    from workstreams.tasks import send_answer_reminders

    assert send_answer_reminders.name in {spec.task for spec in PERIODIC_TASKS}


# --- Draft, review, publication -------------------------------------------------------------


def test_publishing_the_services_answer_tells_the_asker_and_followers_in_their_language(
    council, dsi, staff_user, django_capture_on_commit_callbacks
):
    asker = MemberFactory(user__email="asker@example.org")
    follower = MemberFactory(user__email="follower@example.org", user__language="en")
    question = QuestionFactory(raised_by=asker, text="Quel est le coût annuel ?")
    question.followers.add(asker, follower)
    _assign(question, dsi, staff_user)
    answer_request = _request(question)
    with time_machine.travel(datetime.datetime(2025, 12, 10, 14, 0, tzinfo=PARIS), tick=False):
        answer_draft_save(link=answer_request, request_id=answer_request.pk, text="Environ 40 000 €.")
        answer_draft_save(
            link=answer_request, request_id=answer_request.pk, text="Environ 40 000 € par an.", submit=True
        )
    mail.outbox.clear()

    with (
        time_machine.travel(datetime.datetime(2025, 12, 12, 11, 0, tzinfo=PARIS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        answer_request_publish(
            answer_request=answer_request,
            answer="Environ 40 000 € par an, licences comprises.",
            actor=staff_user,
        )

    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer == "Environ 40 000 € par an, licences comprises."
    assert question.answered_by_service == "Direction des systèmes d’information"
    assert question.answered_on == datetime.date(2025, 12, 12)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"asker@example.org", "follower@example.org"}
    assert "vous avez posé cette question" in by_address["asker@example.org"].body
    assert "you follow this question" in by_address["follower@example.org"].body
    assert "licences comprises" in by_address["follower@example.org"].body
    with pytest.raises(AnswerLinkClosed) as closed:
        answer_link_check(AnswerRequest.objects.get(pk=answer_request.pk))
    assert closed.value.code == "answered"
    with pytest.raises(ValidationError):  # published once: the request is closed
        answer_request_publish(answer_request=answer_request, answer="Autre chose.", actor=staff_user)


def test_an_empty_answer_is_not_sent(council, dsi, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    answer_request = _request(question)
    with time_machine.travel(ASSIGNED, tick=False), pytest.raises(ValidationError) as error:
        answer_draft_save(link=answer_request, request_id=answer_request.pk, text="   ", submit=True)
    assert error.value.message_dict == {"draft": ["Écrivez la réponse avant de l’envoyer."]}


def test_each_step_is_in_the_audit_history(council, dsi, legal, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    _assign(question, legal, staff_user)
    answer_request = _request(question)
    with time_machine.travel(ASSIGNED + datetime.timedelta(days=1), tick=False):
        answer_draft_save(link=answer_request, request_id=answer_request.pk, text="Brouillon.")
        answer_draft_save(link=answer_request, request_id=answer_request.pk, text="Réponse.", submit=True)
        answer_reminders_send(now=datetime.datetime(2025, 12, 16, 9, 5, tzinfo=PARIS))
        answer_request_publish(answer_request=answer_request, answer="Réponse.", actor=staff_user)

    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "answer_request_sent",
        "question_assigned",
        "answer_request_closed",  # the DSI's link, on reassignment
        "answer_request_sent",
        "question_assigned",
        "answer_draft_saved",
        "answer_draft_submitted",
        "answer_request_closed",  # answered
        "question_answered",
    ]
    sent = AuditEntry.objects.filter(action="answer_request_sent").order_by("pk").last()
    assert sent.actor == staff_user
    assert sent.about == about_key(answer_request)
    assert sent.changes["service"] == [None, "Service juridique"]


# --- The directory ----------------------------------------------------------------------------


def test_the_directory_refuses_a_duplicate_name_and_a_bad_address(staff_user):
    answering_service_save(service=AnsweringService(name="DSI", emails="dsi@example.org"), actor=staff_user)
    with pytest.raises(ValidationError) as error:
        answering_service_save(
            service=AnsweringService(name="  dsi ", emails="a@example.org"), actor=staff_user
        )
    assert "porte déjà ce nom" in str(error.value)
    with pytest.raises(ValidationError) as error:
        answering_service_save(
            service=AnsweringService(name="Juridique", emails="juridique@"), actor=staff_user
        )
    assert error.value.message_dict == {
        "emails": [f"«{NBSP}juridique@{NBSP}» n’est pas une adresse e-mail valide."]
    }


def test_renaming_a_service_renames_it_on_the_questions_it_answers(council, dsi, staff_user):
    question = QuestionFactory()
    _assign(question, dsi, staff_user)
    dsi.name = "Direction du numérique"
    answering_service_save(service=dsi, actor=staff_user)
    question.refresh_from_db()
    assert question.assigned_service == "Direction du numérique"
    entry = AuditEntry.objects.get(action="answering_service_saved")
    assert entry.changes == {"name": ["Direction des systèmes d’information", "Direction du numérique"]}


def test_the_migration_turns_the_typed_names_into_directory_entries():
    migration = importlib.import_module("workstreams.migrations.0005_answering_services")
    first = QuestionFactory(assigned_service="DSI", status=QuestionStatus.IN_PROGRESS)
    second = QuestionFactory(assigned_service=" dsi ", status=QuestionStatus.IN_PROGRESS)
    other = QuestionFactory(assigned_service="Service juridique", status=QuestionStatus.IN_PROGRESS)
    untouched = QuestionFactory()

    migration.directory_from_names(apps, None)

    assert sorted(AnsweringService.objects.values_list("name", flat=True)) == ["DSI", "Service juridique"]
    services = dict(Question.objects.values_list("pk", "answering_service__name"))
    assert services == {first.pk: "DSI", second.pk: "DSI", other.pk: "Service juridique", untouched.pk: None}


# --- The service's page (views) ---------------------------------------------------------------


def _page(question) -> str:
    return reverse("workstreams:service_answers", args=[_token(question)])


def test_the_services_page_lists_its_own_questions_only(client, council, dsi, legal, staff_user):
    ours = QuestionFactory(text="Combien de postes informatiques dans les écoles ?")
    theirs = QuestionFactory(text="Quelle base légale pour le traitement ?")
    _assign(ours, dsi, staff_user, at=datetime.datetime.now(tz=PARIS), due_on=datetime.date(2099, 1, 1))
    _assign(theirs, legal, staff_user, at=datetime.datetime.now(tz=PARIS), due_on=datetime.date(2099, 1, 1))

    response = client.get(_page(ours))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Combien de postes informatiques" in text
    assert "Quelle base légale" not in text
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "private, no-store"


@pytest.fixture
def open_request(council, dsi, staff_user):
    question = QuestionFactory(text="Combien de postes informatiques dans les écoles ?")
    _assign(question, dsi, staff_user, at=datetime.datetime.now(tz=PARIS), due_on=datetime.date(2099, 1, 1))
    return _request(question)


def test_saving_then_sending_the_draft_from_the_page(client, open_request):
    page = _page(open_request.question)

    response = client.post(page, {"request": open_request.pk, "draft": "Environ 1 200.", "action": "save"})
    assert response.status_code == 302 and response.url == f"{page}#demande-{open_request.pk}"
    open_request.refresh_from_db()
    assert (open_request.draft, open_request.submitted_at) == ("Environ 1 200.", None)
    assert "Votre brouillon est enregistré" in client.get(page).content.decode()

    client.post(page, {"request": open_request.pk, "draft": "Environ 1 200 postes.", "action": "submit"})
    open_request.refresh_from_db()
    assert open_request.draft == "Environ 1 200 postes." and open_request.submitted_at is not None


def test_staff_get_one_e_mail_and_a_count_on_their_home_when_a_service_sends_its_answer(
    client, open_request, staff_user, django_capture_on_commit_callbacks
):
    page = _page(open_request.question)
    mail.outbox.clear()
    client.post(page, {"request": open_request.pk, "draft": "Environ 1 200.", "action": "save"})
    assert mail.outbox == []  # a draft tells nobody

    with django_capture_on_commit_callbacks(execute=True):
        for text in ("Environ 1 200 postes.", "Environ 1 250 postes."):  # sent, then corrected
            client.post(page, {"request": open_request.pk, "draft": text, "action": "submit"})

    (message,) = mail.outbox
    assert message.to == ["participation@example.org"]
    assert message.subject == (
        f"Réponse à publier{NBSP}: Direction des systèmes d’information a répondu à une question"
    )
    assert reverse("workstreams:answer_review", args=[open_request.pk]) in message.body
    client.force_login(staff_user)
    home = client.get(reverse("home:staff_home")).content.decode()
    assert "1 réponse de service à publier" in home
    assert reverse("workstreams:answer_requests") in home


def test_the_confirmation_names_the_councils_service(client, open_request, council):
    council.service = "Mission démocratie locale"
    council.save()
    page = _page(open_request.question)

    response = client.post(
        page, {"request": open_request.pk, "draft": "Environ 1 200.", "action": "submit"}, follow=True
    )

    text = response.content.decode()
    assert "Votre réponse est envoyée. Mission démocratie locale la relit avant de la publier. Merci." in text
    assert "Participation citoyenne" not in text


def test_posting_another_services_question_is_refused_in_french(client, open_request, legal, staff_user):
    theirs = QuestionFactory()
    _assign(theirs, legal, staff_user, at=datetime.datetime.now(tz=PARIS), due_on=datetime.date(2099, 1, 1))
    other = _request(theirs)

    response = client.post(
        _page(open_request.question), {"request": other.pk, "draft": "Intrusion.", "action": "submit"}
    )

    assert response.status_code == 403
    assert "ce lien ne permet pas d’y répondre" in response.content.decode()
    other.refresh_from_db()
    assert other.draft == ""


@pytest.mark.parametrize(
    "body",
    [
        {"request": "douze", "draft": "x", "action": "save"},
        {"draft": "x", "action": "save"},
        {"request": "999999", "draft": "x", "action": "submit"},
        {"request": "1" * 40, "draft": "x", "action": "save"},
    ],
)
def test_bad_input_on_the_page_gets_a_french_message_never_a_500(client, open_request, body):
    response = client.post(_page(open_request.question), body)
    assert response.status_code in (400, 403)
    assert "rechargez la page" in response.content.decode() or "ne permet pas" in response.content.decode()


def test_sending_an_empty_answer_says_what_to_do(client, open_request):
    response = client.post(
        _page(open_request.question), {"request": open_request.pk, "draft": "", "action": "submit"}
    )
    assert response.status_code == 400
    assert "Écrivez la réponse avant de l’envoyer." in response.content.decode()


def test_a_cut_link_explains_itself_and_says_whom_to_contact(client, open_request):
    token = answer_link_token(open_request)
    for broken in (token[:-6], "jeton-inconnu"):
        response = client.get(reverse("workstreams:service_answers", args=[broken]))
        assert response.status_code == 400
        text = response.content.decode()
        assert "Ce lien n’est pas valide" in text and "il a peut-être été coupé" in text
        assert "participation@example.org" in text
        assert response["Cache-Control"] == "private, no-store"
    AnswerRequest.objects.filter(pk=open_request.pk).update(key="autre-cle")
    response = client.get(reverse("workstreams:service_answers", args=[token]))
    assert response.status_code == 410 and "participation@example.org" in response.content.decode()


def test_an_expired_link_says_whom_to_contact(client, open_request):
    AnswerRequest.objects.update(expires_at=datetime.datetime(2025, 1, 1, tzinfo=PARIS))

    page = _page(open_request.question)
    response = client.get(page)
    assert response.status_code == 410
    text = response.content.decode()
    assert "Ce lien a expiré" in text and "participation@example.org" in text
    response = client.post(page, {"request": open_request.pk, "draft": "Trop tard.", "action": "submit"})
    assert response.status_code == 410
    open_request.refresh_from_db()
    assert open_request.draft == ""


def test_the_services_page_query_count_does_not_grow(
    client, open_request, dsi, staff_user, django_assert_num_queries
):
    page = _page(open_request.question)
    # the request of the link, the council (whom to contact), the open requests with their
    # questions, the council again for the layout (read once per process outside tests)
    with django_assert_num_queries(4):
        client.get(page)
    for _ in range(3):
        _assign(
            QuestionFactory(),
            dsi,
            staff_user,
            at=datetime.datetime.now(tz=PARIS),
            due_on=datetime.date(2099, 1, 1),
        )
    with django_assert_num_queries(4):
        assert client.get(page).content.decode().count("Envoyer la réponse") == 4


# --- Staff pages ------------------------------------------------------------------------------


def test_staff_publish_the_service_answer_from_the_review_page(
    client, open_request, staff_user, django_capture_on_commit_callbacks
):
    asker = MemberFactory(user__email="asker@example.org")
    Question.objects.filter(pk=open_request.question_id).update(raised_by=asker)
    answer_draft_save(
        link=open_request, request_id=open_request.pk, text="Environ 1 200 postes.", submit=True
    )
    client.force_login(staff_user)
    review = reverse("workstreams:answer_review", args=[open_request.pk])

    assert "Environ 1 200 postes." in client.get(review).content.decode()
    listing = client.get(reverse("workstreams:open_questions")).content.decode()
    assert "réponse du service reçue, à publier" in listing

    version = answer_services.draft_version(_request(open_request.question))
    response = client.post(review, {"answer": "", "answered_on": "", "draft_version": version})
    assert response.status_code == 400
    assert "Écrivez la réponse apportée." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review,
            {
                "answer": "Environ 1 200 postes, écoles comprises.",
                "answered_on": "",
                "draft_version": version,
            },
        )
    assert response.status_code == 302
    question = Question.objects.get(pk=open_request.question_id)
    assert question.answer == "Environ 1 200 postes, écoles comprises."
    assert [m.to for m in mail.outbox if "Réponse" in m.subject] == [["asker@example.org"]]
    page = client.get(response.url).content.decode()
    assert "1 personne en est prévenue par e-mail" in page


def test_publishing_an_answer_nobody_follows_says_so(client, open_request, staff_user):
    answer_draft_save(link=open_request, request_id=open_request.pk, text="Environ 1 200.", submit=True)
    client.force_login(staff_user)
    review = reverse("workstreams:answer_review", args=[open_request.pk])
    version = answer_services.draft_version(_request(open_request.question))

    response = client.post(
        review, {"answer": "Environ 1 200.", "answered_on": "", "draft_version": version}, follow=True
    )

    page = response.content.decode()
    assert "personne ne suit cette question" in page
    assert "la personne qui a posé la question et celles qui la suivent sont prévenues" not in page


def _hidden_version(html: str) -> str:
    return re.search(r'name="draft_version" value="([^"]*)"', html).group(1)


def test_publishing_is_refused_when_the_service_changed_its_draft_since_the_page_was_loaded(
    client, open_request, staff_user
):
    answer_draft_save(link=open_request, request_id=open_request.pk, text="Environ 1 200.", submit=True)
    client.force_login(staff_user)
    review = reverse("workstreams:answer_review", args=[open_request.pk])
    loaded = _hidden_version(client.get(review).content.decode())
    # Meanwhile the service corrects its answer through its link.
    with time_machine.travel(datetime.timedelta(minutes=5)):
        answer_draft_save(
            link=open_request, request_id=open_request.pk, text="Exactement 1 342 postes.", submit=True
        )

    response = client.post(
        review, {"answer": "Environ 1 200, relu.", "answered_on": "", "draft_version": loaded}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le service a modifié sa réponse" in html and "Exactement 1 342 postes." in html
    assert "Environ 1 200, relu." in html  # what staff typed is kept
    assert Question.objects.get(pk=open_request.question_id).answer == ""

    # Having read it, staff publish knowingly: the form now carries the new version.
    response = client.post(
        review,
        {"answer": "Exactement 1 342 postes.", "answered_on": "", "draft_version": _hidden_version(html)},
    )
    assert response.status_code == 302
    assert Question.objects.get(pk=open_request.question_id).answer == "Exactement 1 342 postes."


def test_staff_assign_from_the_question_page_with_a_due_date(client, council, dsi, staff_user):
    question = QuestionFactory()
    client.force_login(staff_user)
    url = reverse("workstreams:question_assign", args=[question.pk])

    response = client.post(url, {"service": dsi.pk, "due_on": "2020-01-01"})
    assert response.status_code == 400
    assert "ne peut pas être dans le passé" in response.content.decode()
    response = client.post(url, {"service": "n’importe quoi", "due_on": "demain"})
    assert response.status_code == 400
    assert "Choisissez un service de l’annuaire." in response.content.decode()

    response = client.post(url, {"service": dsi.pk, "due_on": "2099-01-01"})
    assert response.status_code == 302
    assert _request(question).service == dsi


def test_staff_manage_the_directory(client, staff_user):
    client.force_login(staff_user)
    create = reverse("workstreams:answering_service_create")
    response = client.post(create, {"name": "DSI", "emails": "pas-une-adresse", "is_active": "on"})
    assert response.status_code == 400
    assert "n’est pas une adresse e-mail valide" in response.content.decode()

    response = client.post(
        create, {"name": "DSI", "emails": "dsi@example.org, DSI2@example.org", "is_active": "on"}
    )
    assert response.status_code == 302
    service = AnsweringService.objects.get(name="DSI")
    assert service.email_list == ["dsi@example.org", "dsi2@example.org"]
    assert "dsi2@example.org" in client.get(reverse("workstreams:answering_services")).content.decode()

    response = client.post(create, {"name": "dsi", "emails": "autre@example.org"})
    assert response.status_code == 400
    assert "porte déjà ce nom" in response.content.decode()


def test_members_cannot_reach_the_staff_pages(client, member_user, open_request):
    client.force_login(member_user)
    for url in (
        reverse("workstreams:answering_services"),
        reverse("workstreams:answering_service_create"),
        reverse("workstreams:answer_requests"),
        reverse("workstreams:answer_review", args=[open_request.pk]),
    ):
        assert client.get(url).status_code == 403


def test_staff_lists_query_counts_do_not_grow(
    client, staff_user, open_request, dsi, django_assert_num_queries
):
    client.force_login(staff_user)
    pages = [reverse("workstreams:answering_services"), reverse("workstreams:answer_requests")]
    for page in pages:
        # session user, council (layout), the list in one query
        with django_assert_num_queries(3):
            client.get(page)
    for _ in range(3):
        AnsweringServiceFactory()
        _assign(
            QuestionFactory(),
            dsi,
            staff_user,
            at=datetime.datetime.now(tz=PARIS),
            due_on=datetime.date(2099, 1, 1),
        )
    for page in pages:
        with django_assert_num_queries(3):
            client.get(page)


def test_staff_tables_and_the_services_e_mail_show_the_questions_markup_not_its_syntax(
    client, council, dsi, staff_user, django_capture_on_commit_callbacks
):
    question = QuestionFactory(text="Que retenir de *[Open Education Global]{lang=en}* ?")
    with django_capture_on_commit_callbacks(execute=True):
        _assign(
            question, dsi, staff_user, at=datetime.datetime.now(tz=PARIS), due_on=datetime.date(2099, 1, 1)
        )

    body = mail.outbox[0].body
    assert "Que retenir de Open Education Global\u202f?" in body
    assert "{lang=en}" not in body and "*[" not in body
    client.force_login(staff_user)
    for name in ("workstreams:open_questions", "workstreams:answer_requests"):
        html = client.get(reverse(name)).content.decode()
        assert '<em><span lang="en">Open Education Global</span></em>\u202f?' in html, name
        assert "{lang=en}" not in html, name


def test_the_draft_box_says_its_limit_and_the_message_writes_it_the_french_way(client, open_request):
    page = _page(open_request.question)
    assert re.search(r'<textarea[^>]*maxlength="20000"', client.get(page).content.decode())

    response = client.post(page, {"request": open_request.pk, "draft": "a" * 20001, "action": "save"})

    assert response.status_code == 400
    assert "20\u202f000\u00a0caractères" in response.content.decode()
    open_request.refresh_from_db()
    assert open_request.draft == ""
    # A line break counts as one character, as the browser counted it.
    response = client.post(page, {"request": open_request.pk, "draft": "a\r\n" * 6000, "action": "save"})
    assert response.status_code == 302


def test_the_directory_form_puts_one_error_on_each_field(client, staff_user):
    AnsweringServiceFactory(name="DSI", emails="dsi@example.org")
    client.force_login(staff_user)

    response = client.post(
        reverse("workstreams:answering_service_create"), {"name": " dsi ", "emails": "  ", "is_active": "on"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    # Each once in the summary (linked to its field) and once under its field, nowhere else.
    assert html.count("porte déjà ce nom") == 2 and html.count("Indiquez au moins une adresse e-mail") == 2
    assert '<a href="#id_name">Nom du service' in html
    assert response.context["form"].errors == {
        "name": ["Un service de l’annuaire porte déjà ce nom."],
        "emails": ["Indiquez au moins une adresse e-mail."],
    }
    assert "Le formulaire contient 2 erreurs" in html
