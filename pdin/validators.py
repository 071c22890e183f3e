"""Checks of uploaded files: slides are accepted as PDF only, judged by their content."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# A PDF starts with "%PDF-" (ISO 32000-1, 7.5.2) within its first 1024 bytes, and ends
# with "%%EOF" (7.5.5), possibly followed by a few bytes of whitespace.
_HEAD = 1024
_TAIL = 1024


def validate_pdf(file) -> None:
    """Raise ``ValidationError`` (French) unless ``file`` is a PDF by content, under the size limit.

    The name and the browser's content type are not trusted: a ``.pdf`` that is an HTML page
    or an executable is refused. The limit is ``PDIN_RESOURCE_MAX_BYTES`` (default 20 MB).
    """
    max_bytes = getattr(settings, "PDIN_RESOURCE_MAX_BYTES", 20 * 1024 * 1024)
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            gettext("Le fichier dépasse la taille autorisée (%(max)s Mo).")
            % {"max": max_bytes // (1024 * 1024)}
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(_HEAD)
        if size is None:
            file.seek(0, 2)
            size = file.tell()
        file.seek(max(0, size - _TAIL))
        tail = file.read(_TAIL)
    finally:
        file.seek(position)
    if isinstance(head, str) or b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(
            gettext("Ce fichier n’est pas un PDF\u00a0: seuls les documents PDF sont acceptés.")
        )
