"""What WeasyPrint 70's PDF/UA tagging leaves out, added to the structure tree before it is written.

WeasyPrint tags a PDF/UA-1 document from its boxes, but a screen reader then meets three
faults in the minutes: a footnote is a ``Span`` at the end of its page, far from its call;
a table-of-contents entry is three nested ``Link`` elements (the title, its ``::after`` page
number, the dot leader), each with its own annotation described by the target's id
(« section-1-titre »); and a ``<span lang="en">`` is not told apart from the French around
it (no ``/Lang``). ``write_tagged_pdf`` writes the PDF with those fixed:

- a footnote (``float: footnote``) becomes a ``Note`` with a unique ``/ID`` (listed in the
  ``/IDTree``), placed right after its call, which becomes a ``Reference``; its marker
  (« 1. ») is its ``Lbl``;
- the ``Link`` elements and annotations of one ``<a>`` on one page become one ``Link``
  element; annotations on the same line are merged into one (the union of their
  rectangles), described (``/Contents``) by the link's own text, e.g. the heading's title in
  the table of contents. When the link prints generated text (leader, page number), that
  text is also its ``/Alt``, so the dots are not read out;
- an element with a ``lang`` attribute gets ``/Lang`` on its structure element.

How: WeasyPrint builds the structure tree in ``weasyprint.pdf.tags._build_box_tree``, one
call per box. ``install_box_recorder`` wraps that function (once, at import) so that, while
``write_tagged_pdf`` runs, each box is recorded with the structure element made for it;
the fixes then run as a WeasyPrint *finisher*, on the ``pydyf`` objects, before the file is
written. Nothing else in WeasyPrint's output changes (the pages look the same). This leans
on a private function of WeasyPrint 70 (pinned in requirements.lock):
tests/meetings/test_minutes_pdf_tags.py fails if an upgrade changes it.
"""

import re
from contextvars import ContextVar

import pydyf
from weasyprint.formatting_structure import boxes as weasyprint_boxes
from weasyprint.pdf import tags as weasyprint_tags

PDF_VARIANT = "pdf/ua-1"

# (box, structure element) pairs of the document being written; None outside write_tagged_pdf.
_RECORD: ContextVar[list | None] = ContextVar("cln_pdf_tags_record", default=None)


def install_box_recorder() -> None:
    """Wrap WeasyPrint's ``_build_box_tree`` so that ``write_tagged_pdf`` learns which box made which element.

    Idempotent. The wrapper yields exactly what WeasyPrint yields; it only records, and only
    while a ``write_tagged_pdf`` call is running (a context variable, so threads and other
    renders are not affected).
    """
    original = weasyprint_tags._build_box_tree
    if getattr(original, "records_boxes", False):
        return

    def build_box_tree(box, parent, *args, **kwargs):
        for element in original(box, parent, *args, **kwargs):
            record = _RECORD.get()
            if record is not None and _is_own_element(box):
                record.append((box, element))
            yield element

    build_box_tree.records_boxes = True
    weasyprint_tags._build_box_tree = build_box_tree


def _is_own_element(box) -> bool:
    """Whether the element WeasyPrint yields for ``box`` was made for it (not a child passed up)."""
    if isinstance(box, weasyprint_boxes.PageBox | weasyprint_boxes.MarginBox):
        return False
    return box.element is not None and box.element_tag not in ("html", "body")


def write_tagged_pdf(document) -> bytes:
    """Write a rendered WeasyPrint ``Document`` as PDF/UA-1 bytes, with notes, links and languages tagged.

    See the module's docstring for what is added to WeasyPrint's own tagging.
    """
    install_box_recorder()
    record: list = []
    token = _RECORD.set(record)
    try:
        return document.write_pdf(
            pdf_variant=PDF_VARIANT, finisher=lambda _document, pdf: complete_structure(pdf, record)
        )
    finally:
        _RECORD.reset(token)


def complete_structure(pdf: pydyf.PDF, record: list) -> None:
    """Add notes, merged links and languages to the structure tree of ``pdf`` (a WeasyPrint finisher).

    ``record`` holds ``(box, structure element)`` pairs, children before their parents.
    """
    tree = _Tree(pdf)
    tag_languages(record)
    tag_links(tree, record)
    tag_footnotes(tree, record)
    tree.write_id_tree()


