"""The PDF renderer on built minutes: draft mark, footnotes under pressure, the URL fetcher."""

import io
import re

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from cln_portal.pdf import BASE_URL, PortalURLFetcher, RefusedURL
from sessions.minutes.pdf import render_minutes_pdf
from sessions.models import MinutesStatus

from .factories import build_minutes
from .pdf_checks import normalise, pages_text

pytestmark = pytest.mark.django_db


def test_draft_minutes_show_projet_on_every_page():
    minutes = build_minutes(status=MinutesStatus.DRAFT, workstreams=3, filler_paragraphs=4)
    pages = pages_text(render_minutes_pdf(minutes=minutes))
    assert len(pages) >= 2
    for page in pages:
        assert "PROJET" in page


def test_published_minutes_carry_no_projet_mark():
    minutes = build_minutes()
    for page in pages_text(render_minutes_pdf(minutes=minutes)):
        assert "PROJET" not in page


def test_footnotes_stay_on_the_page_of_their_call_across_many_pages():
    """Calls pushed towards the foot of pages by long paragraphs still keep their note there."""
    minutes = build_minutes(workstreams=3, footnotes=6, filler_paragraphs=5)
    pdf = render_minutes_pdf(minutes=minutes)
    pages = [normalise(page) for page in pages_text(pdf)]
    assert len(pages) >= 4
    for k in range(1, 7):
        call_pages = [i for i, page in enumerate(pages) if re.search(rf"appelnote{k}(\d+)", page)]
        assert len(call_pages) == 1, k
        number = re.search(rf"appelnote{k}(\d+)", pages[call_pages[0]])[1]
        note_pages = [i for i, page in enumerate(pages) if f"{number}. texte de la note numéro {k}" in page]
        assert note_pages == call_pages, (k, call_pages, note_pages)


def test_pdf_of_built_minutes_has_title_lang_and_page_footer():
    minutes = build_minutes()
    pdf = render_minutes_pdf(minutes=minutes)
    reader = PdfReader(io.BytesIO(pdf))
    assert "28 novembre 2025" in reader.metadata.title
    pages = pages_text(pdf)
    assert f"page 1 / {len(pages)}" in pages[0]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/var/db.sqlite3",
        "http://127.0.0.1:8000/static/print/minutes.css",
        "https://127.0.0.1/static/print/minutes.css",
        "http://localhost/static/print/minutes.css",
        "http://[::1]/static/print/minutes.css",
        "http://10.0.0.1/static/print/minutes.css",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/logo.png",
        "ftp://example.org/logo.png",
        BASE_URL + "static/../../../etc/passwd.css",
        BASE_URL + "static/%2e%2e/%2e%2e/cln_portal/settings/base.py",
        BASE_URL + "media/../db.sqlite3",
        BASE_URL + "etc/passwd.css",
        BASE_URL + "static/print/does-not-exist.css",
    ],
)
def test_url_fetcher_refuses_anything_outside_the_portal(url, monkeypatch):
    # Any attempt to open a connection or a file:// URL through urllib would fail the test.
    monkeypatch.setattr(URLFetcher, "open", lambda *a, **k: pytest.fail(f"network or file access for {url}"))
    with pytest.raises(RefusedURL):
        PortalURLFetcher().fetch(url)


def test_url_fetcher_serves_the_print_stylesheet_and_data_urls():
    fetcher = PortalURLFetcher()
    css = fetcher.fetch(BASE_URL + "static/print/minutes.css")
    assert css.content_type == "text/css"
    assert b"float: footnote" in css.read()
    data = fetcher.fetch("data:text/plain;base64,UHJvamV0")
    assert data.read() == b"Projet"


def test_url_fetcher_serves_media_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "logo.png").write_bytes(b"\x89PNG fake")
    response = PortalURLFetcher().fetch(BASE_URL + "media/council/logo.png")
    assert response.content_type == "image/png"
    assert response.read() == b"\x89PNG fake"


def test_outside_image_in_minutes_text_is_not_fetched(monkeypatch):
    """An <img> smuggled into a text is dropped by nh3, and the fetcher refuses it anyway."""
    fetched = []
    original = PortalURLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(PortalURLFetcher, "fetch", spy)
    minutes = build_minutes()
    minutes.opening = 'Texte <img src="http://127.0.0.1/x.png"> et ![x](file:///etc/passwd)'
    minutes.save()
    render_minutes_pdf(minutes=minutes)
    assert all(url.startswith(BASE_URL) or url.startswith("data:") for url in fetched)
