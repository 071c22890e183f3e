"""A crawler over the portal through Django's test client: the page list is discovered, never typed.

``crawl(client, role=…)`` starts from the home page (and ``/espace/`` for accounts), follows
every same-origin link, and records each HTML page (its HTML and its POST forms) and each
download (PDF, calendar, CSV, JSON: status and content type only). It stays bounded: at
most ``PER_NAME`` URLs per resolved URL name (``pdin:edition_detail`` is visited for two
editions, not sixty), and never the admin, the logout or the language link.
"""

from __future__ import annotations

import mimetypes
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve, reverse

PER_NAME = 2
DEMO_STAFF = "charge-de-mission@example.org"
DEMO_MEMBER = "anais.garnier@example.org"
ROLES = ("public", "member", "staff")

# Downloads are checked (status, content type) but never parsed for links.
DOWNLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".ics": "text/calendar",
    ".csv": "text/csv",
    ".json": "application/json",
    ".atom": "application/atom+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
SKIPPED_PREFIXES = ("/admin/", "/static/")
# Text-like inputs: what a person types into (and what hostile input goes through).
TEXT_INPUT_TYPES = {"text", "email", "url", "search", "tel", "password", "number", "date", "time", ""}


@dataclass
class Field:
    """One control of a form: ``kind`` is the input type, ``textarea`` or ``select``."""

    name: str
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    required: bool = False
    tabindex: str = ""  # "-1": out of the tab order, never typed into by a person (a honeypot)

    @property
    def is_text(self) -> bool:
        return self.kind == "textarea" or self.kind in TEXT_INPUT_TYPES


@dataclass
class Form:
    """A ``<form method="post">`` found on a page: where it posts and its controls."""

    page: str
    action: str
    fields: list[Field] = field(default_factory=list)

    def defaults(self) -> dict[str, str | list[str]]:
        """What a browser would send untouched (checked boxes, first option, hidden values)."""
        data: dict[str, list[str]] = {}
        for control in self.fields:
            if control.kind in ("checkbox", "radio"):
                if control.checked:
                    data.setdefault(control.name, []).append(control.value or "on")
            elif control.kind == "select":
                if control.options:
                    data.setdefault(control.name, []).append(control.value or control.options[0])
            elif control.kind not in ("submit", "button", "reset", "file", "image"):
                data.setdefault(control.name, []).append(control.value)
        return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


@dataclass
class Page:
    url: str
    url_name: str
    html: str
    title: str
    forms: list[Form]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Download:
    url: str
    status: int
    content_type: str
    expected_type: str


