"""Word and OpenDocument versions of a plain-text compte-rendu, made as a secretary would.

The text's own table of contents says which lines are headings (a part has no dotted
leader, a section has one); « Objectif » and « Questions et propositions formulées » are
level-3 headings; the bold title is a Title paragraph; « - » lines are list paragraphs;
footnote definitions (« ¹ Text : <url> ») become real footnotes at their call (a
superscript digit, ``[n]`` or a digit glued to a word). The table of contents itself is left
out, as a word processor computes its own. Lines of one paragraph stay one paragraph with
line breaks. ``**bold**`` and ``*italics*`` become bold and italic runs.

This is test code: it knows the text conventions, never the importer's parser.
"""

import io
import re
import unicodedata

TOC_ENTRY = re.compile(r"^(?P<title>\S.*?)(?P<dots>\.{2,})?\t\s*\d{1,3}$")
NOTE = re.compile(r"^(?P<mark>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d+\]|\d{1,2})\s+(?P<text>\S.*https?://.*)$")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUBHEADINGS = {"Objectif", "Questions et propositions formulées"}


def _number(mark: str) -> int:
    return int(unicodedata.normalize("NFKC", mark).strip("[]"))


def structure(text: str) -> list[dict]:
    """The text as paragraphs: ``{"kind": title|heading|list|paragraph, "level", "lines"}``,
    plus ``{"kind": "notes", "notes": {n: text}}`` first."""
    lines = text.splitlines()
    headings: dict[str, int] = {}
    notes: dict[int, str] = {}
    in_toc = False
    for line in lines:
        if line.strip() == "Table des matières":
            in_toc = True
            continue
        if in_toc:
            match = TOC_ENTRY.match(line.strip())
            if match:
                headings[match["title"].strip()] = 2 if match["dots"] else 1
                continue
            if line.strip():
                in_toc = False
        if match := NOTE.match(line.strip()):
            notes[_number(match["mark"])] = match["text"]
    paragraphs: list[dict] = [{"kind": "notes", "notes": notes}]
    current: dict | None = None
    in_toc = False
    seen_headings: set[str] = set()
    for line in lines + [""]:
        stripped = line.strip()
        if stripped == "Table des matières":
            in_toc = True
            continue
        if in_toc:
            if TOC_ENTRY.match(stripped) or not stripped:
                continue
            in_toc = False
        if not stripped:
            current = None
            continue
        if NOTE.match(stripped):
            current = None
            continue
        if stripped in headings and stripped not in seen_headings and current is None:
            seen_headings.add(stripped)
            paragraphs.append({"kind": "heading", "level": headings[stripped], "lines": [stripped]})
            continue
        if stripped in SUBHEADINGS:
            paragraphs.append({"kind": "heading", "level": 3, "lines": [stripped]})
            current = None
            continue
        if stripped.startswith("- "):
            paragraphs.append({"kind": "list", "lines": [stripped[2:]]})
            current = None
            continue
        if current is None:
            is_title = stripped.startswith("**") and re.search(r"\d{4}", stripped) and not seen_headings
            current = {"kind": "title" if is_title else "paragraph", "lines": []}
            paragraphs.append(current)
        current["lines"].append(stripped)
    for paragraph in paragraphs[1:]:
        # Bold over several lines (« **CONSEIL … :» / « UNE PREMIÈRE … ** »): bold on each line.
        lines = paragraph.get("lines", [])
        if (
            len(lines) > 1
            and lines[0].startswith("**")
            and lines[-1].endswith("**")
            and lines[0].count("**") % 2
        ):
            paragraph["lines"] = [f"**{line.strip('*').strip()}**" for line in lines]
    return paragraphs


def _runs(text: str, notes: dict[int, str], placed: set[int]):
    """``(text, bold, italic, note number or None)`` pieces of a line: emphasis and note calls."""
    # Note calls first: superscript digits, [n], or a digit glued to a word, for notes not placed yet.
    pieces: list[tuple[str, bool, bool, int | None]] = []
    pattern = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")
    for chunk in pattern.split(text):
        if not chunk:
            continue
        bold = chunk.startswith("**") and chunk.endswith("**") and len(chunk) > 4
        italic = not bold and chunk.startswith("*") and chunk.endswith("*") and len(chunk) > 2
        inner = chunk[2:-2] if bold else chunk[1:-1] if italic else chunk
        pieces.extend(_calls(inner, bold, italic, notes, placed))
    return pieces


def _calls(text: str, bold: bool, italic: bool, notes: dict[int, str], placed: set[int]):
    for number in sorted(notes):
        if number in placed:
            continue
        for call in (str(number).translate(SUPERSCRIPT), f"[{number}]"):
            if call in text:
                before, after = text.split(call, 1)
                placed.add(number)
                return [
                    *_calls(before, bold, italic, notes, placed),
                    ("", bold, italic, number),
                    *_calls(after, bold, italic, notes, placed),
                ]
        glued = re.search(rf"(?<=[^\W\d_]){number}(?![\d\w])", text)
        if glued:
            placed.add(number)
            return [
                *_calls(text[: glued.start()], bold, italic, notes, placed),
                ("", bold, italic, number),
                *_calls(text[glued.end() :], bold, italic, notes, placed),
            ]
    return [(text, bold, italic, None)] if text else []


