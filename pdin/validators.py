"""Checks of uploaded files: slides are accepted as PDF only, judged by their content."""

from django.conf import settings

from cln_portal.uploads import PDF, check_upload


def validate_pdf(file) -> None:
    """Raise ``ValidationError`` (French) unless ``file`` is a PDF by content, under the size limit.

    The name and the browser's content type are not trusted: the file must open with
    pikepdf (``cln_portal.uploads.check_upload``), so an HTML or JavaScript file with
    ``%PDF-`` and ``%%EOF`` in its comments is refused. The limit is
    ``PDIN_RESOURCE_MAX_BYTES`` (default 20 MB).
    """
    check_upload(file, accept={PDF}, max_bytes=getattr(settings, "PDIN_RESOURCE_MAX_BYTES", 20 * 1024 * 1024))
