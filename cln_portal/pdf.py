"""WeasyPrint for the whole portal: a URL fetcher that never leaves the portal, HTML to PDF,
and storing a rendered PDF on its record (``pdf_store``).

Every PDF the portal renders (the minutes, an axis' opinion) goes through ``html_to_pdf``,
so all are tagged the same way (PDF/UA-1) and fetch nothing from the network or the file
system at large: ``PortalURLFetcher`` serves only ``data:`` URLs and the portal's own static
and media files. Rendering takes about a second: call it from a task or a command, not in a
request, where possible.
"""

import gc
import hashlib
import posixpath
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import FootnoteAreaBox, LineBox, ReplacedBox
from weasyprint.layout import block as weasyprint_block
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
_PUSHABLE = {"p", "li", "dt", "dd", "blockquote", "figure", "figcaption", "tr", "h2", "h3", "h4", "h5", "h6"}
# Blocks printed with the next one (``break-after: avoid`` in static/print/minutes.css).
_KEPT_WITH_NEXT = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Re-renders allowed to put every footnote on its call's page (each pass fixes all it finds).
FOOTNOTE_PASSES = 4


def html_to_pdf(html: str) -> bytes:
    """Render ``html`` (a whole document) to the bytes of a tagged PDF/UA-1 file.

    Relative URLs resolve against ``BASE_URL`` and go through ``PortalURLFetcher``; a
    resource it refuses is left out (and logged by WeasyPrint), never fetched. Raises
    whatever WeasyPrint raises on a broken document. The document's language and title
    come from the HTML (``<html lang>``, ``<title>``). Every footnote prints on its call's
    page: WeasyPrint lays out under ``notes_stay_with_calls`` and a note that strays all
    the same is brought back by re-rendering (``keep_footnotes_with_calls``).
    """
    with collector_paused():
        # In a function of its own, so that the document is garbage when the collector runs.
        return _render_tagged(html)


def _render_tagged(html: str) -> bytes:
    source = HTML(string=html, base_url=BASE_URL, url_fetcher=PortalURLFetcher())
    with notes_stay_with_calls():
        document = keep_footnotes_with_calls(source, source.render(pdf_variant="pdf/ua-1"))
    return write_tagged_pdf(document)


_paused_lock = threading.RLock()
_paused = {"renders": 0, "was_enabled": False, "froze": False}


@contextmanager
def collector_paused():
    """Run the block with Python's cyclic garbage collector off, then collect its garbage once.

    A render allocates a few hundred thousand objects (boxes, styles, layout attempts), so
    the collector ran 1 or 2 full collections in the middle of each one, every time walking
    the whole live box tree and the rest of the process too: about a fifth of the render's
    CPU time on the reference minutes. Here the objects alive before the block are set
    aside (``gc.freeze``), and one collection at the end, once the document is garbage,
    walks only what the block made: the render's garbage is gone, older garbage is left to
    the collector's usual rounds (``gc.unfreeze`` gives it back), as without the pause.
    The price is a higher peak (about 20 MB more for the 15-page reference minutes).
    Concurrent renders in threads share one pause: it ends with the last one, and the
    collector comes back only if it was on before.
    """
    with _paused_lock:
        if not _paused["renders"]:
            _paused["was_enabled"] = gc.isenabled()
            gc.disable()
            # Objects someone else froze (a server doing so at start-up) stay frozen after.
            _paused["froze"] = not gc.get_freeze_count()
            if _paused["froze"]:
                gc.freeze()
        _paused["renders"] += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused["renders"] -= 1
            if not _paused["renders"]:
                gc.collect()
                if _paused["froze"]:
                    gc.unfreeze()
                if _paused["was_enabled"]:
                    gc.enable()


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


# --- Footnotes on their call's page ------------------------------------------------------
#
# WeasyPrint 70 prints a note on the page after its call in two cases (layout/block.py,
# ``_linebox_layout``):
# 1. A call on a page's last lines whose note does not fit under it: with the default
#    ``footnote-policy: auto`` the note goes to the next page and the line stays. The
#    minutes' print CSS sets ``footnote-policy: line`` on the notes: the line goes too.
# 2. A paragraph straddling the page end whose first lines ``orphans`` holds together:
#    to make room for them, WeasyPrint moves the notes already laid out on the page to the
#    next one (Kozea/WeasyPrint#2437), whatever ``footnote-policy`` says, even notes called
#    in the middle of the page, and leaves them there even when the paragraph is pushed
#    after all. No CSS property turns this off; ``_linebox_layout`` skips it only inside
#    a multi-column box (``context.in_column``). Under ``notes_stay_with_calls`` it is
#    given a view of the layout context that says so (``_ColumnLikeContext``): the
#    paragraph is then broken or pushed as ``orphans`` and ``widows`` ask, like any other.
# Whatever still strays is caught after rendering by ``keep_footnotes_with_calls``.

_NOTES_STAY = ContextVar("cln_notes_stay_with_calls", default=False)


