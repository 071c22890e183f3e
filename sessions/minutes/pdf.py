"""The official PDF of the minutes (compte-rendu), rendered with WeasyPrint.

The PDF is tagged (PDF/UA-1: structure tree, /Lang fr, title) and fetches nothing from
the network or the file system at large: ``PortalURLFetcher`` serves only ``data:`` URLs
and the portal's own static and media files. Rendering takes about a second for the
reference minutes: call it from a task or a command, not in a request, where possible.
"""

import logging
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cln_portal.markup import FootnoteSet

from ..models import Minutes
from .selectors import minutes_document

logger = logging.getLogger(__name__)

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


def minutes_pdf_filename(minutes: Minutes) -> str:
    """The download name: ``compte-rendu-cln-2025-11-28-v1.pdf`` (draft: ``…-projet.pdf``)."""
    name = f"compte-rendu-cln-{minutes.meeting.date.isoformat()}-v{minutes.version}"
    if not minutes.is_published:
        name += "-projet"
    return name + ".pdf"


def render_minutes_html(*, minutes: Minutes, final: bool = False) -> str:
    """The HTML given to WeasyPrint for ``minutes`` (French, footnotes in print mode).

    ``final`` renders the version being published without the draft mark.
    """
    with translation.override("fr"):
        document = minutes_document(minutes=minutes)
        document["footnote_set"] = FootnoteSet(document["footnotes"], mode="print")
        document["is_draft"] = not (final or document["minutes"].is_published)
        return render_to_string("meetings/minutes_pdf.html", document)


def render_minutes_page_html(*, minutes: Minutes) -> str:
    """The content of the minutes' HTML page (attendance, contents, body, notes), in French.

    Stored at publication in ``Minutes.html_snapshot``, so a published page never changes.
    """
    with translation.override("fr"):
        document = minutes_document(minutes=minutes)
        document["footnote_set"] = FootnoteSet(document["footnotes"], mode="html")
        return render_to_string("meetings/_minutes_article.html", document)


def render_minutes_pdf(*, minutes: Minutes, final: bool = False) -> bytes:
    """Render the official PDF of ``minutes`` and return its bytes.

    A4, tagged PDF/UA-1 with /Lang fr and the minutes' title as document title; drafts carry
    a "Projet" mark on every page (not with ``final``, used by the publication task).
    Raises whatever WeasyPrint raises on a broken document; a resource it may not fetch is
    left out (and logged), never fetched.
    """
    with translation.override("fr"):
        html = render_minutes_html(minutes=minutes, final=final)
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=PortalURLFetcher())
        return document.write_pdf(pdf_variant="pdf/ua-1")
