"""Reading a rendered PDF as a person would: text page by page, table of contents, fonts, tags."""

import io
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_TOC_LINE = re.compile(r"^\s*(?P<title>\S.*?)\s*\.{3,}\s*(?P<page>\d+)\s*$")


def normalise(text: str) -> str:
    """Fold what PDF text extraction varies on: no-break spaces, apostrophes, case, spacing."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _pdftotext(pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def pages_text(pdf: bytes, *, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext; pages are split on form feeds)."""
    text = _pdftotext(pdf, *(["-layout"] if layout else []))
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def toc_entries(pdf: bytes) -> list[tuple[str, int]]:
    """The table of contents as printed: ``[(title, page number)]``, from the dotted leader lines."""
    entries = []
    for page in pages_text(pdf, layout=True):
        if "Table des matières" not in page:
            continue
        after = page.split("Table des matières", 1)[1]
        for line in after.splitlines():
            match = _TOC_LINE.match(line)
            if match:
                entries.append((match["title"], int(match["page"])))
            elif entries and line.strip():
                break
        break
    return entries


def heading_pages(pdf: bytes, titles: list[str]) -> list[int]:
    """The page (1-based) where each title next appears in the body, searched in order.

    The search starts after the printed table of contents, so that the contents themselves
    and any earlier mention do not count: each heading is looked for after the previous one.
    """
    pages = [normalise(page) for page in pages_text(pdf)]
    offsets, combined = [], ""
    for page in pages:
        offsets.append(len(combined))
        combined += page + " "
    position = combined.index("table des matières")
    for title in titles:  # skip the table of contents itself
        position = combined.index(normalise(title), position) + len(normalise(title))
    found = []
    for title in titles:
        position = combined.index(normalise(title), position)
        found.append(max(i for i, start in enumerate(offsets) if start <= position) + 1)
        position += len(normalise(title))
    return found


def fonts(pdf: bytes) -> list[dict]:
    """``pdffonts`` rows as dicts with ``name`` and ``embedded`` (bool)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        output = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in output.splitlines()[2:]:
        columns = line.split()
        # name type... encoding emb sub uni object ID: "emb" is the 5th column from the end.
        rows.append({"name": columns[0], "embedded": columns[-5] == "yes"})
    return rows


@dataclass(eq=False)  # nodes are compared by identity: each points to its parent
class StructNode:
    """One element of a tagged PDF's structure tree, as a screen reader walks it.

    ``type`` is the structure type without its slash (``"LI"``, ``"Link"``, ``"Note"``);
    ``attributes`` holds ``Lang``, ``Alt``, ``ID`` and ``ActualText`` when present;
    ``annotations`` the annotations the element owns (``{"Contents", "Dest", "page"}``);
    ``text`` the text of its own marked content and that of its descendants, in order.
    """

    type: str
    attributes: dict = field(default_factory=dict)
    annotations: list = field(default_factory=list)
    children: list = field(default_factory=list)
    parent: "StructNode | None" = field(default=None, repr=False)
    text: str = ""
    # Its own marked-content texts and its children, in reading order.
    content: list = field(default_factory=list, repr=False)

    def walk(self):
        """This node and every descendant, depth first, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, type_: str) -> list:
        return [node for node in self.walk() if node.type == type_]

    def text_without(self, type_: str) -> str:
        """The text read from this node, skipping every descendant of type ``type_``."""
        return "".join(
            part if isinstance(part, str) else ("" if part.type == type_ else part.text_without(type_))
            for part in self.content
        )

    def previous_sibling(self):
        siblings = self.parent.children
        index = next(i for i, node in enumerate(siblings) if node is self)
        return siblings[index - 1] if index else None


def _marked_content_texts(reader) -> list[dict[int, str]]:
    """For each page, the text shown inside each marked-content id (``{mcid: text}``)."""
    pages = []
    for page in reader.pages:
        texts: dict[int, str] = {}
        stack: list = []

        def before(operator, operands, _cm, _tm, stack=stack):
            if operator == b"BDC":
                properties = operands[1]
                stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def shown(text, _cm, _tm, _font, _size, stack=stack, texts=texts):
            if stack and stack[-1] is not None:
                texts[stack[-1]] = texts.get(stack[-1], "") + text

        page.extract_text(visitor_operand_before=before, visitor_text=shown)
        pages.append(texts)
    return pages


