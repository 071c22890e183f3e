"""Public uploaded files (``/media/…``), served by Django with safe headers, in production too.

The production stack has no web server of its own in front of gunicorn (whitenoise serves
static files only), so ``/media/`` is this view. It serves only the folders listed in
``PUBLIC_MEDIA_PREFIXES`` (edition resources, the council's logo): minutes annexes, minutes
PDFs and opinion PDFs live under ``MEDIA_ROOT`` too but have views that check who may read
them. Every file is an attachment, except PNG and JPEG images, which may show inline; the
content type comes from a short list, never from the file, and ``nosniff`` stops a browser
from guessing another one (an HTML page uploaded before content checks existed is
downloaded as ``application/octet-stream``, never rendered).
"""

import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

MEDIA_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
INLINE_CONTENT_TYPES = {"image/png", "image/jpeg"}


def public_media_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "PUBLIC_MEDIA_PREFIXES", ("pdin/resources/", "council/")))


@require_safe
def public_media(request: HttpRequest, path: str) -> FileResponse:
    """One file of a public media folder (public); anything else under ``/media/`` is a 404."""
    normalised = posixpath.normpath(path)
    if normalised != path or not normalised.startswith(public_media_prefixes()):
        raise Http404
    try:
        handle = default_storage.open(normalised, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        raise Http404 from None
    extension = posixpath.splitext(normalised)[1].lower()
    content_type = MEDIA_CONTENT_TYPES.get(extension, "application/octet-stream")
    response = FileResponse(
        handle,
        as_attachment=content_type not in INLINE_CONTENT_TYPES,
        filename=posixpath.basename(normalised),
        content_type=content_type,
    )
    # SecurityMiddleware adds it too (SECURE_CONTENT_TYPE_NOSNIFF); here it does not depend on it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def media_path(field_file) -> str:
    """The portal's own ``/media/…`` path of a stored file, whatever the storage.

    Not ``field_file.url``: with the S3 storage that is a signed URL to the object store,
    which expires and which the PDF renderer's fetcher refuses (``cln_portal.pdf``). Under
    ``/media/`` the public folders are served by ``public_media`` and the PDF fetcher reads
    any file through the default storage.
    """
    return settings.MEDIA_URL + quote(field_file.name)
