"""Reading a rendered PDF as a person would: text page by page, table of contents, fonts."""

import re
import subprocess
import tempfile
import unicodedata
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
