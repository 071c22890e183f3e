"""Media through Django's storage API: local files by default, S3 (MinIO) from the environment."""

from urllib.parse import parse_qs, urlsplit

from django.core.files.storage import FileSystemStorage, default_storage
from django.test import override_settings
from django.urls import reverse

from cln_portal.files import accel_redirect_target
from cln_portal.storage_settings import media_storage

MINIO = {
    "MEDIA_S3_BUCKET": "cln-media",
    "MEDIA_S3_ENDPOINT_URL": "http://minio:9000",
    "MEDIA_S3_ACCESS_KEY_ID": "cln-media",
    "MEDIA_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
    "MEDIA_S3_URL_EXPIRY": "120",
}


def test_without_a_bucket_media_are_local_files():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert isinstance(default_storage, FileSystemStorage)


def test_s3_storage_is_built_from_the_environment_and_signs_private_urls_for_its_endpoint():
    from storages.backends.s3 import S3Storage

    config = media_storage(MINIO)
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    storage = S3Storage(**config["OPTIONS"])

    assert storage.bucket_name == "cln-media"
    assert storage.default_acl is None  # nothing in the bucket is public
    # Signing a URL is local work for boto3: no network in this test.
    url = urlsplit(storage.url("minutes/cr 2025.pdf"))
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("http", "minio:9000", "/cln-media/minutes/cr%202025.pdf")
    assert query["X-Amz-Credential"][0].startswith("cln-media/")
    assert query["X-Amz-Expires"] == ["120"]
    assert "X-Amz-Signature" in query


def test_behind_nginx_an_s3_file_is_handed_off_with_its_signed_path():
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**media_storage(MINIO)["OPTIONS"])

    class Stored:
        name = "avis/avis.pdf"

    Stored.storage = storage
    target = accel_redirect_target(Stored(), "/internal/media/")

    path, _, query = target.partition("?")
    assert path == "/internal/media/cln-media/avis/avis.pdf"
    assert "X-Amz-Signature=" in query


def test_public_resource_links_go_through_the_portal_media_view_whatever_the_storage(settings):
    from pdin.models import Resource

    with override_settings(STORAGES={**settings.STORAGES, "default": media_storage(MINIO)}):
        resource = Resource(title="Programme", file="pdin/resources/programme.pdf")
        assert resource.file.storage.__class__.__name__ == "S3Storage"
        href = resource.href
    # Not a signed S3 URL that expires in the cached page: the portal's own public file view.
    assert href == reverse("media", args=["pdin/resources/programme.pdf"])