@dataclass
class CrawlResult:
    role: str
    pages: dict[str, Page] = field(default_factory=dict)
    downloads: dict[str, Download] = field(default_factory=dict)
    # url -> (status, the page that linked to it)
    failures: dict[str, tuple[int, str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)

    @property
    def forms(self) -> list[Form]:
        """Every distinct POST form (by action), except the logout button."""
        logout = reverse("account_logout")
        seen: dict[str, Form] = {}
        for page in self.pages.values():
            for form in page.forms:
                if urlsplit(form.action).path != logout:
                    seen.setdefault(form.action, form)
        return list(seen.values())

    def forms_per_view(self, limit: int = 1) -> list[Form]:
        """``forms``, at most ``limit`` per view posted to (join/leave × six axes: one each)."""
        count: Counter[str] = Counter()
        kept = []
        for form in self.forms:
            name = _url_name(urlsplit(form.action).path) or form.action
            if count[name] < limit:
                count[name] += 1
                kept.append(form)
        return kept


class _PageParser(HTMLParser):
    """Links, title and POST forms of a page (the standard library's tolerant parser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: list[str] = []  # <a href> only, in order: the first must be the skip link
        self.title = ""
        self._in_title = False
        self.forms: list[tuple[str, list[Field]]] = []
        self._form: list[Field] | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag in ("a", "area") and "href" in a:
            self.links.append(a["href"])
            self.anchors.append(a["href"])
        elif tag == "link" and a.get("rel") == "alternate" and "href" in a:
            self.links.append(a["href"])
        elif tag == "title":
            self._in_title = True
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = []
                self.forms.append((a.get("action", ""), self._form))
            else:
                self._form = None
                if "action" in a:
                    self.links.append(a["action"])
        elif self._form is not None and "name" in a:
            if tag in ("input", "button"):
                kind = a.get("type", "text" if tag == "input" else "submit").lower()
                self._form.append(
                    Field(
                        a["name"],
                        kind,
                        a.get("value", ""),
                        checked="checked" in a,
                        required="required" in a,
                        tabindex=a.get("tabindex", ""),
                    )
                )
            elif tag == "textarea":
                self._textarea = Field(a["name"], "textarea", required="required" in a)
                self._form.append(self._textarea)
            elif tag == "select":
                self._select = Field(a["name"], "select", required="required" in a)
                self._form.append(self._select)
        if tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.value = value

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._textarea is not None:
            self._textarea.value += data


def _same_origin_hosts() -> set[str]:
    return {"testserver", "", urlsplit(settings.SITE_URL).netloc}


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _download_type(path: str) -> str | None:
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in DOWNLOAD_TYPES:
        return DOWNLOAD_TYPES[suffix]
    if path.rstrip("/").endswith(("/pdf", "/ics", "/csv", "/json", "/calendrier.ics")):
        return DOWNLOAD_TYPES["." + path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[-1]]
    return None


def _normalise(href: str, base: str) -> str | None:
    """The site-relative URL (path and query) of a link, or None when it leaves the site."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    if href.startswith("webcal://"):
        href = "http://" + href[len("webcal://") :]
    absolute, _fragment = urldefrag(urljoin("http://testserver" + base, href))
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc not in _same_origin_hosts():
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def _media_download(url: str) -> Download:
    """A /media/ link: the web server (not Django) serves it in production; check the file."""
    path = urlsplit(url).path[len(settings.MEDIA_URL) :]
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return Download(url, 200 if default_storage.exists(path) else 404, guessed, guessed)


def crawl(
    client, *, role: str, start: tuple[str, ...] | None = None, fetch_downloads: bool = True
) -> CrawlResult:
    """Visit every page ``client`` can reach from the home page (and ``/espace/`` for accounts).

    ``fetch_downloads=False`` leaves out the URLs that look like downloads (``…/pdf/``,
    ``.ics``, ``.csv``…): the form tests need the pages, not a PDF rendered on the fly.
    """
    if start is None:
        start = ("/",) if role == "public" else ("/", reverse("home:dashboard"))
    logout = reverse("account_logout")
    # The visitors' language link is an action, not a page: following it would switch the
    # rest of the crawl to the other language (tests/test_site_chrome.py tests it).
    actions = {logout, reverse("public:language")}
    result = CrawlResult(role=role)
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in start)
    seen: set[str] = set()
    per_name: Counter[str] = Counter()
    while queue:
        url, referrer = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        if path.startswith(SKIPPED_PREFIXES) or path in actions:
            result.skipped.add(url)
            continue
        if path.startswith(settings.MEDIA_URL):
            result.downloads[url] = _media_download(url)
            continue
        if not fetch_downloads and _download_type(path):
            result.skipped.add(url)
            continue
        name = _url_name(path) or f"unresolved:{path}"
        if per_name[name] >= PER_NAME:
            result.skipped.add(url)
            continue
        per_name[name] += 1
        response = client.get(url)
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        expected = _download_type(path)
        if response.status_code in (301, 302, 303, 307, 308):
            target = _normalise(response["Location"], path)
            result.redirects[url] = response["Location"]
            if target:
                queue.append((target, url))
            continue
        if expected or (response.status_code == 200 and content_type != "text/html"):
            result.downloads[url] = Download(
                url, response.status_code, content_type, expected or content_type
            )
            if response.streaming:
                # Read to the end: the test client then closes it without closing the
                # database connection (response.close() alone would, inside a transaction).
                response.getvalue()
            continue
        if response.status_code != 200:
            result.failures[url] = (response.status_code, referrer)
            continue
        html = response.content.decode()
        parsed = parse(html)
        forms = [
            Form(page=url, action=_normalise(action, path) or url, fields=fields)
            for action, fields in parsed.forms
        ]
        result.pages[url] = Page(
            url, name, html, re.sub(r"\s+", " ", parsed.title).strip(), forms, dict(response.headers)
        )
        for href in parsed.links:
            target = _normalise(href, path)
            if target and target not in seen:
                queue.append((target, url))
    return result


def login(client, role: str):
    """Log ``client`` in as the demo account of ``role`` without the login form.

    ``force_login`` skips the password form and any second factor (staff may be asked for
    a TOTP code): the crawl checks pages, not the login flow (the journeys do).
    Returns the user, or None for the public.
    """
    from members.models import User

    if role == "public":
        return None
    user = User.objects.get(email=DEMO_STAFF if role == "staff" else DEMO_MEMBER)
    client.force_login(user)
    if user.is_staff:
        try:
            from members.middleware import SESSION_KEY as MFA_DONE
        except ImportError:  # no second factor enforced for staff
            return user
        # What the login with a TOTP code leaves in the session (members.middleware).
        session = client.session
        session[MFA_DONE] = user.pk
        session.save()
    return user
