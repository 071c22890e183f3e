"""Uploaded files: what a file field accepts is judged by parsing the content, and size is capped early.

``check_upload`` opens a PDF with pikepdf and decodes an image with Pillow: a file whose
first and last bytes look right (an HTML page with ``%PDF-`` and ``%%EOF`` in comments) is
refused, whatever its name or the browser's content type say.

``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) stops storing an uploaded file
once it passes ``UPLOAD_MAX_BYTES``: the form then receives an ``OversizedUpload`` whose
``size`` is over the limit and whose content is empty, so the field's validator refuses it
without the file ever being written whole to memory or disk.
"""

import io
import warnings
from collections.abc import Iterable

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext
from PIL import Image

PDF = "pdf"
PNG = "png"
JPEG = "jpg"

# Pillow's name of each accepted image format.
_IMAGE_FORMATS = {"PNG": PNG, "JPEG": JPEG}
CONTENT_TYPES = {PDF: "application/pdf", PNG: "image/png", JPEG: "image/jpeg"}


def upload_max_bytes() -> int:
    """The cap of ``LimitedUploadHandler`` (bytes): no field accepts more than this."""
    return getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


class OversizedUpload(UploadedFile):
    """Stands for a file that ``LimitedUploadHandler`` stopped storing: ``size`` is over the cap."""

    def __init__(self, name: str, content_type: str | None, size: int, charset=None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class LimitedUploadHandler(FileUploadHandler):
    """Pass chunks on to the next handlers until a file passes ``UPLOAD_MAX_BYTES``, then drop them."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_max_bytes():
            # The next handlers keep what they got so far (a temporary file deleted once
            # closed); nothing more of this file is stored.
            self.oversized = True
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.oversized:
            return OversizedUpload(self.file_name, self.content_type, self.received, self.charset)
        return None


def _describe(accept: Iterable[str]) -> str:
    kinds = set(accept)
    if kinds == {PDF}:
        return gettext("Ce fichier n’est pas un PDF (son contenu a été vérifié, pas seulement son nom).")
    if kinds == {PNG, JPEG}:
        return gettext(
            "Ce fichier n’est pas une image PNG ou JPEG (son contenu a été vérifié, pas seulement son nom)."
        )
    return gettext(
        "Ce fichier n’est ni un PDF, ni une image PNG ou JPEG (son contenu a été vérifié, "
        "pas seulement son nom). Enregistrez-le dans l’un de ces formats."
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f}".replace(".", ",")


def check_upload(upload, *, accept: Iterable[str], max_bytes: int) -> str:
    """The kind of ``upload`` (``PDF``, ``PNG`` or ``JPEG``) once its size and content are checked.

    ``accept`` names the kinds the field takes. Raises ``ValidationError`` (French) with the
    code ``too_large``, ``bad_type`` (not one of ``accept`` by content) or ``broken`` (the
    right kind, but it cannot be read). The file is left at position 0.
    """
    accept = set(accept)
    size = getattr(upload, "size", None)
    limit = min(max_bytes, upload_max_bytes())
    if isinstance(upload, OversizedUpload) or (size is not None and size > limit):
        raise ValidationError(
            gettext("Le fichier pèse plus de %(size)s Mo : la limite est de %(max)s Mo.")
            % {"size": _megabytes(max(size or 0, limit)), "max": limit // 1_048_576},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if isinstance(head, str):
        raise ValidationError(_describe(accept), code="bad_type")
    try:
        if head.startswith(b"%PDF-"):
            if PDF not in accept:
                raise ValidationError(_describe(accept), code="bad_type")
            _check_pdf(upload)
            return PDF
        return _check_image(upload, accept)
    finally:
        upload.seek(0)


def _check_pdf(upload) -> None:
    # pikepdf (qpdf) parses the cross-reference table and the objects: a text file with
    # "%PDF-" and "%%EOF" in comments has no pages and fails here.
    path = getattr(upload, "temporary_file_path", None)
    try:
        with pikepdf.open(path() if path else io.BytesIO(upload.read())) as pdf:
            if len(pdf.pages) < 1:
                raise ValueError("no page")
    except Exception:  # noqa: BLE001 -- qpdf raises several kinds on a damaged or fake file
        raise ValidationError(
            gettext("Ce PDF est endommagé ou n’en est pas un : il ne peut pas être ouvert."),
            code="broken",
        ) from None


def _check_image(upload, accept: set[str]) -> str:
    data = upload.read()
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not just warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = _IMAGE_FORMATS.get(image.format or "")
                image.verify()
            if kind is not None:
                with Image.open(io.BytesIO(data)) as image:
                    image.load()  # verify() does not decode the pixels; load() does
    except Exception:  # noqa: BLE001 -- Pillow raises many kinds on a damaged file
        kind = None
        if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff":
            if accept & {PNG, JPEG}:
                raise ValidationError(
                    gettext("Cette image est endommagée : elle ne peut pas être lue."), code="broken"
                ) from None
    if kind is None or kind not in accept:
        raise ValidationError(_describe(accept), code="bad_type")
    return kind


class RefusedFormStatusAdminMixin:
    """A ``ModelAdmin`` whose add and change pages answer 400 to a refused POST (an upload, a field).

    Django's admin shows the form again with status 200; a saved form redirects, so a POST
    that ends in a 200 page was refused.
    """

    def changeform_view(self, request, *args, **kwargs):
        response = super().changeform_view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 200:
            response.status_code = 400
        return response