def structure_tree(pdf: bytes) -> StructNode:
    """The structure tree of a tagged PDF (its ``/StructTreeRoot``), with each element's text.

    Text comes from the marked content each element points to (pypdf reads the page's
    content stream); a screen reader reads the same text in the same order.
    """
    import pikepdf
    from pypdf import PdfReader

    texts = _marked_content_texts(PdfReader(io.BytesIO(pdf)))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.obj.objgen: number for number, page in enumerate(document.pages)}

        def kids(element):
            k = element.get("/K")
            if k is None:
                return []
            return list(k) if isinstance(k, pikepdf.Array) else [k]

        def build(element, parent, page):
            node = StructNode(type=str(element.get("/S", "/StructTreeRoot"))[1:], parent=parent)
            for key in ("/Lang", "/Alt", "/ID", "/ActualText"):
                if key in element:
                    node.attributes[key[1:]] = str(element[key])
            if "/Pg" in element:
                page = pages[element.Pg.objgen]
            parts = []
            for kid in kids(element):
                if isinstance(kid, int):
                    parts.append(texts[page].get(kid, ""))
                elif kid.get("/Type") == "/MCR":
                    parts.append(texts[pages[kid.Pg.objgen]].get(int(kid.MCID), ""))
                elif kid.get("/Type") == "/OBJR":
                    annotation = kid.Obj
                    node.annotations.append(
                        {
                            "Contents": str(annotation.get("/Contents", "")),
                            "Dest": str(annotation.get("/Dest", "")),
                            "page": pages[kid.Pg.objgen] if "/Pg" in kid else page,
                        }
                    )
                else:
                    child = build(kid, node, page)
                    node.children.append(child)
                    parts.append(child)
            node.content = parts
            node.text = "".join(part if isinstance(part, str) else part.text for part in parts)
            return node

        return build(document.Root.StructTreeRoot, None, 0)


def page_annotations(pdf: bytes) -> list[dict]:
    """Every annotation of every page: ``{"page", "Subtype", "Contents", "Dest"}``."""
    import pikepdf

    found = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            for annotation in page.obj.get("/Annots", []):
                found.append(
                    {
                        "page": number,
                        "Subtype": str(annotation.get("/Subtype", "")),
                        "Contents": str(annotation.get("/Contents", "")),
                        "Dest": str(annotation.get("/Dest", "")),
                    }
                )
    return found


def tag_figures(pdf: bytes) -> dict:
    """What a screen reader meets in the minutes PDF, counted from its structure tree.

    ``{"attendance_items": [LI per attendance list], "toc_links": Link elements in the table
    of contents, "toc_annotations": annotations leading inside the document, "notes": Note
    elements, "language_spans": [(type, Lang, text)]}``. Run it on any rendered minutes:
    ``.venv/bin/python -c "import sys; sys.path.insert(0, 'tests/meetings'); from pdf_checks import
    tag_figures; print(tag_figures(open('minutes.pdf', 'rb').read()))"``.
    """
    tree = structure_tree(pdf)
    labels = {normalise("Étaient présents :"), normalise("Absences excusées :")}
    items = []
    for node in tree.walk():
        if node.type == "P" and normalise(node.text) in labels:
            following = node.parent.children[node.parent.children.index(node) + 1]
            items.append(len([child for child in following.children if child.type == "LI"]))
    heading = next(n for n in tree.find_all("H2") if normalise(n.text) == normalise("Table des matières"))
    contents = heading.parent.children[heading.parent.children.index(heading) + 1]
    return {
        "attendance_items": items,
        "toc_links": len(contents.find_all("Link")),
        "toc_annotations": len([a for a in page_annotations(pdf) if a["Dest"]]),
        "notes": len(tree.find_all("Note")),
        "language_spans": [
            (n.type, n.attributes["Lang"], n.text) for n in tree.walk() if "Lang" in n.attributes
        ],
    }
