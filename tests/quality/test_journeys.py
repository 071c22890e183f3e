"""Journeys in a real browser (Debian's Chromium) against a live server on PostgreSQL.

A member logs in, joins an axis, reads and downloads the minutes; a visitor reads the PDIN
programme on a 375-pixel phone. Each journey is also done by keyboard alone on one page:
Tab reaches every control in document order, and each focused control shows an outline.
Also here: the programme page's weight on first load, and that it asks no outside host.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .crawler import DEMO_MEMBER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER_PASSWORD = "demo-membre-cln"
EMAIL_LABEL = re.compile("courriel|e-mail|adresse", re.I)
# An edition's page is /pdin/<series>/<number>/ (a series' programme is /programme/<series>/).
EDITION_LINKS = "main a[href^='/pdin/']"
PHONE = {"width": 375, "height": 740}
PROGRAMME_BUDGET = 150 * 1024  # bytes on first load: HTML, CSS, JS, fonts

FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const all = Array.from(document.querySelectorAll(selector))
    .filter(el => !el.disabled && !el.closest('[inert]') && el.getClientRects().length > 0
                  && getComputedStyle(el).visibility !== 'hidden');
  all.forEach((el, i) => { el.dataset.qaTab = String(i); });
  return all.map(el => (el.innerText || el.value || el.name || el.getAttribute('aria-label') || '')
                        .trim().slice(0, 60));
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {index: el.dataset.qaTab === undefined ? -1 : Number(el.dataset.qaTab),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0,
          shadow: style.boxShadow, label: (el.innerText || el.name || '').trim().slice(0, 60)};
}"""


@pytest.fixture
def demo_site(live_server):
    from sessions.demo import demo_seed

    demo_seed(with_accounts=True)
    return live_server


def tab_through(page: Page) -> list[str]:
    """Press Tab until focus leaves the page; return the problems found (empty: all good).

    Every visible control must be reached, in document order (no positive tabindex), and
    each must show a focus outline of at least 2 px (WCAG 2.4.7, RGAA 10.7).
    """
    controls = page.evaluate(FOCUSABLE)
    problems, reached = [], []
    page.locator("body").focus()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(len(controls) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (reached and focused["index"] == reached[0]):
            break
        if focused["index"] < 0:
            continue  # a control the page added after the count
        reached.append(focused["index"])
        if not (focused["outline"] != "none" and focused["width"] >= 2) and focused["shadow"] in ("none", ""):
            problems.append(f"no visible focus on «{focused['label']}»")
    missing = [controls[i] for i in range(len(controls)) if i not in reached]
    if missing:
        problems.append(f"never reached by Tab: {missing}")
    if reached != sorted(reached):
        problems.append(f"Tab order differs from the document order: {reached}")
    return problems


def focus_by_tab(page: Page, locator, limit: int = 80) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reaches {locator}")


def log_in_by_mouse(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label(EMAIL_LABEL).fill(DEMO_MEMBER)
    page.get_by_label(re.compile("mot de passe", re.I)).first.fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Mon espace"))


def test_member_logs_in_joins_an_axis_reads_and_downloads_the_minutes(demo_site, page: Page):
    log_in_by_mouse(page, demo_site.url)

    join = page.get_by_role("button", name=re.compile(r"^Rejoindre")).first
    axis = re.search(r"«\s*(.+?)\s*»", join.text_content() or "").group(1)
    join.click()
    expect(page.get_by_role("status").filter(has_text="Vous participez")).to_contain_text(axis)
    expect(page.get_by_role("button", name=re.compile(rf"^Quitter.*{re.escape(axis)}"))).to_be_visible()

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Comptes-rendus"
    ).click()
    page.locator("main").get_by_role("link", name=re.compile("séance|compte-rendu", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert urlsplit(page.url).path.startswith("/comptes-rendus/")
    with page.expect_download() as download_info:
        page.locator("main").get_by_role("link", name=re.compile("PDF")).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_member_logs_in_and_joins_an_axis_by_keyboard_alone(demo_site, page: Page):
    page.goto(demo_site.url + "/comptes/login/")
    assert not tab_through(page), tab_through(page)
    focus_by_tab(page, page.get_by_label(EMAIL_LABEL))
    page.keyboard.type(DEMO_MEMBER)
    focus_by_tab(page, page.get_by_label(re.compile("mot de passe", re.I)).first)
    page.keyboard.type(MEMBER_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Mon espace"))

    problems = tab_through(page)
    assert not problems, problems
    join = page.get_by_role("button", name=re.compile(r"^Rejoindre")).first
    focus_by_tab(page, join)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Vous participez")).to_be_visible()


def test_visitor_reads_the_programme_on_a_375_px_phone(demo_site, page: Page):
    page.set_viewport_size(PHONE)
    page.goto(demo_site.url + "/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Programme")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    editions = page.locator(EDITION_LINKS)
    assert editions.count() >= 1
    editions.first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert urlsplit(page.url).path.startswith("/pdin/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_visitor_goes_through_the_programme_by_keyboard_alone(demo_site, page: Page):
    page.set_viewport_size(PHONE)
    page.goto(demo_site.url + "/")

    problems = tab_through(page)
    assert not problems, problems
    # The skip link comes first, shows up when focused, and lands in the main content.
    page.locator("body").focus()
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"
    link = page.locator(EDITION_LINKS).first
    focus_by_tab(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/pdin/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_programme_page_is_light_and_asks_no_outside_host(demo_site, page: Page):
    sizes: dict[str, int] = {}

    def finished(request):
        response = request.response()
        body = response.body() if response else b""
        sizes[request.url] = len(body) + request.sizes()["responseHeadersSize"]

    page.on("requestfinished", finished)
    page.goto(demo_site.url + "/", wait_until="networkidle")

    origin = urlsplit(demo_site.url).netloc
    outside = [
        url for url in sizes if urlsplit(url).scheme.startswith("http") and urlsplit(url).netloc != origin
    ]
    assert not outside, outside
    total = sum(sizes.values())
    detail = "\n".join(f"{size:>8} {url}" for url, size in sorted(sizes.items(), key=lambda i: -i[1]))
    print(f"\nprogramme page, first load: {total} bytes in {len(sizes)} requests\n{detail}")  # noqa: T201
    assert total < PROGRAMME_BUDGET, detail