class _ColumnLikeContext:
    """WeasyPrint's ``LayoutContext`` seen as inside a column: ``in_column`` is true.

    Every other attribute is read from and written to the real context, whose own methods
    (the footnote area's height, the page bottom) still see ``in_column`` false. In the
    lines' layout ``in_column`` decides only whether notes are moved to make room (case 2
    above) and whether ``break-*: avoid-column``/``column`` values count, which the
    portal's print CSS does not use.
    """

    __slots__ = ("_context",)
    in_column = True

    def __init__(self, context):
        object.__setattr__(self, "_context", context)

    def __getattr__(self, name):
        return getattr(self._context, name)

    def __setattr__(self, name, value):
        setattr(self._context, name, value)


_weasyprint_linebox_layout = getattr(weasyprint_block, "_linebox_layout", None)


def _linebox_layout_keeping_notes(context, *args, **kwargs):
    if _NOTES_STAY.get() and not context.in_column:
        context = _ColumnLikeContext(context)
    return _weasyprint_linebox_layout(context, *args, **kwargs)


# Installed once, in effect only under notes_stay_with_calls(). Should a later WeasyPrint
# drop the function, nothing is installed and keep_footnotes_with_calls does all the work
# (tests/meetings/test_long_minutes_footnotes.py then says how well).
if _weasyprint_linebox_layout is not None:
    weasyprint_block._linebox_layout = _linebox_layout_keeping_notes


@contextmanager
def notes_stay_with_calls():
    """Within this block, WeasyPrint never moves a laid-out note to the next page to make room.

    It otherwise does when a paragraph straddling a page end may not break before its
    first lines (``orphans``), leaving notes whose calls sit higher on the page one page
    late. Used by ``html_to_pdf``; a render outside the block is WeasyPrint's own. Works
    per thread and per task (a ``ContextVar``).
    """
    token = _NOTES_STAY.set(True)
    try:
        yield
    finally:
        _NOTES_STAY.reset(token)


def stray_footnote_calls(document) -> list:
    """The elements (``span.footnote``) whose note WeasyPrint printed on another page than the call.

    In document order; ``document`` is a rendered WeasyPrint ``Document``.
    """
    return list(_stray_calls(document))


def _stray_calls(document) -> dict:
    """``{span.footnote element: index of its call's page}`` for every note printed elsewhere."""
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
    return {element: number for element, number in call_page.items() if note_page.get(element) != number}


def keep_footnotes_with_calls(source: HTML, document, *, passes: int = FOOTNOTE_PASSES):
    """Re-render ``source`` until every note is on its call's page; the final ``Document``.

    ``document`` is ``source`` rendered once. For each stray note, the block straddling
    the end of its call's page (the paragraph, list item or heading holding the next
    page's first line) gets ``break-before: page`` on ``source``'s tree, which WeasyPrint
    reads again at each render: the page then ends before it and nothing there makes room
    by moving notes. A heading kept with that block goes along. When that block already
    starts a page, the call's own block is pushed instead (a call on the last line whose
    note cannot fit under it). The cost is the few lines the pushed block would have put
    on the page, and one render per pass: at most ``passes`` re-renders, each fixing every
    stray note it finds. A document without stray notes is returned as it is (same bytes).
    """
    pushed: set = set()
    for _ in range(passes):
        strays = _stray_calls(document)
        if not strays:
            return document
        parents = {child: parent for parent in source.etree_element.iter() for child in parent}
        blocks = []
        for element, number in strays.items():
            block = _block_to_push(document, number, element, parents, pushed)
            if block is not None and block not in blocks:
                blocks.append(block)
        if not blocks:
            return document
        for block in blocks:
            pushed.add(block)
            style = block.get("style", "")
            block.set("style", f"{style}; break-before: page" if style else "break-before: page")
        document = source.render(pdf_variant="pdf/ua-1")
    return document


def _block_to_push(document, call_page: int, call, parents: dict, pushed: set):
    """The element to start a page with so that ``call``'s note prints on ``call_page``.

    The block straddling the end of ``call_page`` (it holds the next page's first line),
    with the headings kept with it; else the call's own block; ``None`` when both were
    pushed already.
    """
    candidates = []
    if call_page + 1 < len(document.pages):
        first = _first_line_element(document.pages[call_page + 1])
        if first is not None:
            candidates.append(first)
    candidates.append(call)
    for element in candidates:
        block = _pushable_ancestor(element, parents)
        if block is not None:
            block = _with_kept_headings(block, parents)
            if block not in pushed:
                return block
    return None


def _first_line_element(page):
    """The element of the first line (or image) in ``page``'s flow, or ``None``."""
    for box in _descendants(page._page_box.children[0]):
        if isinstance(box, LineBox | ReplacedBox) and box.element is not None:
            return box.element
    return None


def _pushable_ancestor(element, parents: dict):
    while element is not None and element.tag not in _PUSHABLE:
        element = parents.get(element)
    return element


def _with_kept_headings(block, parents: dict):
    """``block``, or the heading (or ``.theme`` label) just before it, printed with it."""
    while (parent := parents.get(block)) is not None:
        siblings = list(parent)
        index = siblings.index(block)
        previous = siblings[index - 1] if index else None
        if previous is None or not (
            previous.tag in _KEPT_WITH_NEXT or "theme" in (previous.get("class") or "").split()
        ):
            return block
        block = previous
    return block


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)
