"""What changed between two published versions of the minutes, line by line, for the minutes page.

A published version is frozen as its HTML page (``Minutes.html_snapshot``, rendered with
its PDF); the diff compares the text of the two pages, one line per block (heading,
paragraph, list item, table row), with :mod:`difflib`. Unchanged runs are cut down to
``CONTEXT`` lines around each change.
"""

import difflib
from dataclasses import dataclass
from html.parser import HTMLParser

from ..models import Minutes
from .pdf import render_minutes_page_html

CONTEXT = 1

# Elements that end a line of text.
_BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "div", "section",
    "article", "header", "footer", "blockquote", "br", "caption", "figcaption", "table", "ul", "ol",
}  # fmt: skip


class _TextLines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._current: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.lines.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCKS:
            self._flush()
        elif tag in ("td", "th"):
            self._current.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data) -> None:
        if not self._skip:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def page_text_lines(html: str) -> list[str]:
    """The visible text of an HTML page, one line per block, whitespace collapsed."""
    parser = _TextLines()
    parser.feed(html)
    parser.close()
    return parser.lines


def _page_html(minutes: Minutes) -> str:
    # As the minutes page shows it: the frozen page, or the records for a version
    # published before pages were frozen.
    return minutes.html_snapshot or render_minutes_page_html(minutes=minutes)


@dataclass(frozen=True)
class DiffLine:
    """One line of the diff: ``kind`` is "added", "removed", "same" or "gap" (unchanged lines cut)."""

    kind: str
    text: str = ""


@dataclass(frozen=True)
class MinutesDiff:
    older: Minutes
    newer: Minutes
    lines: list[DiffLine]

    @property
    def added(self) -> int:
        return sum(line.kind == "added" for line in self.lines)

    @property
    def removed(self) -> int:
        return sum(line.kind == "removed" for line in self.lines)


def text_diff(old: list[str], new: list[str], *, context: int = CONTEXT) -> list[DiffLine]:
    """Removed then added lines of each change, with ``context`` unchanged lines around them."""
    lines: list[DiffLine] = []
    shown_until = 0  # index in ``old`` after the last line shown
    for group in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_grouped_opcodes(context):
        if group[0][1] > shown_until:
            lines.append(DiffLine("gap"))
        shown_until = group[-1][2]
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("same", text) for text in old[i1:i2])
                continue
            lines.extend(DiffLine("removed", text) for text in old[i1:i2])
            lines.extend(DiffLine("added", text) for text in new[j1:j2])
    if lines and shown_until < len(old):
        lines.append(DiffLine("gap"))
    return lines


def minutes_diff(*, older: Minutes, newer: Minutes) -> MinutesDiff:
    """What changed from ``older`` to ``newer`` (two versions of the same sitting's minutes).

    Raises ``ValueError`` when they are not two published versions of one sitting: a draft
    changes, and comparing with it would say nothing lasting.
    """
    if older.meeting_id != newer.meeting_id or not (older.is_published and newer.is_published):
        raise ValueError("two published versions of the same sitting's minutes are needed")
    lines = text_diff(page_text_lines(_page_html(older)), page_text_lines(_page_html(newer)))
    return MinutesDiff(older=older, newer=newer, lines=lines)
