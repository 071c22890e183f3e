"""The one-page section editor (issue 12 §2): one submit writes a whole section, questions
pasted one per line, order by « monter / descendre » (no typed number), free text before or
after the questions, sections without axis outside « Axes de travail identifiés », the
provisional PDF rendered by a task, and a history in French."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sessions.minutes.pdf import render_minutes_page_html
from sessions.minutes.services import record_fingerprint
from sessions.models import BodyPosition, MinutesEvent, MinutesSection, SectionPart
from workstreams.models import Question, QuestionStatus, QuestionTheme

from .factories import MinutesSectionFactory
from .minutes_support import councillor, login_staff, sitting_with_minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    login_staff(client, staff_user)
    return client


@pytest.fixture
def minutes():
    return sitting_with_minutes(present=[councillor("Anna", "Lenoir")])


@pytest.fixture
def section(minutes):
    return minutes.sections.get()


def _url(section):
    return reverse("meetings:minutes_section_edit", args=[section.minutes_id, section.pk])


def _form_data(page) -> dict:
    """Every field of the section editor as the browser would post it (from the page's form)."""
    form = page.context["editor"]
    data = {}
    for bound in [form.form, *[row for fs in form.formsets.values() for row in fs.forms]]:
        for field in bound:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            data[field.html_name] = value
    for formset in form.formsets.values():
        for field in formset.management_form:
            data[field.html_name] = field.value()
    return data


def _theme_prefix(page, title):
    return next(f.prefix for f in page.context["formsets"]["theme"].forms if f.instance.title == title)


def test_one_submit_writes_two_themes_and_ten_pasted_questions(staff_client, section):
    page = staff_client.get(_url(section))
    assert page.status_code == 200
    data = _form_data(page)
    data["section-body"] = "Les membres ont découvert le budget, ligne par ligne."
    data["theme-0-title"] = "Sur le périmètre budgétaire"
    data["theme-0-pasted"] = "\n".join(f"- Question budgétaire {n} ?" for n in range(1, 6))
    data["theme-1-title"] = "Sur l’analyse budgétaire"
    data["theme-1-pasted"] = "\n\n".join(f"Question d’analyse {n} ?" for n in range(1, 6))
    response = staff_client.post(_url(section), data)
    assert response.status_code == 302  # one submission for the whole section

    themes = list(QuestionTheme.objects.filter(workstream=section.workstream).order_by("order"))
    assert [t.title for t in themes] == ["Sur le périmètre budgétaire", "Sur l’analyse budgétaire"]
    first = list(Question.objects.filter(theme=themes[0]).order_by("order"))
    assert [q.text for q in first] == [f"Question budgétaire {n} ?" for n in range(1, 6)]
    assert [q.order for q in first] == [0, 1, 2, 3, 4]
    assert all(q.raised_at_id == section.minutes.meeting_id for q in first)
    assert Question.objects.filter(theme=themes[1]).count() == 5
    assert MinutesEvent.objects.filter(minutes=section.minutes, action="question_saved").count() == 10


def test_no_order_number_is_shown_and_rows_move_up_without_javascript(staff_client, section):
    theme = QuestionTheme.objects.create(workstream=section.workstream, title="Sur le budget", order=0)
    questions = [
        Question.objects.create(
            workstream=section.workstream,
            theme=theme,
            text=f"Q{n}",
            order=n,
            raised_at=section.minutes.meeting,
        )
        for n in range(3)
    ]
    page = staff_client.get(_url(section))
    html = page.content.decode()
    assert "Ordre" not in html and 'name="question-0-order"' not in html
    assert 'Monter<span class="visually-hidden"> la question 3</span>' in html
    data = _form_data(page)
    data["question-2-text"] = "Q2 retouchée"  # what is typed is saved with the move
    data["move"] = "question-2-up"
    response = staff_client.post(_url(section), data)
    assert response.status_code == 302 and response.url.endswith("#liste-question")
    ordered = list(Question.objects.filter(theme=theme).order_by("order").values_list("text", flat=True))
    assert ordered == ["Q0", "Q2 retouchée", "Q1"]
    assert {q.pk for q in questions} == set(Question.objects.values_list("pk", flat=True))


def test_deleting_needs_the_box_and_is_listed_in_the_message(staff_client, section):
    theme = QuestionTheme.objects.create(workstream=section.workstream, title="Sur le budget")
    keep = Question.objects.create(
        workstream=section.workstream, theme=theme, text="À garder", raised_at=section.minutes.meeting
    )
    gone = Question.objects.create(
        workstream=section.workstream, theme=theme, text="À supprimer", raised_at=section.minutes.meeting
    )
    page = staff_client.get(_url(section))
    data = _form_data(page)
    prefix = next(f.prefix for f in page.context["formsets"]["question"].forms if f.instance.pk == gone.pk)
    data[f"{prefix}-DELETE"] = "on"
    response = staff_client.post(_url(section), data, follow=True)
    assert list(Question.objects.values_list("pk", flat=True)) == [keep.pk]
    assert "Supprimé" in response.content.decode() and "À supprimer" in response.content.decode()


def test_an_answer_typed_in_the_editor_marks_the_question_answered(staff_client, section):
    Question.objects.create(
        workstream=section.workstream, text="Combien ?", raised_at=section.minutes.meeting
    )
    page = staff_client.get(_url(section))
    data = _form_data(page)
    data["question-0-answer"] = "Trois millions."
    response = staff_client.post(_url(section), data)
    assert response.status_code == 200  # who answered is required
    assert "Indiquez qui a répondu" in response.content.decode()
    data["question-0-answered_by_service"] = "DSI"
    assert staff_client.post(_url(section), data).status_code == 302
    question = Question.objects.get()
    assert (
        question.status == QuestionStatus.ANSWERED
        and question.answered_at_meeting_id == section.minutes.meeting_id
    )


def test_a_save_over_a_newer_one_is_refused_and_loses_nothing(staff_client, section):
    page = staff_client.get(_url(section))
    data = _form_data(page)
    MinutesSection.objects.filter(pk=section.pk).update(body="Texte enregistré par une collègue.")
    data["section-body"] = "Mon texte à moi."
    data["theme-0-title"] = "Sur un thème nouveau"
    response = staff_client.post(_url(section), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu’un a enregistré une autre modification" in html
    assert "Mon texte à moi." in html and "Texte enregistré par une collègue." in html
    assert not QuestionTheme.objects.exists()  # one transaction: nothing was written
    # Saving again is a choice: the form now carries the newer fingerprint.
    data = _form_data(response)
    assert staff_client.post(_url(section), data).status_code == 302
    section.refresh_from_db()
    assert section.body == "Mon texte à moi." and QuestionTheme.objects.count() == 1


def test_free_text_prints_before_or_after_the_questions(section):
    Question.objects.create(
        workstream=section.workstream, text="La question posée", raised_at=section.minutes.meeting
    )
    html = render_minutes_page_html(minutes=section.minutes)
    assert html.index("La question posée") < html.index("Les membres ont découvert le budget.")
    section.body_position = BodyPosition.BEFORE
    section.save()
    html = render_minutes_page_html(minutes=section.minutes)
    assert html.index("Les membres ont découvert le budget.") < html.index("La question posée")


def test_a_section_without_axis_is_not_filed_under_the_axes(minutes):
    MinutesSectionFactory(minutes=minutes, part=SectionPart.WORKSTREAMS, title="Questions diverses", order=1)
    html = render_minutes_page_html(minutes=minutes)
    axes = re.search(r'<section id="axes".*?</section>\s*</section>', html, re.S).group(0)
    assert "Budget numérique" in axes and "Questions diverses" not in axes
    assert re.search(r"<h2[^>]*>Questions diverses</h2>", html)


def test_section_page_query_count_does_not_grow_with_questions(
    staff_client, section, django_assert_num_queries
):
    theme = QuestionTheme.objects.create(workstream=section.workstream, title="Sur le budget")

    def add(count):
        for n in range(count):
            Question.objects.create(
                workstream=section.workstream,
                theme=theme,
                text=f"Question {n}",
                raised_by=councillor(f"P{n}", "Nom"),
                raised_at=section.minutes.meeting,
            )

    add(2)
    staff_client.get(_url(section))  # warm the session and the council cache
    with django_assert_num_queries(20):
        staff_client.get(_url(section))
    add(10)
    with django_assert_num_queries(20):
        staff_client.get(_url(section))


def test_draft_pdf_is_rendered_by_a_task_and_shows_progress(
    staff_client, section, django_capture_on_commit_callbacks
):
    url = reverse("meetings:minutes_draft_pdf", args=[section.minutes_id])
    assert "Aucun PDF provisoire" in staff_client.get(url).content.decode()
    section.minutes.__class__.objects.filter(pk=section.minutes_id).update()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(url)
    assert response.status_code == 302 and response.url == url
    waiting = staff_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting and 'aria-live="polite"' in waiting
    assert "en cours" in waiting
    for callback in callbacks:  # the worker's turn (eager in tests)
        callback()
    ready = staff_client.get(url).content.decode()
    assert "http-equiv" not in ready
    pdf = staff_client.get(reverse("meetings:minutes_draft_pdf_file", args=[section.minutes_id]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "Projet" in text or "PROJET" in text
    assert MinutesEvent.objects.filter(action="draft_pdf_rendered").exists()


def test_history_shows_french_labels_not_codes(staff_client, minutes):
    for action in ("footnote_created", "question_saved", "minutessection_updated", "draft_pdf_requested"):
        MinutesEvent.objects.create(minutes=minutes, action=action)
    html = staff_client.get(reverse("meetings:minutes_edit", args=[minutes.pk])).content.decode()
    assert "note de bas de page ajoutée" in html and "question enregistrée" in html
    for code in ("footnote_created", "question_saved", "minutessection_updated", "draft_pdf_requested"):
        assert code not in html


def test_sections_are_reordered_by_a_posted_order(staff_client, minutes):
    first = minutes.sections.get()
    second = MinutesSectionFactory(minutes=minutes, title="Deuxième", order=1)
    url = reverse("meetings:minutes_section_move", args=[minutes.pk, first.pk])
    assert staff_client.post(url, {"order": [second.pk, first.pk]}).status_code == 302
    assert list(minutes.sections.order_by("order").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_section_editor_is_for_staff_only(client, member_user, section):
    assert client.get(_url(section)).status_code == 302
    client.force_login(member_user)
    assert client.get(_url(section)).status_code == 403
    assert client.post(reverse("meetings:minutes_draft_pdf", args=[section.minutes_id])).status_code == 403


def test_fingerprint_is_unchanged_by_rendering(section):
    assert record_fingerprint(section) == record_fingerprint(MinutesSection.objects.get(pk=section.pk))