# --- Word -------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _note_link_runs(text: str) -> str:
    """A footnote's text as WordprocessingML runs (XML-escaped), the link kept as typed text."""
    from xml.sax.saxutils import escape

    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def make_docx(text: str) -> bytes:
    """The compte-rendu as a .docx: heading styles, list paragraphs, real footnotes."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    paragraphs = structure(text)
    notes = paragraphs[0]["notes"]
    document = docx.Document()
    placed: set[int] = set()
    for paragraph in paragraphs[1:]:
        if paragraph["kind"] == "heading":
            target = document.add_heading(level=paragraph["level"])
        elif paragraph["kind"] == "title":
            target = document.add_paragraph(style="Title")
        elif paragraph["kind"] == "list":
            target = document.add_paragraph(style="List Bullet")
        else:
            target = document.add_paragraph()
        for index, line in enumerate(paragraph["lines"]):
            if index:
                target.add_run().add_break(WD_BREAK.LINE)
            for piece, bold, italic, number in _runs(line, notes, placed):
                if number is not None:
                    run = target.add_run()
                    run._r.append(
                        parse_xml(f'<w:rPr xmlns:w="{W_NS}"><w:vertAlign w:val="superscript"/></w:rPr>')
                    )
                    run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W_NS}" w:id="{number}"/>'))
                    continue
                run = target.add_run(piece)
                run.bold = bold or None
                run.italic = italic or None
    body = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>{_note_link_runs(note)}</w:p>'
        "</w:footnote>"
        for number, note in sorted(notes.items())
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f"</w:footnote>{body}</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml.encode(),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- OpenDocument --------------------------------------------------------------------------------


def make_odt(text: str) -> bytes:
    """The compte-rendu as an .odt: text:h with outline levels, text:list, text:note footnotes."""
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, LineBreak, List, ListItem, Note, NoteBody, NoteCitation, P, Span

    document = OpenDocumentText()
    title_style = Style(name="Title", family="paragraph")
    title_style.addElement(ParagraphProperties())
    document.styles.addElement(title_style)
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    italic = Style(name="Italique", family="text")
    italic.addElement(TextProperties(fontstyle="italic"))
    bold_italic = Style(name="GrasItalique", family="text")
    bold_italic.addElement(TextProperties(fontweight="bold", fontstyle="italic"))
    for style in (bold, italic, bold_italic):
        document.automaticstyles.addElement(style)

    paragraphs = structure(text)
    notes = paragraphs[0]["notes"]
    placed: set[int] = set()

    def fill(element, lines):
        for index, line in enumerate(lines):
            if index:
                element.addElement(LineBreak())
            for piece, is_bold, is_italic, number in _runs(line, notes, placed):
                if number is not None:
                    note = Note(id=f"ftn{number}", noteclass="footnote")
                    note.addElement(NoteCitation(text=str(number)))
                    note_body = NoteBody()
                    note_body.addElement(P(text=notes[number]))
                    note.addElement(note_body)
                    element.addElement(note)
                elif is_bold or is_italic:
                    style = bold_italic if is_bold and is_italic else bold if is_bold else italic
                    element.addElement(Span(stylename=style, text=piece))
                else:
                    element.addText(piece)

    current_list = None
    for paragraph in paragraphs[1:]:
        if paragraph["kind"] == "list":
            if current_list is None:
                current_list = List()
                document.text.addElement(current_list)
            item = ListItem()
            element = P()
            fill(element, paragraph["lines"])
            item.addElement(element)
            current_list.addElement(item)
            continue
        current_list = None
        if paragraph["kind"] == "heading":
            element = H(outlinelevel=paragraph["level"])
        elif paragraph["kind"] == "title":
            element = P(stylename=title_style)
        else:
            element = P()
        fill(element, paragraph["lines"])
        document.text.addElement(element)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def make_markdown(text: str) -> bytes:
    """The compte-rendu as Markdown: ``#``/``##``/``###`` headings and ``[^n]`` footnotes."""
    paragraphs = structure(text)
    notes = paragraphs[0]["notes"]
    placed: set[int] = set()
    out = []
    for paragraph in paragraphs[1:]:
        rendered = []
        for line in paragraph["lines"]:
            pieces = _runs(line, notes, placed)
            rendered.append(
                "".join(
                    f"[^{number}]"
                    if number is not None
                    else (f"**{piece}**" if is_bold else f"*{piece}*" if is_italic else piece)
                    for piece, is_bold, is_italic, number in pieces
                )
            )
        if paragraph["kind"] == "heading":
            out.append("#" * paragraph["level"] + " " + rendered[0])
        elif paragraph["kind"] == "list":
            out.append("- " + rendered[0])
        else:
            out.append("\n".join(rendered))
    out += [f"[^{number}]: {note}" for number, note in sorted(notes.items())]
    return "\n\n".join(out).encode()
