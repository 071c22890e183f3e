"""The published reference minutes get their stored PDF when ``seed_demo`` runs, once."""

import hashlib

import pytest

from sessions.demo import demo_seed
from sessions.minutes import services as minutes_services

pytestmark = pytest.mark.django_db


def test_seed_demo_stores_the_reference_pdf_once_and_never_renders_it_again(monkeypatch, client, member_user):
    minutes = demo_seed(with_accounts=False).minutes
    minutes.refresh_from_db()
    with minutes.pdf.open("rb") as handle:
        stored = handle.read()
    assert minutes.is_published and stored.startswith(b"%PDF")
    assert minutes.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    assert "Étaient présents" in minutes.html_snapshot

    def refuse(**kwargs):
        raise AssertionError("a stored PDF must never be rendered again")

    monkeypatch.setattr(minutes_services, "render_minutes_pdf", refuse)
    again = demo_seed(with_accounts=False).minutes
    again.refresh_from_db()
    assert (again.pdf.name, again.pdf_sha256) == (minutes.pdf.name, minutes.pdf_sha256)
    client.force_login(member_user)
    page = client.get(again.get_absolute_url()).content.decode()
    assert again.pdf_sha256 in page
