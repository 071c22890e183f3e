"""Hostile text for the portal's forms, and a detector of what must never come back out.

Each payload carries a marker (``xss1``…) so that a survivor is traced to its payload. What
counts as surviving: a ``<script>``/``<iframe>``/``<object>``/``<embed>``/``<svg>`` or any
element whose name or attribute names carry the marker, an event-handler attribute
(``on…``) with the marker, or any ``javascript:`` URL. Text shown escaped
(``&lt;script&gt;`` displayed as text, or a form field's ``value``) is safe and allowed.
"""

from __future__ import annotations

from html.parser import HTMLParser

MARKER = "xss"

PAYLOADS = [
    '<script>alert("xss1")</script>',
    "<a href=\"javascript:alert('xss2')\">lien xss2</a>",
    '<img src="x" onerror="alert(\'xss3\')">',
    '" autofocus onfocus="alert(\'xss4\')" x="',
    "' onmouseover='alert(\"xss5\")' y='",
    '<b data-xss6="1" style="color:red">gras xss6</b>',
    "<svg onload=\"alert('xss7')\"></svg><xss8-tag>x</xss8-tag>",
    "[lien xss9](javascript:alert('xss9')) **gras** <iframe src=\"https://evil.example/xss10\"></iframe>",
    "</textarea><script>alert('xss11')</script>",
    "javascript:alert('xss12')",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "meta", "frame"}


class _Detector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        marked = MARKER in tag or any(MARKER in name for name in names)
        if tag in DANGEROUS_TAGS and any(MARKER in (value or "") for _, value in attrs):
            marked = True
        if marked:
            self.found.append(self.get_starttag_text() or tag)
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on") and MARKER in value:
                self.found.append(self.get_starttag_text() or tag)
            elif name in URL_ATTRIBUTES and value.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(self.get_starttag_text() or tag)
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and MARKER in data:
            self.found.append(f"<script>{data[:60]}")


def survivors(html: str) -> list[str]:
    """The hostile markup found live in ``html`` (empty when everything was escaped or cleaned)."""
    detector = _Detector()
    detector.feed(html)
    detector.close()
    return detector.found
