"""Every page each role can reach, found by crawling the demo: accessible, valid, usable at 320 px.

One module-scoped crawl (``site``) loads the demo data inside a transaction that is rolled
back at the end, crawls the portal as the public, a member and staff with Django's test
client, then opens each HTML page in Chromium, where axe-core checks WCAG 2.1 A and AA
(most of RGAA 4.1) and the page is measured at 320 px wide; all pages then go through the
Nu HTML Checker in one call. Chromium fetches the pages from the same test client
(``page.route``), so no live server and no committed data are needed. Each test below
reads the results and names every failing page. The whole crawl runs twice: in French, and
in English (the language cookie the switch sets), so every check holds in both languages.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from .browsing import ORIGIN, open_context
from .crawler import ROLES, CrawlResult, crawl, login, parse

# django_db: makes pytest-django create the test database; each test only reads `site`.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW = 320
# At 320 px, the page must not scroll sideways; name the deepest elements that stick out.
WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out = Array.from(document.querySelectorAll('body *'))
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.skip-link'));
  return [`scrollWidth ${document.documentElement.scrollWidth}px`, ...out
    .filter(el => !out.some(other => other !== el && el.contains(other)))
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}`
               + ` (${Math.round(el.getBoundingClientRect().right)}px): `
               + (el.textContent || '').trim().slice(0, 50))];
}"""
# What the page's CSP blocks (Chromium's console wording changes between versions; the
# DOM event does not). An init script, so it runs under the CSP and before the page's own.
CSP_LISTENER = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || '?'}:${e.lineNumber}`
  + (e.sample ? ` (${e.sample.slice(0, 40)})` : '')));"""
# Pages each role must at least reach in the demo: a crawl that finds fewer is broken.
MINIMUM_PAGES = {"public": 3, "member": 6, "staff": 6}


@dataclass
class BrowserFindings:
    axe: dict[str, list[dict]] = field(default_factory=dict)  # url -> violations
    overflow: dict[str, list[str]] = field(default_factory=dict)  # url -> what sticks out at 320 px
    outside_requests: set[str] = field(default_factory=set)
    page_errors: dict[str, list[str]] = field(default_factory=dict)
    csp_violations: dict[str, list[str]] = field(default_factory=dict)  # url -> what the CSP blocked


@dataclass
class Site:
    language: str  # "fr" or "en": the language the crawl asked for
    crawls: dict[str, CrawlResult]
    browser: dict[str, BrowserFindings]
    vnu: dict[str, list[dict]]  # "role url" -> errors
    seconds: dict[str, float] = field(default_factory=dict)  # how long each phase took


def _check_in_browser(browser, client: Client, result: CrawlResult) -> BrowserFindings:
    """Open each page of ``result`` in Chromium (served by ``client``), run axe and measure."""
    findings = BrowserFindings()
    pages = result.pages
    context = open_context(
        browser,
        client,
        outside=findings.outside_requests,
        html={url: (p.html, p.headers) for url, p in pages.items()},
    )
    # axe is defined in every page before the page's own scripts run (one parse per page);
    # an init script is not an inline script: the portal's CSP lets it run.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    context.add_init_script(script=CSP_LISTENER)
    try:
        for url in pages:
            errors.clear()
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(ORIGIN + url, wait_until="load")
            outcome = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
                " resultTypes: ['violations']})",
                AXE_TAGS,
            )
            if outcome["violations"]:
                findings.axe[url] = outcome["violations"]
            page.set_viewport_size({"width": NARROW, "height": 700})
            wide = page.evaluate(WIDER_THAN_VIEWPORT)
            if wide:
                findings.overflow[url] = wide
            if errors:
                findings.page_errors[url] = list(errors)
            if refused := page.evaluate("() => window.__cspViolations"):
                findings.csp_violations[url] = refused
    finally:
        context.close()
    return findings


def _validate(crawls: dict[str, CrawlResult], folder: Path) -> dict[str, list[dict]]:
    """All pages of all roles through the Nu HTML Checker in one Java call (start-up is ~2 s)."""
    files: dict[str, str] = {}
    for role, result in crawls.items():
        for index, (url, page) in enumerate(result.pages.items()):
            name = f"{role}-{index:03d}.html"
            (folder / name).write_text(page.html, encoding="utf-8")
            files[name] = f"{role} {url}"
    completed = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *(str(folder / n) for n in files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = _vnu_messages(completed)
    errors: dict[str, list[dict]] = {}
    for message in messages:
        name = message.get("url", "?").rsplit("/", 1)[-1]
        errors.setdefault(files.get(name, name), []).append(message)
    return errors


def _vnu_messages(completed: subprocess.CompletedProcess) -> list[dict]:
    """The checker's messages; raises when it did not run to the end or its report is not JSON.

    vnu exits 0 when every file is valid and 1 when it reported errors; anything else (a
    missing Java, a crash) or an output that is not a report with a ``messages`` list means
    nothing was checked: that must never read as "no error".
    """
    trace = f"vnu exited {completed.returncode}:\n{completed.stderr[-2000:]}\n{completed.stdout[-500:]}"
    if completed.returncode not in (0, 1):
        raise RuntimeError(trace)
    try:
        report = json.loads(completed.stderr)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"the Nu HTML Checker's output is not JSON ({error}); {trace}") from error
    if not isinstance(report, dict) or not isinstance(report.get("messages"), list):
        raise RuntimeError(f"the Nu HTML Checker's report has no 'messages' list; {trace}")
    if completed.returncode == 1 and not report["messages"]:
        raise RuntimeError(f"the Nu HTML Checker failed without saying why; {trace}")
    return report["messages"]


@pytest.fixture(scope="module", params=["fr", "en"])
def site(request, django_db_setup, django_db_blocker, browser, tmp_path_factory) -> Site:
    """The demo crawled by each role in one language, checked in Chromium and by the Nu HTML Checker."""
    language = request.param
    from sessions.demo import demo_seed

    if not AXE.exists() or not VNU.exists():
        pytest.fail("node_modules is missing: run `npm ci` (make test does it)")
    folder = tmp_path_factory.mktemp("crawl")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seconds: dict[str, float] = {}
            started = time.monotonic()
            demo_seed(with_accounts=True)
            seconds["demo"] = time.monotonic() - started
            crawls, findings = {}, {}
            for role in ROLES:
                client = Client()
                # What the language switch leaves in the browser (the demo accounts chose none).
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                login(client, role)
                started = time.monotonic()
                crawls[role] = crawl(client, role=role)
                seconds[f"crawl {role}"] = time.monotonic() - started
                started = time.monotonic()
                findings[role] = _check_in_browser(browser, client, crawls[role])
                seconds[f"chromium {role}"] = time.monotonic() - started
            html_folder = folder / "html"
            html_folder.mkdir()
            started = time.monotonic()
            vnu = _validate(crawls, html_folder)
            seconds["vnu"] = time.monotonic() - started
            yield Site(language=language, crawls=crawls, browser=findings, vnu=vnu, seconds=seconds)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _report(failures: dict) -> str:
    return "\n".join(f"- {key}: {value}" for key, value in failures.items())


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_its_pages_and_no_link_is_broken(site, role, record_property):
    result = site.crawls[role]
    record_property(f"pages_{role}", len(result.pages))
    timing = ", ".join(f"{phase} {value:.1f} s" for phase, value in site.seconds.items())
    label = f"{site.language} {role}"
    print(f"\n{label}: {len(result.pages)} HTML pages, {len(result.downloads)} downloads ({timing})")  # noqa: T201
    assert len(result.pages) >= MINIMUM_PAGES[role], sorted(result.pages)
    assert not result.failures, "links answering an error (status, linked from):\n" + _report(result.failures)


def test_the_public_reaches_the_digital_mediation_places(site):
    """« Où se faire aider ? »: the list, a place's page, its fiche PDF and the open data (places app)."""
    result = site.crawls["public"]
    names = {page.url_name for page in result.pages.values()}
    assert {"places:list", "places:detail"} <= names, sorted(names)
    downloads = [url for url in result.downloads if url.startswith("/ou-se-faire-aider/")]
    assert any(url.endswith("/fiche-orientation.pdf") for url in downloads), downloads
    assert any(url.endswith("/lieux-de-mediation-numerique.csv") for url in downloads), downloads


@pytest.mark.parametrize("role", ROLES)
def test_downloads_answer_200_with_their_content_type(site, role):
    wrong = {
        url: (d.status, d.content_type, f"expected {d.expected_type}")
        for url, d in site.crawls[role].downloads.items()
        if d.status != 200 or d.content_type != d.expected_type
    }
    assert not wrong, _report(wrong)


def _axe_summary(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
            for node in v["nodes"][:4]
        )
        for v in violations
    ]


@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_no_wcag_21_aa_violation(site, role):
    failures = {url: _axe_summary(v) for url, v in site.browser[role].axe.items()}
    assert not failures, _report(failures)


def test_every_page_of_the_accessibility_sample_is_crawled_and_checked(site):
    """The statement's sample (home.accessibility_audit.SAMPLE) is pages this crawl checks,
    but for those it cannot reach, which name their own check (``checked_by``, tested to
    exist and run by tests/home/test_accessibility_statement.py)."""
    from home.accessibility_audit import SAMPLE

    # Every crawled page goes through axe, the 320 px check and the Nu checker (the tests above).
    checked = {page.url_name for role in ROLES for page in site.crawls[role].pages.values()}
    assert {page.url_name for page in SAMPLE if not page.checked_by} - checked == set()


def test_every_page_is_valid_html(site):
    failures = {
        key: [
            f"l.{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()[:80]}]" for m in msgs[:6]
        ]
        for key, msgs in site.vnu.items()
    }
    assert not failures, _report(failures)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_at_320_px(site, role):
    assert not site.browser[role].overflow, _report(site.browser[role].overflow)


@pytest.mark.parametrize("role", ROLES)
def test_pages_load_nothing_from_outside_and_raise_no_script_error(site, role):
    findings = site.browser[role]
    assert not findings.outside_requests, sorted(findings.outside_requests)
    assert not findings.page_errors, _report(findings.page_errors)


@pytest.mark.parametrize("role", ROLES)
def test_pages_work_under_their_content_security_policy(site, role):
    """The crawl's pages run in Chromium with their real CSP: nothing on them is refused."""
    assert site.crawls[role].pages
    assert not site.browser[role].csp_violations, _report(site.browser[role].csp_violations)


def _structure_problems(html: str, language: str) -> list[str]:
    """<html lang> the language asked for, a working skip link first, exactly one <h1>."""
    parsed = parse(html)
    problems = []
    tags = _Tags()
    tags.feed(html)
    if tags.html_lang != language:
        problems.append(f'<html lang="{tags.html_lang}">, not "{language}"')
    if language == "en" and "Skip to content" not in html:
        problems.append("the page is not in English (no “Skip to content” link)")
    if not parsed.anchors or not parsed.anchors[0].startswith("#"):
        problems.append("the first link is not a skip link")
    elif parsed.anchors[0][1:] not in tags.ids:
        problems.append(f"the skip link's target {parsed.anchors[0]} does not exist")
    if tags.h1 != 1:
        problems.append(f"{tags.h1} <h1> elements")
    return problems


class _Tags(__import__("html.parser").parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.ids: set[str] = set()
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if a.get("id"):
            self.ids.add(a["id"])


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_its_language_a_skip_link_and_one_h1(site, role):
    failures = {
        url: p
        for url, page in site.crawls[role].pages.items()
        if (p := _structure_problems(page.html, site.language))
    }
    assert not failures, _report(failures)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_a_unique_meaningful_title(site, role):
    pages = site.crawls[role].pages
    by_title: dict[str, list[str]] = {}
    for url, page in pages.items():
        by_title.setdefault(page.title, []).append(url)
    duplicates = {title: urls for title, urls in by_title.items() if len(urls) > 1}
    assert not duplicates, "titles shared by several pages:\n" + _report(duplicates)
    # "– CLN" alone, or a title with nothing before the site name, says nothing.
    empty = {url: page.title for url, page in pages.items() if len(page.title.split("–")[0].strip()) < 4}
    assert not empty, "titles without a page name:\n" + _report(empty)
