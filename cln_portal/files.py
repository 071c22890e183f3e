"""Serving a stored file (a published PDF, an opinion) after the view's permission check.

``stored_file_response`` is the one way a view hands out a file it keeps in the media
storage: with its SHA-256 as ``ETag``, a ``Last-Modified`` date, ``Cache-Control`` (public
or private, as the caller says) and a conditional GET answered ``304 Not Modified`` without
opening the file. The body goes out in one of two ways:

- ``MEDIA_X_ACCEL_REDIRECT`` set (a web server fronts the app, ``deploy/nginx.conf``): an
  empty response with ``X-Accel-Redirect`` to that internal location, and nginx sends the
  file (from the media folder, or from the object store with a signed URL);
- otherwise a ``FileResponse``: gunicorn passes an open local file to ``sendfile`` through
  ``wsgi.file_wrapper``.

The caller checks who may read the file first: nothing here looks at the user.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, quote_etag

# A published document never changes under its URL, except when a person's erasure makes
# the portal render it again: a day in shared caches, then revalidation by ETag.
PUBLIC_MAX_AGE = 24 * 3600
PRIVATE_MAX_AGE = 3600


def accel_redirect_target(field_file: FieldFile, prefix: str) -> str:
    """The ``X-Accel-Redirect`` value for ``field_file`` under the internal location ``prefix``.

    Local storage: ``prefix`` + the file's name, percent-encoded (the location aliases the
    media folder). Another storage (S3): ``prefix`` + the path and signed query of the
    storage's URL (the location proxies to the object store, which checks the signature).
    """
    prefix = prefix.rstrip("/") + "/"
    if isinstance(field_file.storage, FileSystemStorage):
        return prefix + quote(field_file.name)
    url = urlsplit(field_file.storage.url(field_file.name))
    target = prefix + url.path.lstrip("/")
    return f"{target}?{url.query}" if url.query else target


def stored_file_response(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    filename: str,
    content_type: str,
    sha256: str = "",
    last_modified: datetime.datetime | None = None,
    public: bool = False,
    as_attachment: bool = True,
) -> HttpResponse:
    """The response that serves ``field_file`` (already allowed for ``request.user``).

    ``sha256`` (hex) becomes the strong ``ETag``; ``last_modified`` the ``Last-Modified``
    date (to the second). ``If-None-Match`` / ``If-Modified-Since`` that match give a 304
    with the same validators and ``Cache-Control``, without touching the storage.
    ``public``: ``Cache-Control: public, max-age=86400`` (anyone may read it, shared caches
    included); else ``private, max-age=3600`` (members-only: the browser's cache only).
    Raises ``FileNotFoundError`` when the file is missing from the storage.
    """
    etag = quote_etag(sha256) if sha256 else None
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        prefix = getattr(settings, "MEDIA_X_ACCEL_REDIRECT", "")
        if prefix:
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = accel_redirect_target(field_file, prefix)
            response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        else:
            response = FileResponse(
                field_file.open("rb"),
                as_attachment=as_attachment,
                filename=filename,
                content_type=content_type,
            )
    if etag:
        response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else f"private, max-age={PRIVATE_MAX_AGE}"
    )
    return response
