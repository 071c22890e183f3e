"""The media storage's configuration, built from the environment (``settings.STORAGES``).

Local files under ``MEDIA_ROOT`` by default (``make run``, tests). With ``MEDIA_S3_BUCKET``
set, an S3-compatible object store through django-storages (MinIO in docker-compose.yml,
any S3 service elsewhere): every read and write of media goes through Django's storage API
(``default_storage``, ``FieldFile``), so web processes and workers on several machines see
the same files. Kept out of ``settings/base.py`` so that a test can build it from a given
environment without reloading the settings (and without any network: boto3 connects only
on the first read or write).
"""

from __future__ import annotations

from collections.abc import Mapping

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def media_storage(environ: Mapping[str, str]) -> dict:
    """The ``STORAGES["default"]`` entry for ``environ`` (a mapping like ``os.environ``).

    Variables (S3 only when ``MEDIA_S3_BUCKET`` is set): ``MEDIA_S3_BUCKET``,
    ``MEDIA_S3_ENDPOINT_URL`` (e.g. ``http://minio:9000``; unset: AWS),
    ``MEDIA_S3_ACCESS_KEY_ID``, ``MEDIA_S3_SECRET_ACCESS_KEY``, ``MEDIA_S3_REGION``
    (default ``us-east-1``), ``MEDIA_S3_URL_EXPIRY`` (seconds a signed URL stays valid,
    default 300). Objects are private (no ACL) and read through signed URLs only: nothing
    in the bucket is public, the portal's views check who may read each file first.
    """
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": FILESYSTEM}
    options = {
        "bucket_name": bucket,
        "access_key": environ.get("MEDIA_S3_ACCESS_KEY_ID", ""),
        "secret_key": environ.get("MEDIA_S3_SECRET_ACCESS_KEY", ""),
        "region_name": environ.get("MEDIA_S3_REGION", "") or "us-east-1",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": int(environ.get("MEDIA_S3_URL_EXPIRY", "") or 300),
        # pdf_store replaces a file under the same name (a task run twice stores the same PDF).
        "file_overwrite": True,
        "signature_version": "s3v4",
    }
    endpoint = environ.get("MEDIA_S3_ENDPOINT_URL", "").strip()
    if endpoint:
        # MinIO and most S3-compatible stores want bucket names in the path, not the host.
        options.update(endpoint_url=endpoint, addressing_style="path")
    return {"BACKEND": S3, "OPTIONS": options}
