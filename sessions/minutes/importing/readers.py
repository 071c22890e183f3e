"""Read a compte-rendu file into logical blocks: headings, paragraphs, list items, footnotes.

Formats (by the file name's extension):

- ``.txt`` and ``.md``: UTF-8 text, one block per non-blank line. Markdown is understood
  where the city's exports use it: ``#`` headings, ``-``/``*``/``+`` and ``1.`` list items,
  ``[^n]: …`` footnote definitions. Plain text has no styles: the parser recognises headings
  from the document's own table of contents and from the council's fixed headings.
- ``.docx`` (python-docx): heading styles (« Heading n », « Titre n », « Title »), list
  paragraphs (a list style or numbering), bold/italic runs as ``**``/``*``, hyperlinks,
  and real footnotes (the footnotes part), whose calls become ``[^docx-ID]``.
- ``.odt`` (odfpy): ``text:h`` with its outline level, ``text:list`` items, bold/italic
  automatic styles, links, and ``text:note`` footnotes (calls become ``[^odt-ID]``).

Every error is an ``ImportFileError`` with a one-line French message (empty file, wrong
encoding, unreadable document, unknown extension): never a traceback for bad input.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext

# A compte-rendu is a few dozen pages of text: 10 MB is far more than any real one.
MAX_BYTES = 10 * 1024 * 1024

EXTENSIONS = (".txt", ".md", ".docx", ".odt")

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
FOOTNOTE = "footnote"
TITLE = "title"


class ImportFileError(ValueError):
    """The file cannot be read as a compte-rendu; ``str(error)`` is a French sentence for the user."""


@dataclass
class Block:
    """One logical line of the document.

    ``kind``: ``heading`` (with ``level`` 1–6), ``title`` (the document's title style),
    ``paragraph``, ``list_item`` or ``footnote`` (its ``key``: the number or id its calls
    use). ``text`` is Markdown-ish: ``**bold**``, ``*italics*``, ``<url>``, and footnote calls
    ``[^key]`` where the format has real footnotes. ``line`` is where it was read (a line
    of a text file, a paragraph number of a document), for warnings. ``paragraph`` groups
    the lines of a text file not separated by a blank line.
    """

    kind: str
    text: str
    level: int = 0
    line: int = 0
    key: str = ""
    paragraph: int = 0


@dataclass
class Document:
    """The blocks of one file, in reading order, and where it came from (``source``: "ligne"
    for text files, "paragraphe" for documents, used in warnings)."""

    blocks: list[Block] = field(default_factory=list)
    source: str = "ligne"
    has_styles: bool = False
    filename: str = ""


def read_document(data: bytes, filename: str) -> Document:
    """Read ``data`` (the file's bytes) according to ``filename``'s extension.

    Raises ``ImportFileError`` (French message) for an unknown extension, an empty or
    oversized file, text that is not UTF-8, or a document the libraries cannot open.
    """
    extension = PurePath(filename or "").suffix.lower()
    if extension not in EXTENSIONS:
        raise ImportFileError(
            gettext("Format non pris en charge « %(ext)s » : importez un fichier .txt, .md, .docx ou .odt.")
            % {"ext": extension or filename}
        )
    if not data or not data.strip():
        raise ImportFileError(gettext("Le fichier est vide : il n’y a rien à importer."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            gettext("Le fichier dépasse %(size)s Mo : ce n’est pas un compte-rendu.")
            % {"size": MAX_BYTES // 2**20}
        )
    if extension in (".txt", ".md"):
        document = _read_text(data)
    elif extension == ".docx":
        document = _read_docx(data)
    else:
        document = _read_odt(data)
    document.filename = PurePath(filename).name
    if not any(block.text.strip() for block in document.blocks):
        raise ImportFileError(gettext("Le fichier est vide : il n’y a rien à importer."))
    return document


# --- Text and Markdown ----------------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+•]\s+(.*)$")
_MD_FOOTNOTE = re.compile(r"^\[\^([^\]\s]{1,40})\]:\s*(.*)$")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) to ``str``; ``ImportFileError`` for any other encoding.

    A Windows-1252 file (what Word's "Texte brut" saves by default) is named as such, so the
    user knows what to change; nothing is guessed, because a wrong guess corrupts names.
    """
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            gettext(
                "Ce fichier n’est pas un texte (données binaires) : importez un .txt, .md, .docx ou .odt."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            hint = ""
        else:
            hint = gettext(" (il semble enregistré en Windows-1252)")
        raise ImportFileError(
            gettext(
                "Le fichier n’est pas encodé en UTF-8%(hint)s, ligne %(line)s : enregistrez-le en UTF-8 "
                "(« Enregistrer sous », codage Unicode UTF-8) puis importez-le à nouveau."
            )
            % {"hint": hint, "line": line}
        ) from None


def _read_text(data: bytes) -> Document:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    document = Document(source="ligne")
    paragraph = 0
    previous_blank = True
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            previous_blank = True
            continue
        if previous_blank:
            paragraph += 1
        previous_blank = False
        if match := _MD_HEADING.match(line):
            document.blocks.append(
                Block(HEADING, match[2], level=len(match[1]), line=number, paragraph=paragraph)
            )
            document.has_styles = True
        elif match := _MD_FOOTNOTE.match(line):
            document.blocks.append(Block(FOOTNOTE, match[2], key=match[1], line=number, paragraph=paragraph))
        elif (match := _BULLET.match(raw)) and not line.startswith("**"):
            document.blocks.append(Block(LIST_ITEM, match[1].strip(), line=number, paragraph=paragraph))
        else:
            document.blocks.append(Block(PARAGRAPH, line, line=number, paragraph=paragraph))
    return document


# --- Word (.docx) ---------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_HEADING_STYLE = re.compile(r"^(?:heading|titre|überschrift)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list|liste|puce|bullet", re.IGNORECASE)


def _emphasis(text: str, bold: bool, italic: bool) -> str:
    """Wrap ``text`` in Markdown emphasis, keeping outer spaces outside the markers."""
    if not text.strip() or not (bold or italic):
        return text
    marker = "**" if bold and not italic else "*" if italic and not bold else "***"
    stripped = text.strip()
    start = text[: len(text) - len(text.lstrip())]
    end = text[len(text.rstrip()) :]
    return f"{start}{marker}{stripped}{marker}{end}"


def _merge_emphasis(text: str) -> str:
    """Join runs split inside one emphasis ("**a** **b**" stays; "**a****b**" becomes "**ab**")."""
    return text.replace("****", "").replace("**  **", " ")


def _docx_run_text(run, footnote_prefix: str) -> tuple[str, bool, bool]:
    parts = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "footnoteReference":
            parts.append(f"[^{footnote_prefix}{child.get(W + 'id')}]")
    properties = run.find(W + "rPr")
    bold = italic = False
    if properties is not None:
        for name, attribute in (("b", "bold"), ("i", "italic")):
            element = properties.find(W + name)
            if element is not None and element.get(W + "val", "true") not in ("0", "false", "none"):
                if attribute == "bold":
                    bold = True
                else:
                    italic = True
    return "".join(parts), bold, italic


def _docx_paragraph_text(element, rels, footnote_prefix: str = "docx-") -> str:
    """The Markdown-ish text of a ``w:p`` element: runs, emphasis, hyperlinks and footnote calls."""
    pieces = []
    for child in element:
        if child.tag == W + "r":
            text, bold, italic = _docx_run_text(child, footnote_prefix)
            if "[^" in text:
                pieces.append(text)
            else:
                pieces.append(_emphasis(text, bold, italic))
        elif child.tag == W + "hyperlink":
            label = "".join(_docx_run_text(run, footnote_prefix)[0] for run in child.iter(W + "r"))
            target = ""
            rel_id = child.get(R_ID)
            if rel_id and rel_id in rels:
                target = rels[rel_id].target_ref
            if target and label.strip() and label.strip() != target:
                pieces.append(f"[{label.strip()}]({target})")
            elif target:
                pieces.append(f"<{target}>")
            else:
                pieces.append(label)
        elif child.tag in (W + "ins", W + "smartTag", W + "customXml"):
            pieces.append(_docx_paragraph_text(child, rels, footnote_prefix))
    return _merge_emphasis("".join(pieces)).strip()


def _read_docx(data: bytes) -> Document:
    try:
        # python-docx, odfpy and lxml load only when such a file is imported: every web and
        # worker process would otherwise carry them for a page few people open.
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        word = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 -- any failure to open is "unreadable" to the user
        raise ImportFileError(
            gettext(
                "Le document Word (.docx) est illisible : il est endommagé ou n’est pas un vrai .docx. "
                "Ouvrez-le dans votre traitement de texte et enregistrez-le à nouveau au format .docx."
            )
        ) from None
    document = Document(source="paragraphe", has_styles=True)
    rels = word.part.rels
    number = 0
    body = word.element.body
    for element in body.iterchildren():
        if element.tag == W + "p":
            number += 1
            _docx_block(document, element, word, rels, number)
        elif element.tag == W + "tbl":
            # Slides pasted as tables: each cell's paragraphs, row by row.
            for paragraph in element.iter(W + "p"):
                number += 1
                _docx_block(document, paragraph, word, rels, number)
    # Footnotes, from their own part, at the end: the parser matches them to their calls.
    for rel in rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            from lxml import etree  # loaded with python-docx only (see _read_docx)

            root = etree.fromstring(rel.target_part.blob)  # noqa: S320 -- parsed by lxml without entities
            notes_rels = rel.target_part.rels
            for note in root.iter(W + "footnote"):
                if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join(
                    _docx_paragraph_text(p, notes_rels, "docx-") for p in note.iter(W + "p")
                ).strip()
                text = re.sub(r"^\[\^docx-[^\]]+\]\s*", "", text)  # the note's own number mark
                document.blocks.append(Block(FOOTNOTE, text, key=f"docx-{note.get(W + 'id')}", line=0))
    return document


def _docx_block(document: Document, element, word, rels, number: int) -> None:
    from docx.text.paragraph import Paragraph  # loaded only for .docx files (see _read_docx)

    paragraph = Paragraph(element, word._body)
    text = _docx_paragraph_text(element, rels)
    if not text:
        return
    base = paragraph.style
    names = []
    while base is not None:
        names.append(base.name or "")
        base = base.base_style
    level = 0
    for name in names:
        if match := _HEADING_STYLE.match(name.strip()):
            level = int(match[1])
            break
    outline = element.find(f"{W}pPr/{W}outlineLvl")
    if not level and outline is not None:
        level = int(outline.get(W + "val")) + 1
    if any(name.strip().lower() in ("title", "titre") for name in names):
        kind = TITLE
    elif level:
        kind = HEADING
    elif element.find(f"{W}pPr/{W}numPr") is not None or any(_LIST_STYLE.search(n) for n in names):
        kind = LIST_ITEM
    else:
        kind = PARAGRAPH
    _add_lines(document, kind, text, level=level, number=number)


def _add_lines(document: Document, kind: str, text: str, *, level: int = 0, number: int) -> None:
    """One block per line of a paragraph (a line break inside it), all with the paragraph's number,
    as the lines of one paragraph of a text file."""
    for line in text.split("\n"):
        if line.strip():
            document.blocks.append(Block(kind, line.strip(), level=level, line=number, paragraph=number))


# --- OpenDocument (.odt) --------------------------------------------------------------------


def _read_odt(data: bytes) -> Document:
    try:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ValueError("not a zip")
        from odf.opendocument import load  # loaded only for .odt files (see _read_docx)

        odt = load(io.BytesIO(data))
        body = odt.text
    except Exception:  # noqa: BLE001 -- any failure to open is "unreadable" to the user
        raise ImportFileError(
            gettext(
                "Le document OpenDocument (.odt) est illisible : il est endommagé ou n’est pas un vrai .odt. "
                "Ouvrez-le dans votre traitement de texte et enregistrez-le à nouveau au format .odt."
            )
        ) from None
    reader = _OdtReader(odt)
    reader.walk(body, in_list=False)
    return reader.document


class _OdtReader:
    """Walks an odfpy tree; bold/italic come from the automatic and named text styles."""

    TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
    XLINK = "http://www.w3.org/1999/xlink"

    def __init__(self, odt):
        self.document = Document(source="paragraphe", has_styles=True)
        self.number = 0
        self.emphasis: dict[str, tuple[bool, bool]] = {}
        self.paragraph_styles: dict[str, str] = {}
        for container in (odt.automaticstyles, odt.styles):
            for style in container.childNodes:
                if style.qname != (self.STYLE, "style"):
                    continue
                name = style.getAttrNS(self.STYLE, "name")
                parent = style.getAttrNS(self.STYLE, "parent-style-name") or ""
                if parent:
                    self.paragraph_styles[name] = parent
                bold = italic = False
                for properties in style.childNodes:
                    if properties.qname == (self.STYLE, "text-properties"):
                        bold = (properties.getAttrNS(self.FO, "font-weight") or "") == "bold"
                        italic = (properties.getAttrNS(self.FO, "font-style") or "") == "italic"
                self.emphasis[name] = (bold, italic)

    def _style_chain(self, name: str) -> list[str]:
        chain = []
        while name and name not in chain:
            chain.append(name)
            name = self.paragraph_styles.get(name, "")
        return chain

    def walk(self, node, *, in_list: bool) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname == (self.TEXT, "h"):
                self.number += 1
                level = int(child.getAttrNS(self.TEXT, "outline-level") or 1)
                self._add(HEADING, self.inline(child), level=level)
            elif qname == (self.TEXT, "p"):
                self.number += 1
                style = child.getAttrNS(self.TEXT, "style-name") or ""
                chain = [s.lower() for s in self._style_chain(style)]
                kind = TITLE if any(s in ("title", "titre") for s in chain) else PARAGRAPH
                self._add(LIST_ITEM if in_list and kind == PARAGRAPH else kind, self.inline(child))
            elif qname == (self.TEXT, "list"):
                self.walk(child, in_list=True)
            elif qname in ((self.TEXT, "list-item"), (self.TEXT, "section")):
                self.walk(child, in_list=in_list)
            elif qname is not None and qname[1] in ("table", "table-row", "table-cell", "table-rows"):
                self.walk(child, in_list=False)

    def _add(self, kind: str, text: str, level: int = 0) -> None:
        _add_lines(self.document, kind, _merge_emphasis(text).strip(), level=level, number=self.number)

    def inline(self, node) -> str:
        parts = []
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                parts.append(str(child.data))
                continue
            qname = child.qname
            if qname == (self.TEXT, "s"):
                parts.append(" " * int(child.getAttrNS(self.TEXT, "c") or 1))
            elif qname == (self.TEXT, "tab"):
                parts.append("\t")
            elif qname == (self.TEXT, "line-break"):
                parts.append("\n")
            elif qname == (self.TEXT, "span"):
                bold, italic = self.emphasis.get(
                    child.getAttrNS(self.TEXT, "style-name") or "", (False, False)
                )
                inner = self.inline(child)
                parts.append(inner if "[^" in inner else _emphasis(inner, bold, italic))
            elif qname == (self.TEXT, "a"):
                label = self.inline(child).strip()
                href = child.getAttrNS(self.XLINK, "href") or ""
                parts.append(f"[{label}]({href})" if label and href and label != href else f"<{href}>")
            elif qname == (self.TEXT, "note"):
                key = f"odt-{child.getAttrNS(self.TEXT, 'id') or len(self.document.blocks)}"
                parts.append(f"[^{key}]")
                for part in child.childNodes:
                    if getattr(part, "qname", None) == (self.TEXT, "note-body"):
                        text = " ".join(
                            self.inline(p)
                            for p in part.childNodes
                            if getattr(p, "qname", None) == (self.TEXT, "p")
                        )
                        self.document.blocks.append(Block(FOOTNOTE, text.strip(), key=key, line=self.number))
            else:
                parts.append(self.inline(child))
        return "".join(parts)
