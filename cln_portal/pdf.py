"""WeasyPrint for the whole portal: a URL fetcher that never leaves the portal, HTML to PDF,
and storing a rendered PDF on its record (``pdf_store``).

Every PDF the portal renders (the minutes, an axis' opinion) goes through ``html_to_pdf``,
so all are tagged the same way (PDF/UA-1) and fetch nothing from the network or the file
system at large: ``PortalURLFetcher`` serves only ``data:`` URLs and the portal's own static
and media files. Rendering takes about a second: call it from a task or a command, not in a
request, where possible.
"""

import hashlib
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import FootnoteAreaBox
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .pdf_tags import write_tagged_pdf

# The document's base URL. ".invalid" is reserved (RFC 2606): it never resolves, so a URL
# on this origin can only be served by the fetcher below, never by the network.
PORTAL_ORIGIN = "https://portail-cln.invalid"
BASE_URL = PORTAL_ORIGIN + "/"

# Types the fetcher serves, by extension; anything else is refused.
CONTENT_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


class RefusedURL(ValueError):
    """A resource the PDF may not fetch (outside host, file://, unknown type, missing file)."""


class PortalURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and the portal's own files only.

    ``/static/…`` (or ``https://portail-cln.invalid/static/…``) is read through the static
    files storage or finders, ``/media/…`` through the default storage. Every other URL,
    ``file://``, ``http://127.0.0.1``, a private address or any outside host, raises
    ``RefusedURL`` without any network or disk access; WeasyPrint then logs it and goes on
    without the resource.
    """

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False, **kwargs)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme.lower() != "https" or f"https://{parts.netloc.lower()}" != PORTAL_ORIGIN:
            raise RefusedURL(f"Refused URL outside the portal: {url[:200]}")
        path = unquote(parts.path)
        # normpath folds "a/../b"; a path that still climbs, or holds a NUL byte, is refused.
        normalised = posixpath.normpath(path)
        if "\x00" in path or ".." in normalised.split("/") or not normalised.startswith("/"):
            raise RefusedURL(f"Refused path: {url[:200]}")
        extension = posixpath.splitext(normalised)[1].lower()
        content_type = CONTENT_TYPES.get(extension)
        if content_type is None:
            raise RefusedURL(f"Refused file type: {url[:200]}")
        body = self._read(normalised)
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    @staticmethod
    def _read(path: str) -> bytes:
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
        if path.startswith(static_prefix):
            name = path[len(static_prefix) :]
            if staticfiles_storage.exists(name):
                with staticfiles_storage.open(name) as handle:
                    return handle.read()
            found = finders.find(name)
            if found:
                with open(found, "rb") as handle:
                    return handle.read()
            raise RefusedURL(f"No such static file: {name}")
        if path.startswith(media_prefix):
            name = path[len(media_prefix) :]
            # The storage refuses names that would leave MEDIA_ROOT (SuspiciousFileOperation).
            if default_storage.exists(name):
                with default_storage.open(name) as handle:
                    return handle.read()
            raise RefusedURL(f"No such media file: {name}")
        raise RefusedURL(f"Refused path outside static and media: {path}")


# Blocks a stray footnote call's paragraph may be pushed to the next page from.
_PUSHABLE = {"p", "li", "dt", "dd", "blockquote", "figcaption", "h2", "h3", "h4", "h5", "h6"}
# Re-renders allowed to put every footnote on its call's page (each pass fixes all it finds).
FOOTNOTE_PASSES = 4


def html_to_pdf(html: str) -> bytes:
    """Render ``html`` (a whole document) to the bytes of a tagged PDF/UA-1 file.

    Relative URLs resolve against ``BASE_URL`` and go through ``PortalURLFetcher``; a
    resource it refuses is left out (and logged by WeasyPrint), never fetched. Raises
    whatever WeasyPrint raises on a broken document. The document's language and title
    come from the HTML (``<html lang>``, ``<title>``). A note WeasyPrint pushes past its
    call's page is brought back by re-rendering (``keep_footnotes_with_calls``; on very long
    minutes a few may still stray: see that function).
    """
    source = HTML(string=html, base_url=BASE_URL, url_fetcher=PortalURLFetcher())
    document = keep_footnotes_with_calls(source, source.render(pdf_variant="pdf/ua-1"))
    return write_tagged_pdf(document)


def pdf_store(
    *, instance: models.Model, field_name: str, data: bytes, filename: str, sha256_field: str = ""
) -> str:
    """Store a rendered PDF in ``instance``'s ``FileField`` and return its SHA-256 (hex).

    The one way the portal keeps a PDF it rendered (the minutes, an axis' opinion). The
    file is named ``filename`` under the field's ``upload_to``, the same on every run: a
    file already there under that name is replaced, so a task run twice stores the same
    document under the same name (no ``_a1b2c3d`` suffix). The row's file name and, when
    ``sha256_field`` is given, its SHA-256 are written with an ``UPDATE`` in the caller's
    transaction; a file the row pointed to before, under another name, is deleted only
    once that transaction commits. ``instance`` is updated in memory too.
    """
    digest = hashlib.sha256(data).hexdigest()
    field_file = getattr(instance, field_name)
    storage = field_file.storage
    previous = field_file.name
    name = field_file.field.generate_filename(instance, filename)
    if storage.exists(name):
        storage.delete(name)
    field_file.save(filename, ContentFile(data), save=False)
    values = {field_name: field_file.name}
    if sha256_field:
        setattr(instance, sha256_field, digest)
        values[sha256_field] = digest
    type(instance)._default_manager.filter(pk=instance.pk).update(**values)
    if previous and previous != field_file.name:
        transaction.on_commit(lambda: storage.delete(previous))
    return digest


def stray_footnote_calls(document) -> list:
    """The elements (``span.footnote``) whose note WeasyPrint printed on another page than the call.

    WeasyPrint 70 defers a note to the next page when its call falls on a page's last
    lines and the note does not fit under them, whatever ``footnote-policy`` says.
    """
    note_page, call_page = {}, {}
    for number, page in enumerate(document.pages):
        root_box, *others = page._page_box.children
        for area in others:
            if isinstance(area, FootnoteAreaBox):  # only on pages that print notes
                for box in _descendants(area):
                    if box.element is not None and box.element_tag == "span":
                        note_page.setdefault(box.element, number)
        for box in _descendants(root_box):
            footnote = getattr(box, "footnote", None)
            if footnote is not None:
                call_page.setdefault(footnote.element, number)
    return [element for element, number in call_page.items() if note_page.get(element) != number]


def keep_footnotes_with_calls(source: HTML, document, *, passes: int = FOOTNOTE_PASSES):
    """Re-render ``source`` until every note is on its call's page; the final ``Document``.

    A stray call's paragraph (or list item) starts the next page instead (``break-before:
    page`` on that element of ``source``'s tree, which WeasyPrint reads again at each
    render): its call then sits high enough on a page for the note to fit under it. The
    cost is the few last lines of the page it leaves, and one render per pass (about 3
    passes on 44 pages). At most ``passes`` re-renders; a call that still strays once its
    paragraph starts a page is left as it is: WeasyPrint 70 sometimes defers a note whose
    call is at the top of a page (seen on generated minutes; see
    tests/meetings/test_long_minutes_footnotes.py).
    """
    pushed: set = set()
    for _ in range(passes):
        parents = {child: parent for parent in source.etree_element.iter() for child in parent}
        blocks = []
        for element in stray_footnote_calls(document):
            block = parents.get(element)
            while block is not None and block.tag not in _PUSHABLE:
                block = parents.get(block)
            if block is not None and block not in pushed:
                blocks.append(block)
        if not blocks:
            return document
        for block in blocks:
            pushed.add(block)
            style = block.get("style", "")
            block.set("style", f"{style}; break-before: page" if style else "break-before: page")
        document = source.render(pdf_variant="pdf/ua-1")
    return document


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)
