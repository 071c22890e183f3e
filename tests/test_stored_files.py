"""Stored PDFs (published minutes, opinions): validators, caching headers, 304, nginx hand-off.

Every check comes after the view's permission check: a visitor who may not read the file
gets the login page or a 404 even with the right ETag in ``If-None-Match``.
"""

import datetime
import hashlib
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from cln_portal.pdf import pdf_store
from sessions.models import MinutesStatus
from workstreams.models import WorkstreamKind

from .meetings.minutes_support import pdf_bytes, sitting_with_minutes
from .workstreams.factories import WorkstreamFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED_AT = datetime.datetime(2025, 12, 2, 10, 0, tzinfo=datetime.UTC)


def _published_minutes(*, visibility: str):
    minutes = sitting_with_minutes(visibility=visibility)
    minutes.status = MinutesStatus.PUBLISHED
    minutes.published_at = PUBLISHED_AT
    minutes.save(update_fields=["status", "published_at"])
    pdf_store(
        instance=minutes, field_name="pdf", data=pdf_bytes(), filename="cr.pdf", sha256_field="pdf_sha256"
    )
    minutes.refresh_from_db()
    return minutes


def _opinion():
    workstream = WorkstreamFactory(
        kind=WorkstreamKind.REFERRAL_STRATEGIC,
        title="Saisine : numérique responsable",
        opinion_text="Le conseil recommande la sobriété.",
        opinion_adopted_on=datetime.date(2026, 3, 20),
    )
    pdf_store(
        instance=workstream,
        field_name="opinion_pdf",
        data=pdf_bytes() + b"%avis\n",
        filename="avis.pdf",
        sha256_field="opinion_pdf_sha256",
    )
    workstream.refresh_from_db()
    return workstream


def _body(response) -> bytes:
    """The whole body; reading a file response to its end closes it (the test client's wrapper)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_public_minutes_pdf_carries_its_sha256_as_etag_and_may_be_cached_by_anyone(client):
    minutes = _published_minutes(visibility="public")
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert _body(response) == pdf_bytes()
    assert response["ETag"] == f'"{hashlib.sha256(pdf_bytes()).hexdigest()}"'
    assert response["Last-Modified"] == http_date(PUBLISHED_AT.timestamp())
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "X-Accel-Redirect" not in response


def test_matching_etag_gets_304_without_body_and_another_etag_the_file(client):
    minutes = _published_minutes(visibility="public")
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])
    etag = f'"{minutes.pdf_sha256}"'

    not_modified = client.get(url, headers={"If-None-Match": etag})
    changed = client.get(url, headers={"If-None-Match": '"' + "0" * 64 + '"'})

    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert not_modified["Cache-Control"] == "public, max-age=86400"
    assert changed.status_code == 200
    assert _body(changed) == pdf_bytes()


def test_if_modified_since_gets_304_until_the_pdf_is_rendered_again(client):
    minutes = _published_minutes(visibility="public")
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])
    since = http_date(PUBLISHED_AT.timestamp())

    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    # A person's erasure renders the public PDF again (redacted_at): the old copy is stale.
    type(minutes).objects.filter(pk=minutes.pk).update(redacted_at=timezone.now())
    response = client.get(url, headers={"If-Modified-Since": since})
    assert response.status_code == 200
    _body(response)


def test_members_only_minutes_pdf_is_private_and_checked_before_any_304(client, member_user):
    minutes = _published_minutes(visibility="members")
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])
    etag = f'"{minutes.pdf_sha256}"'

    # Anonymous, even with the right ETag: the login page, never a 304 that confirms the file.
    anonymous = client.get(url, headers={"If-None-Match": etag})
    assert anonymous.status_code == 302
    assert "ETag" not in anonymous

    client.force_login(member_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["ETag"] == etag
    _body(response)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_opinion_pdf_has_etag_private_cache_and_304_for_members_only(client, member_user):
    workstream = _opinion()
    url = reverse("workstreams:opinion_pdf", args=[workstream.slug])
    etag = f'"{workstream.opinion_pdf_sha256}"'

    anonymous = client.get(url, headers={"If-None-Match": etag})
    assert anonymous.status_code == 302 and "ETag" not in anonymous

    client.force_login(member_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "private, max-age=3600"
    assert _body(response).endswith(b"%avis\n")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def _nginx_internal_locations() -> dict[str, str]:
    """``location`` prefix -> its block, for the blocks of deploy/nginx.conf marked ``internal``."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text = re.sub(r"#[^\n]*", "", text)
    blocks = dict(re.findall(r"location\s+(\S+)\s*\{([^}]*)\}", text))
    return {prefix: body for prefix, body in blocks.items() if re.search(r"^\s*internal\s*;", body, re.M)}


def test_behind_nginx_the_file_goes_by_x_accel_redirect_to_an_internal_location(client, settings):
    compose = (ROOT / "docker-compose.yml").read_text()
    prefix = re.search(r"MEDIA_X_ACCEL_REDIRECT:\s*(\S+)", compose).group(1)
    settings.MEDIA_X_ACCEL_REDIRECT = prefix
    minutes = _published_minutes(visibility="public")
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert response.content == b""  # nginx sends the body
    assert response["X-Accel-Redirect"] == prefix + minutes.pdf.name
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["ETag"] == f'"{minutes.pdf_sha256}"'
    assert prefix in _nginx_internal_locations(), "deploy/nginx.conf has no internal location for it"
    # And the 304 still comes from the portal, without a hand-off.
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and "X-Accel-Redirect" not in again


def test_behind_nginx_a_refused_reader_gets_no_hand_off(client, settings):
    settings.MEDIA_X_ACCEL_REDIRECT = "/internal/media/"
    minutes = _published_minutes(visibility="members")

    response = client.get(reverse("meetings:minutes_pdf", args=[minutes.pk]))

    assert response.status_code == 302
    assert "X-Accel-Redirect" not in response


def test_the_bench_serves_stored_files_with_the_production_nginx_configuration(tmp_path):
    # make bench runs deploy/nginx.conf itself (bench/nginx.py): only the addresses change, and
    # the object store gives way to the local folder, as the file's comment describes.
    from bench.nginx import server_config

    config = server_config(port=8123, upstream_port=8124, media_root=tmp_path)

    assert "listen 127.0.0.1:8123;" in config and "server 127.0.0.1:8124;" in config
    assert "minio" not in config and "web:8000" not in config
    (internal,) = re.findall(r"location /internal/media/ \{([^}]*)\}", config)
    assert re.search(r"^\s*internal;", internal, re.M)
    assert f"alias {tmp_path}/;" in internal
    assert "add_header ETag $portal_etag" in internal  # the portal's ETag, not nginx's
