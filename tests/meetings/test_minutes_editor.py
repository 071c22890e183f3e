"""The staff minutes editor: creating, writing a section from the axis records, annexes
checked by content and size, stale edits, and who may open it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import AuditEntry
from notifications.models import Notification
from notifications.services import about_key
from sessions.minutes.checks import minutes_check
from sessions.minutes.services import minutes_publish, record_fingerprint
from sessions.models import AgendaItem, Annex, Minutes, MinutesSection, MinutesStatus
from workstreams.models import Question, QuestionStatus, QuestionTheme
from workstreams.notification_kinds import QUESTION_ANSWERED

from .factories import MeetingFactory, QuestionFactory, WorkstreamFactory, build_minutes
from .minutes_support import councillor, login_staff, pdf_bytes, png_bytes, sitting_with_minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    login_staff(client, staff_user)
    return client


@pytest.fixture
def minutes():
    return sitting_with_minutes(present=[councillor("Anna", "Lenoir")])


def _edit_url(minutes, kind, pk):
    return reverse("meetings:minutes_item_edit", args=[minutes.pk, kind, pk])


def test_editor_pages_are_for_staff_only(client, member_user, minutes):
    urls = [
        reverse("meetings:minutes_create"),
        reverse("meetings:minutes_edit", args=[minutes.pk]),
        reverse("meetings:minutes_item_create", args=[minutes.pk, "note"]),
        reverse("meetings:minutes_publish", args=[minutes.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(member_user)
    for url in urls:
        assert client.get(url).status_code == 403


def test_staff_start_minutes_with_one_section_per_agenda_item(staff_client):
    meeting = MeetingFactory()
    workstream = WorkstreamFactory(title="Budget numérique")
    AgendaItem.objects.create(meeting=meeting, order=0, title="Budget numérique", workstream=workstream)
    AgendaItem.objects.create(meeting=meeting, order=1, title="Questions diverses")
    page = staff_client.get(reverse("meetings:minutes_create") + f"?seance={meeting.pk}")
    assert page.status_code == 200 and "Rédiger le compte-rendu de la séance du" in page.content.decode()
    response = staff_client.post(
        reverse("meetings:minutes_create"),
        {
            "meeting": meeting.pk,
            "title": "CR de la séance",
            "issued_on": "2025-12-02",
            "visibility": "members",
        },
    )
    minutes = Minutes.objects.get(meeting=meeting)
    assert response["Location"] == reverse("meetings:minutes_edit", args=[minutes.pk])
    assert minutes.status == MinutesStatus.DRAFT
    assert list(minutes.sections.values_list("title", "workstream")) == [
        ("Budget numérique", workstream.pk),
        ("Questions diverses", None),
    ]


def test_writing_a_section_and_its_questions_answered_on_the_spot(staff_client, minutes, staff_user):
    section = minutes.sections.get()
    page = staff_client.get(_edit_url(minutes, "section", section.pk))
    assert page.status_code == 200
    fingerprint = page.context["form"]["fingerprint"].value()
    response = staff_client.post(
        _edit_url(minutes, "section", section.pk),
        {
            "part": 1,
            "order": 0,
            "title": "Budget numérique",
            "workstream": section.workstream_id,
            "body": "Le budget a été **présenté**.",
            "fingerprint": fingerprint,
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "Le budget a été **présenté**."

    url = reverse("meetings:minutes_item_create", args=[minutes.pk, "question"]) + f"?section={section.pk}"
    response = staff_client.post(
        url,
        {
            "section": section.pk,
            "new_theme": "Sur le périmètre budgétaire",
            "text": "Quel est le montant ?",
            "order": 0,
            "answer": "Deux millions d’euros.",
            "answered_by_service": "Direction des finances",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.get(text="Quel est le montant ?")
    assert question.workstream_id == section.workstream_id and question.raised_at == minutes.meeting
    assert question.status == QuestionStatus.ANSWERED and question.answered_at_meeting == minutes.meeting
    assert question.answered_on == minutes.meeting.date
    assert QuestionTheme.objects.get(workstream=section.workstream).title == "Sur le périmètre budgétaire"
    # An answer without who gave it is refused, with the text kept.
    response = staff_client.post(
        url, {"section": section.pk, "text": "Et demain ?", "order": 1, "answer": "Oui."}
    )
    assert response.status_code == 400
    assert (
        "Indiquez qui a répondu" in response.content.decode() and "Et demain ?" in response.content.decode()
    )
    # The section page lists it under its theme; the minutes print it.
    page = staff_client.get(_edit_url(minutes, "section", section.pk)).content.decode()
    assert "Sur le périmètre budgétaire" in page and "Quel est le montant" in page
    detail = staff_client.get(minutes.get_absolute_url()).content.decode()
    assert "Deux millions d’euros." in detail


def test_editor_home_query_count_does_not_grow(staff_client, django_assert_max_num_queries):
    small = build_minutes(status=MinutesStatus.DRAFT, workstreams=1, footnotes=1)
    with django_assert_max_num_queries(40) as small_queries:
        assert staff_client.get(reverse("meetings:minutes_edit", args=[small.pk])).status_code == 200
    large = build_minutes(
        status=MinutesStatus.DRAFT,
        workstreams=5,
        footnotes=5,
        people=12,
        meeting_starts_at=small.meeting.starts_at.replace(year=2026),
    )
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        assert staff_client.get(reverse("meetings:minutes_edit", args=[large.pk])).status_code == 200


def test_two_staff_editing_the_same_section_the_second_save_is_stopped(
    staff_client, minutes, django_user_model
):
    section = minutes.sections.get()
    opened = record_fingerprint(section)  # staff A opens the form
    # Staff B saves first.
    MinutesSection.objects.filter(pk=section.pk).update(body="Texte de B, enregistré entre-temps.")
    data = {
        "part": 1,
        "order": 0,
        "title": section.title,
        "workstream": section.workstream_id,
        "body": "Texte de A, tapé longuement.",
        "fingerprint": opened,
    }
    response = staff_client.post(_edit_url(minutes, "section", section.pk), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Quelqu’un a enregistré une autre modification" in html
    assert "Texte de A, tapé longuement." in html  # nothing typed is lost
    assert "Texte de B, enregistré entre-temps." in html  # the newer text is shown
    section.refresh_from_db()
    assert section.body == "Texte de B, enregistré entre-temps."
    # Submitting again, knowingly, saves A's text.
    data["fingerprint"] = response.context["form"]["fingerprint"].value()
    assert staff_client.post(_edit_url(minutes, "section", section.pk), data).status_code == 302
    section.refresh_from_db()
    assert section.body == "Texte de A, tapé longuement."


def test_stale_edit_of_the_minutes_opening(staff_client, minutes):
    page = staff_client.get(reverse("meetings:minutes_edit", args=[minutes.pk]))
    fingerprint = page.context["form"]["fingerprint"].value()
    Minutes.objects.filter(pk=minutes.pk).update(opening="Ouverture de B.")
    response = staff_client.post(
        reverse("meetings:minutes_edit", args=[minutes.pk]),
        {
            "title": minutes.title,
            "addressee": minutes.addressee,
            "issued_on": "2025-12-02",
            "visibility": "members",
            "opening": "Ouverture de A.",
            "fingerprint": fingerprint,
        },
    )
    assert response.status_code == 200
    assert "Quelqu’un a enregistré" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.opening == "Ouverture de B."


def _upload(staff_client, minutes, upload, **extra):
    return staff_client.post(
        reverse("meetings:minutes_item_create", args=[minutes.pk, "annexe"]),
        {"title": "Présentation", "order": 0, "caption": "", "file": upload, **extra},
    )


def test_an_annex_named_pdf_that_is_really_text_is_refused(staff_client, minutes):
    fake = SimpleUploadedFile("diaporama.pdf", b"<html>not a pdf</html>" * 10, content_type="application/pdf")
    response = _upload(staff_client, minutes, fake)
    assert response.status_code == 400
    assert "n’est ni un PDF, ni une image PNG ou JPEG" in response.content.decode()
    assert not Annex.objects.filter(minutes=minutes).exists()


def test_an_oversize_annex_is_refused(staff_client, minutes, settings):
    settings.MINUTES_ANNEX_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile(
        "gros.pdf", pdf_bytes() + b"0" * (1024 * 1024 + 1), content_type="application/pdf"
    )
    response = _upload(staff_client, minutes, big)
    assert response.status_code == 400
    assert "la limite est de 1 Mo" in response.content.decode()
    assert not Annex.objects.filter(minutes=minutes).exists()


def test_an_image_annex_needs_a_caption_and_is_stored_by_its_content(staff_client, minutes, client):
    image = SimpleUploadedFile("photo.pdf", png_bytes(), content_type="application/pdf")
    response = _upload(staff_client, minutes, image)
    assert response.status_code == 400 and "demande une légende" in response.content.decode()
    image = SimpleUploadedFile("photo.pdf", png_bytes(), content_type="application/pdf")
    response = _upload(staff_client, minutes, image, caption="Carte des secteurs")
    assert response.status_code == 302
    annex = Annex.objects.get(minutes=minutes)
    assert annex.file.name.endswith(".png")
    detail = staff_client.get(minutes.get_absolute_url()).content.decode()
    file_url = reverse("meetings:minutes_annex_file", args=[annex.pk])
    assert f'src="{file_url}" alt="Carte des secteurs"' in detail
    served = staff_client.get(file_url)
    assert served["Content-Type"] == "image/png"
    assert served.getvalue().startswith(b"\x89PNG")  # read to the end: the stored file is closed
    # The draft's annex is no more public than the draft.
    client.logout()
    assert client.get(file_url).status_code == 404


def test_deleting_asks_for_confirmation(staff_client, minutes):
    section = minutes.sections.get()
    url = reverse("meetings:minutes_item_delete", args=[minutes.pk, "section", section.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and "Supprimer définitivement" in page.content.decode()
    assert MinutesSection.objects.filter(pk=section.pk).exists()
    staff_client.post(url)
    assert not MinutesSection.objects.filter(pk=section.pk).exists()


def test_a_record_of_other_minutes_is_a_404(staff_client, minutes):
    other = sitting_with_minutes()
    section = other.sections.get()
    assert staff_client.get(_edit_url(minutes, "section", section.pk)).status_code == 404
    assert (
        staff_client.get(reverse("meetings:minutes_item_create", args=[minutes.pk, "nimporte"])).status_code
        == 404
    )


def _answer_in_editor(staff_client, minutes, question, **extra):
    section = minutes.sections.get()
    return staff_client.post(
        _edit_url(minutes, "question", question.pk),
        {
            "section": section.pk,
            "text": question.text,
            "order": 0,
            "raised_by": question.raised_by_id or "",
            "answer": "Deux millions d’euros.",
            "answered_by_service": "Direction des finances",
            **extra,
        },
    )


def test_editor_refuses_an_answer_to_a_withdrawn_question_as_the_axis_pages_do(staff_client, minutes):
    question = QuestionFactory(
        workstream=minutes.sections.get().workstream,
        raised_at=minutes.meeting,
        status=QuestionStatus.WITHDRAWN,
    )

    response = _answer_in_editor(staff_client, minutes, question)

    # Refused in French, as every refused editor post (400), nothing saved.
    assert response.status_code == 400
    assert "Cette question a été retirée" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.WITHDRAWN and question.answer == ""


def test_answer_typed_in_draft_minutes_is_e_mailed_at_publication(
    staff_client, minutes, staff_user, django_capture_on_commit_callbacks
):
    asker = councillor("Nadia", "Amrani", user__email="nadia@example.org")
    follower = councillor("Jules", "Perrin", user__email="jules@example.org")
    question = QuestionFactory(
        workstream=minutes.sections.get().workstream, raised_at=minutes.meeting, raised_by=asker
    )
    question.followers.add(follower)

    with django_capture_on_commit_callbacks(execute=True):
        response = _answer_in_editor(staff_client, minutes, question)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    # Staff are still drafting: nobody is told yet; the answer is in the audit history.
    assert not Notification.objects.filter(kind=QUESTION_ANSWERED).exists()
    assert AuditEntry.objects.get(action="question_answered", about=about_key(question)).actor == staff_user

    warnings = [w.key for w in minutes_check(minutes=minutes)]
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(minutes=minutes, actor=staff_user, acknowledged_warnings=warnings)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.PUBLISHED

    told = Notification.objects.filter(kind=QUESTION_ANSWERED, about=about_key(question))
    assert sorted(told.values_list("recipient", flat=True)) == ["jules@example.org", "nadia@example.org"]
