"""Text spacing (WCAG 1.4.12, RGAA 10.12): with the spacing a reader may impose, nothing is lost.

The user style sheet of WCAG's test (line height 1.5, paragraphs 2 em apart, letters 0.12 em,
words 0.16 em) is added to public pages and to a failed form, in Chromium at 320 and 1280 px:
no sideways scroll, and no element that hides its overflowing text (``overflow: hidden``
with content taller or wider than its box). The user style sheet is a <style> element, which
the portal's CSP would refuse: the test's browser ignores the CSP.
"""

import datetime

import pytest
from playwright.sync_api import Page

from ..pdin.factories import OpenEditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""
CLIPPED = """() => Array.from(document.querySelectorAll('body *')).filter(el => {
  const style = getComputedStyle(el);
  if (!['hidden', 'clip'].includes(style.overflowX) && !['hidden', 'clip'].includes(style.overflowY)) return false;
  if (el.closest('.skip-link, .visually-hidden, .hp-field')) return false;
  return (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) && el.textContent.trim();
}).map(el => el.tagName.toLowerCase() + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40))"""


@pytest.mark.browser_context_args(bypass_csp=True)
def test_imposed_text_spacing_loses_nothing(page: Page, live_server):
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=60, title="L’IA au quotidien")
    urls = ["/", edition.get_absolute_url(), "/mentions-legales/", "/accessibilite/", "/comptes/login/"]
    problems = {}
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for url in urls:
            page.goto(live_server.url + url)
            page.add_style_tag(content=SPACING)
            wide = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            clipped = page.evaluate(CLIPPED)
            if wide or clipped:
                problems[f"{width} {url}"] = (wide, clipped)
        # A failed registration: the error summary and the messages under the fields too.
        page.goto(live_server.url + edition.get_absolute_url())
        page.get_by_role("button", name="M’inscrire").click()
        page.add_style_tag(content=SPACING)
        clipped = page.evaluate(CLIPPED)
        if (
            page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            or clipped
        ):
            problems[f"{width} failed registration"] = clipped
    assert problems == {}