class _Tree:
    """The pydyf objects of a structure tree, with the few moves the fixes need."""

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        root = self.resolve(pdf.catalog["StructTreeRoot"])
        self.root = root
        self.parent_tree = self.resolve(root["ParentTree"])["Nums"]
        self.page_numbers = {ref: number for number, ref in enumerate(pdf.page_references)}

    def resolve(self, reference):
        """The object a ``b"12 0 R"`` reference points to (pydyf references are bytes)."""
        if isinstance(reference, pydyf.Object):
            return reference
        return self.pdf.objects[int(reference.split()[0])]

    def parent_of(self, element):
        return self.resolve(element["P"])

    def detach(self, element) -> None:
        """Take ``element`` out of its parent's kids."""
        kids = self.parent_of(element)["K"]
        kids[:] = [kid for kid in kids if kid != element.reference]

    def insert_after(self, element, sibling) -> None:
        """Put ``element`` right after ``sibling`` among ``sibling``'s parent's kids."""
        self.detach(element)
        parent = self.parent_of(sibling)
        kids = parent["K"]
        kids.insert(kids.index(sibling.reference) + 1, element.reference)
        element["P"] = parent.reference

    def page_map(self, page_reference):
        """The ParentTree array of a page: structure element reference by MCID."""
        # WeasyPrint writes the pages first, in order: [0, [refs…], 1, [refs…], …].
        return self.parent_tree[2 * self.page_numbers[page_reference] + 1]

    def merge_into(self, target, source) -> None:
        """Move every kid of ``source`` to the end of ``target``'s, then drop ``source``.

        Kids that are structure elements get their new parent; a marked-content id is
        re-pointed in the ParentTree, and written as a marked-content reference when
        ``source`` is on another page than ``target``; an annotation's ParentTree entry
        follows its reference (OBJR).
        """
        for kid in list(source["K"]):
            if isinstance(kid, int):
                self.page_map(source["Pg"])[kid] = target.reference
                if source["Pg"] != target["Pg"]:
                    kid = self._add(pydyf.Dictionary({"Type": "/MCR", "Pg": source["Pg"], "MCID": kid}))
                    kid = kid.reference
            else:
                child = self.resolve(kid)
                if child.get("Type") == "/StructElem":
                    child["P"] = target.reference
                elif child.get("Type") == "/OBJR":
                    self._point_annotation_to(self.resolve(child["Obj"]), target)
            target["K"].append(kid)
        source["K"] = pydyf.Array()
        self.detach(source)

    def _annotation_entry(self, annotation) -> int | None:
        """The index in the ParentTree's ``Nums`` of ``annotation``'s ``StructParent`` key, if any."""
        number = annotation.get("StructParent")
        for index in range(2 * len(self.page_numbers), len(self.parent_tree), 2):
            if self.parent_tree[index] == number:
                return index
        return None

    def _point_annotation_to(self, annotation, element) -> None:
        index = self._annotation_entry(annotation)
        if index is not None:
            self.parent_tree[index + 1] = element.reference

    def drop_annotation(self, element, annotation) -> None:
        """Remove ``annotation`` from its page and ``element``'s kids (it was merged into another)."""
        element["K"][:] = [
            kid
            for kid in element["K"]
            if isinstance(kid, int) or self.resolve(kid).get("Obj") != annotation.reference
        ]
        for page_reference in self.pdf.page_references:
            page = self.resolve(page_reference)
            if "Annots" in page and annotation.reference in page["Annots"]:
                page["Annots"].remove(annotation.reference)
        index = self._annotation_entry(annotation)
        if index is not None:
            del self.parent_tree[index : index + 2]
            del annotation["StructParent"]

    def _add(self, obj):
        self.pdf.add_object(obj)
        return obj

    def write_id_tree(self) -> None:
        """List every element's ``/ID`` in the StructTreeRoot's ``/IDTree`` (PDF/UA wants notes found by ID)."""
        names = []
        seen = set()
        for obj in self.pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem" and "ID" in obj:
                key = str(obj["ID"].string)
                if key not in seen:
                    seen.add(key)
                    names.append((key, obj))
        if not names:
            return
        names.sort(key=lambda pair: pair[0])
        flat = pydyf.Array()
        for _key, obj in names:
            flat.extend([obj["ID"], obj.reference])
        self.root["IDTree"] = self._add(pydyf.Dictionary({"Names": flat})).reference


# --- Languages -------------------------------------------------------------------------------


def tag_languages(record: list) -> None:
    """``/Lang`` on the structure element of every element that has a ``lang`` attribute (not ``<html>``)."""
    for box, element in record:
        if "::" in box.element_tag:
            continue  # generated content (a list marker, a footnote call) belongs to its element's parent
        lang = box.element.get("lang")
        if lang:
            element["Lang"] = pydyf.String(lang)


