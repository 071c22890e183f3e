"""Uploaded files: checked by parsing their content, capped early, served with safe headers (issue 16)."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cln_portal.uploads import JPEG, PDF, PNG, LimitedUploadHandler, OversizedUpload, check_upload
from pdin.models import Resource
from pdin.validators import validate_pdf
from sessions.minutes.forms import sniff_annex

from .pdin.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    from .meetings.minutes_support import login_staff

    staff_user.is_superuser = True  # the admin test needs the edition permissions
    staff_user.save(update_fields=["is_superuser"])
    login_staff(client, staff_user)
    return client


# What the issue found accepted as an edition resource: text files whose comments hold the
# PDF header and end marker, so that the first and last bytes "look like" a PDF.
FAKE_HTML = b"<!-- %PDF-1.7 -->\n<html><script>alert(document.cookie)</script></html>\n<!-- %%EOF -->\n"
FAKE_JS = b"// %PDF-1.4\nfetch('/espace/').then(r => r.text());\n// %%EOF\n"
FAKE_PDF_HEADER = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"


def real_pdf() -> bytes:
    buffer = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(buffer)
    return buffer.getvalue()


def image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (6, 4), (10, 120, 200)).save(buffer, format=kind)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("slides.html", FAKE_HTML), ("slides.js", FAKE_JS), ("slides.pdf", FAKE_PDF_HEADER)],
)
def test_a_text_file_with_pdf_markers_in_comments_is_not_a_resource(name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError):
        validate_pdf(upload)
    with pytest.raises(ValidationError):
        Resource(edition=EditionFactory(), title="Diapositives", file=upload).full_clean()


def test_a_real_pdf_is_a_resource():
    validate_pdf(SimpleUploadedFile("slides.pdf", real_pdf()))


@pytest.mark.parametrize(
    ("content", "accept", "kind"),
    [
        (real_pdf(), {PDF}, PDF),
        (image("PNG"), {PNG, JPEG}, PNG),
        (image("JPEG"), {PNG, JPEG}, JPEG),
        (image("JPEG"), {PDF, PNG, JPEG}, JPEG),
    ],
)
def test_each_field_takes_what_it_says(content, accept, kind):
    assert check_upload(SimpleUploadedFile("x", content), accept=accept, max_bytes=10**6) == kind


@pytest.mark.parametrize(
    ("content", "accept"),
    [
        (image("PNG"), {PDF}),  # a picture is no slide deck
        (real_pdf(), {PNG, JPEG}),  # a PDF is no logo
        (image("GIF"), {PNG, JPEG}),  # Pillow reads it, the field does not say GIF
        (image("BMP"), {PDF, PNG, JPEG}),
        (b"\x89PNG\r\n\x1a\n<html>not an image</html>", {PNG, JPEG}),
        (b"\xff\xd8\xff<script>alert(1)</script>", {PDF, PNG, JPEG}),
        (FAKE_HTML, {PDF, PNG, JPEG}),
    ],
)
def test_anything_else_is_refused_in_french(content, accept):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("x", content), accept=accept, max_bytes=10**6)
    assert refused.value.code in {"bad_type", "broken"}
    assert "fichier" in str(refused.value) or "image" in str(refused.value) or "PDF" in str(refused.value)


def test_an_annex_with_pdf_markers_in_comments_is_refused():
    with pytest.raises(ValidationError):
        sniff_annex(SimpleUploadedFile("annexe.pdf", FAKE_PDF_HEADER))
    assert sniff_annex(SimpleUploadedFile("annexe.bin", real_pdf())) == (PDF, False)


def test_the_upload_handler_stops_storing_a_file_past_the_cap(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    handler = LimitedUploadHandler()
    handler.new_file("file", "gros.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"a" * 600, 0) == b"a" * 600
    # Past the cap the chunk goes no further (the next handlers store nothing more).
    assert handler.receive_data_chunk(b"a" * 600, 600) is None
    assert handler.receive_data_chunk(b"a" * 600, 1200) is None
    oversized = handler.file_complete(1800)
    assert isinstance(oversized, OversizedUpload) and oversized.size == 1800 and oversized.read() == b""
    with pytest.raises(ValidationError, match="la limite est de 0 Mo") as refused:
        check_upload(oversized, accept={PDF}, max_bytes=10**6)
    assert refused.value.code == "too_large"


def test_a_small_file_goes_through_the_handler_untouched(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    handler = LimitedUploadHandler()
    handler.new_file("file", "petit.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"a" * 600, 0) == b"a" * 600
    assert handler.file_complete(600) is None


def test_an_oversized_upload_is_refused_with_4xx_and_never_stored_whole(staff_client, settings):
    from .meetings.minutes_support import sitting_with_minutes

    settings.UPLOAD_MAX_BYTES = 64 * 1024
    minutes = sitting_with_minutes()
    big = SimpleUploadedFile("gros.pdf", real_pdf() + b"%" * (200 * 1024), content_type="application/pdf")
    response = staff_client.post(
        reverse("meetings:minutes_item_create", args=[minutes.pk, "annexe"]),
        {"title": "Gros", "order": 0, "caption": "", "file": big},
    )
    assert response.status_code == 400
    assert "la limite est de 0 Mo" in response.content.decode() or "Le fichier pèse plus de" in (
        response.content.decode()
    )
    upload = response.wsgi_request.FILES["file"]
    assert isinstance(upload, OversizedUpload)


def test_an_html_file_as_annex_answers_400_in_french(staff_client):
    from .meetings.minutes_support import sitting_with_minutes

    minutes = sitting_with_minutes()
    response = staff_client.post(
        reverse("meetings:minutes_item_create", args=[minutes.pk, "annexe"]),
        {"title": "Diapos", "order": 0, "caption": "", "file": SimpleUploadedFile("d.pdf", FAKE_PDF_HEADER)},
    )
    assert response.status_code == 400
    assert "PDF" in response.content.decode()


def test_an_html_resource_in_the_admin_answers_400(staff_client):
    admin_client = staff_client
    edition = EditionFactory()
    url = reverse("admin:pdin_edition_change", args=[edition.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    # The edition as it is, with the inline management forms; the resource is the only row.
    form = page.context["adminform"].form
    post = {name: form[name].value() or "" for name in form.fields}
    post = {k: (v.pk if hasattr(v, "pk") else v) for k, v in post.items()}
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        post[f"{prefix}-TOTAL_FORMS"] = "1" if "resources" in prefix else "0"
        post[f"{prefix}-INITIAL_FORMS"] = "0"
    prefix = next(
        f.formset.prefix for f in page.context["inline_admin_formsets"] if "resources" in f.formset.prefix
    )
    post[f"{prefix}-0-title"] = "Diapos"
    post[f"{prefix}-0-order"] = "0"
    post[f"{prefix}-0-file"] = SimpleUploadedFile("diapos.html", FAKE_HTML, content_type="text/html")
    response = admin_client.post(url, post)
    assert response.status_code == 400
    assert not Resource.objects.filter(edition=edition).exists()


# ------------------------------------------------------------------ serving media


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_resource_is_served_as_an_attachment_with_nosniff(client, media):
    name = default_storage.save("pdin/resources/diapos.pdf", ContentFile(real_pdf()))
    response = client.get("/media/" + name)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()  # a FileResponse holds the file open until closed


def test_an_old_html_resource_is_downloaded_never_rendered(client, media):
    name = default_storage.save("pdin/resources/diapos.html", ContentFile(FAKE_HTML))
    response = client.get("/media/" + name)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_the_logo_may_show_inline(client, media):
    name = default_storage.save("council/logo.png", ContentFile(image("PNG")))
    response = client.get("/media/" + name)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


@pytest.mark.parametrize(
    "path",
    ["annexes/annexe.pdf", "minutes/cr.pdf", "avis/avis.pdf", "pdin/resources/../../annexes/annexe.pdf"],
)
def test_protected_files_are_never_served_under_media(client, media, path):
    for protected in ("annexes/annexe.pdf", "minutes/cr.pdf", "avis/avis.pdf"):
        default_storage.save(protected, ContentFile(real_pdf()))
    assert client.get("/media/" + path).status_code == 404


def test_media_is_served_in_production_settings(settings):
    # Tests run with DEBUG off: the URL exists whatever DEBUG says.
    assert not settings.DEBUG
    assert reverse("media", args=["pdin/resources/x.pdf"]) == "/media/pdin/resources/x.pdf"
