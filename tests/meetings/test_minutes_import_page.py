"""The staff import page: upload or paste, a preview that saves nothing, then the draft; and the
journey from the raw text of a compte-rendu to published minutes in Chromium (issue 12 §1)."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sessions.models import Meeting, Minutes, MinutesStatus
from workstreams.models import NextStep, Question

from ..french import fr
from .minutes_support import login_staff
from .test_minutes_import import SOURCES

pytestmark = pytest.mark.django_db

URL = "/comptes-rendus/importer/"
SOURCE = SOURCES[0]


@pytest.fixture
def staff(client, staff_user):
    login_staff(client, staff_user)
    return client


def _preview_token(html: str) -> str:
    return re.search(r'name="preview" value="([^"]+)"', html)[1]


def test_pasted_text_is_previewed_without_saving_then_imported_as_a_draft(staff):
    text = SOURCE.read_text(encoding="utf-8")

    preview = staff.post(URL, {"text": text})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert fr("Aperçu : rien n’est encore enregistré") in page
    announced = int(re.search(r"questions\s: (\d+)", page)[1])
    assert announced > 0
    assert not Minutes.objects.exists() and not Meeting.objects.exists()

    done = staff.post(URL, {"preview": _preview_token(page)})

    minutes = Minutes.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("meetings:minutes_edit", args=[minutes.pk])
    assert minutes.status == MinutesStatus.DRAFT
    assert Question.objects.count() == announced
    followed = staff.get(done["Location"])
    assert "Le compte-rendu est importé en projet" in followed.content.decode()


def test_an_uploaded_file_gives_the_same_preview_as_pasted_text(staff):
    data = SOURCE.read_bytes()
    uploaded = staff.post(URL, {"file": SimpleUploadedFile(SOURCE.name, data, content_type="text/plain")})
    pasted = staff.post(URL, {"text": data.decode("utf-8")})
    figures = re.compile(r"<li>(Sections|Thèmes|Propositions|Notes|Personnes)[^<]*</li>")
    assert figures.findall(uploaded.content.decode()) == figures.findall(pasted.content.decode())
    assert len(figures.findall(uploaded.content.decode())) == 5


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choisissez un fichier ou collez le texte du compte-rendu."),
        ({"text": "Bonjour, ceci est une liste de courses.\nDu pain, du lait."}, "compte-rendu"),
        (
            {"text": "x", "file": SimpleUploadedFile("cr.txt", b"y", content_type="text/plain")},
            "Choisissez un fichier ou collez un texte, pas les deux.",
        ),
        ({"file": SimpleUploadedFile("cr.docx", b"PK\x03\x04 not really a docx")}, "docx"),
        ({"file": SimpleUploadedFile("cr.txt", "Compte-rendu du conseil, séance".encode("cp1252"))}, "UTF-8"),
    ],
)
def test_bad_input_gets_a_french_message_keeps_the_text_and_saves_nothing(staff, data, message):
    response = staff.post(URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Erreur" in page.split("</title>")[0]
    if "text" in data and "file" not in data:
        assert data["text"].splitlines()[0] in page  # what was pasted is still there
    assert not Minutes.objects.exists()


def test_a_tampered_preview_is_refused_and_saves_nothing(staff):
    response = staff.post(URL, {"preview": "forged"}, follow=True)
    assert "Cet aperçu n’est plus valable" in response.content.decode()
    assert not Minutes.objects.exists()


def test_importing_over_published_minutes_is_refused_in_french(staff):
    text = SOURCE.read_text(encoding="utf-8")
    staff.post(URL, {"preview": _preview_token(staff.post(URL, {"text": text}).content.decode())})
    Minutes.objects.update(status=MinutesStatus.PUBLISHED)

    response = staff.post(URL, {"text": text})

    assert "nouvelle version" in response.content.decode()
    assert Minutes.objects.count() == 1


def test_members_cannot_import(client, member_user):
    client.force_login(member_user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": "x"}).status_code == 403


def _axe_violations(page) -> list[str]:
    """WCAG 2.1 A and AA violations axe-core finds on the page (ids and the first target).

    axe is injected as an init script (before the page's own, under its CSP: no bypass)."""
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', "
        "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_the_raw_text_to_published_minutes_in_five_submissions(live_server, page, staff_user):
    """Import, check the preview, fix the year slip of the point d'étape, publish: each form
    submission the chargé de mission makes is counted (at most 5, issue 12)."""
    client = Client()
    login_staff(client, staff_user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_default_timeout(20000)
    page.context.add_init_script(path=str(settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"))
    submissions = []
    page.on(
        "request",
        lambda request: (
            submissions.append(request.url)
            if request.method == "POST" and request.is_navigation_request()
            else None
        ),
    )

    page.goto(live_server.url + "/comptes-rendus/")
    page.get_by_role("link", name="Importer un compte-rendu existant").click()
    page.get_by_label("Ou collez le texte du compte-rendu").fill(SOURCE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Voir l’aperçu").click()
    assert page.get_by_role("heading", name="Aperçu : rien n’est encore enregistré").is_visible()
    assert _axe_violations(page) == []
    page.get_by_role("button", name="Importer en projet de compte-rendu").click()
    assert "Le compte-rendu est importé en projet" in page.locator(".messages").inner_text()

    minutes = Minutes.objects.get()
    slipped = [step for step in NextStep.objects.all() if step.date and step.date < minutes.meeting.date]
    for step in slipped:
        section = minutes.sections.get(workstream=step.workstream)
        page.goto(
            f"{live_server.url}/comptes-rendus/{minutes.pk}/modifier/etape/{step.pk}/?section={section.pk}"
        )
        date_field = page.get_by_label("Date", exact=True)
        date_field.fill(date_field.input_value().replace(str(step.date.year), str(step.date.year + 1)))
        page.get_by_role("button", name="Enregistrer", exact=True).click()

    page.goto(f"{live_server.url}/comptes-rendus/{minutes.pk}/publier/")
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Publier").click()
    assert "Le compte-rendu est publié" in page.content()

    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.PUBLISHED
    print(f"\nsubmissions from the raw text to published minutes: {len(submissions)}")
    assert len(submissions) <= 5, submissions