# --- Links -----------------------------------------------------------------------------------


def _text_of(html_element) -> str:
    return " ".join("".join(html_element.itertext()).split())


def tag_links(tree: _Tree, record: list) -> None:
    """One ``Link`` element per ``<a>`` and page, its annotations merged per line and described by its text."""
    groups: dict = {}
    for box, element in record:
        if element.get("S") != "/Link":
            continue
        key = (id(box.element), element["Pg"])
        groups.setdefault(key, {"a": box.element, "items": [], "generated": False})
        groups[key]["items"].append((box, element))
        if "::" in box.element_tag or getattr(box, "is_leader", False):
            groups[key]["generated"] = True
    for group in groups.values():
        elements = list({id(element): element for _box, element in group["items"]}.values())
        # The outermost element (its parent is not one of the group) is kept; the others merge into it.
        own = {element.reference for element in elements}
        kept = next(element for element in elements if element["P"] not in own)
        for element in elements:
            if element is not kept:
                tree.merge_into(kept, element)
        description = _text_of(group["a"])
        annotations = [
            tree.resolve(tree.resolve(kid)["Obj"])
            for kid in kept["K"]
            if not isinstance(kid, int) and tree.resolve(kid).get("Type") == "/OBJR"
        ]
        merged = _merge_annotations_per_line(tree, kept, annotations)
        for annotation in merged:
            annotation["Contents"] = pydyf.String(description)
        if group["generated"]:
            kept["Alt"] = pydyf.String(description)
        # A nested link's annotation reference (OBJR) must sit in the Link, after its text.
        kept["K"][:] = [kid for kid in kept["K"] if isinstance(kid, int)] + [
            kid for kid in kept["K"] if not isinstance(kid, int)
        ]


def _merge_annotations_per_line(tree: _Tree, element, annotations: list) -> list:
    """Merge annotations whose rectangles share a line into the first of them; the ones left."""
    kept: list = []
    for annotation in annotations:
        rect = _normalised(annotation["Rect"])
        for other in kept:
            other_rect = _normalised(other["Rect"])
            overlap = min(rect[3], other_rect[3]) - max(rect[1], other_rect[1])
            if overlap > 0.5 * min(rect[3] - rect[1], other_rect[3] - other_rect[1]):
                other["Rect"] = pydyf.Array(
                    [
                        min(rect[0], other_rect[0]),
                        min(rect[1], other_rect[1]),
                        max(rect[2], other_rect[2]),
                        max(rect[3], other_rect[3]),
                    ]
                )
                tree.drop_annotation(element, annotation)
                break
        else:
            kept.append(annotation)
    return kept


def _normalised(rect) -> list[float]:
    """``[left, bottom, right, top]`` of a PDF rectangle given in any corner order."""
    x1, y1, x2, y2 = (float(value) for value in rect)
    return [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]


# --- Footnotes -------------------------------------------------------------------------------

_NOT_ID_CHARACTER = re.compile(r"[^A-Za-z0-9_-]")


def tag_footnotes(tree: _Tree, record: list) -> None:
    """Each footnote becomes a ``Note`` (with ``/ID``) placed right after its call, a ``Reference``."""
    calls, notes, markers = {}, {}, {}
    for box, element in record:
        if box.element_tag.endswith("::footnote-call"):
            calls.setdefault(id(box.element), element)
        elif box.element_tag.endswith("::footnote-marker"):
            markers.setdefault(id(box.element), element)
    # The note's own box (laid out in the footnote area, where its float is no longer
    # computed as "footnote") is the one made for the element that has a call.
    for box, element in record:
        if "::" not in box.element_tag and (id(box.element) in calls or id(box.element) in markers):
            notes.setdefault(id(box.element), []).append(element)
    for number, (key, parts) in enumerate(notes.items(), start=1):
        note = parts[0]
        for part in parts[1:]:  # a note WeasyPrint split over two pages
            tree.merge_into(note, part)
        note["S"] = "/Note"
        note["ID"] = pydyf.String(f"note-{number}")
        if key in markers:
            markers[key]["S"] = "/Lbl"
        call = calls.get(key)
        if call is not None:
            call["S"] = "/Reference"
            area = tree.parent_of(note)
            tree.insert_after(note, call)
            if not area["K"]:
                tree.detach(area)
