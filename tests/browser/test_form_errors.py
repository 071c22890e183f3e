"""A form sent with mistakes says what went wrong, in Chromium, under the portal's CSP (issue 13).

After a failed submit: the error summary (« Le formulaire contient n erreurs ») is focused
when the page loads (``document.activeElement``), the title starts with « Erreur : », each
error is a link to its field, each field carries ``aria-invalid="true"`` and
``aria-describedby`` naming its message, and a link of the summary moves the focus to its
field. Checked on the public PDIN registration and on the staff's minutes section editor
(several forms and formsets in one ``<form>``). axe-core is added by an init script, which
the CSP allows, so the page's own script runs under the real policy.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from pdin.models import Registration

from ..meetings.minutes_support import councillor, login_staff, sitting_with_minutes
from ..pdin.factories import OpenEditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = (
    "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
    ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
)
# For each link of the summary: its target, and whether the target says it is invalid and
# is described by an element holding the message the link shows.
SUMMARY_LINKS = """() => Array.from(document.querySelectorAll('#erreurs a')).map(link => {
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  const described = field && (field.getAttribute('aria-describedby')
    || (field.closest('fieldset') && field.closest('fieldset').getAttribute('aria-describedby')) || '');
  const descriptions = (described || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean).map(el => el.textContent.trim());
  const invalid = field && (field.getAttribute('aria-invalid')
    || (field.closest('[aria-invalid]') && field.closest('[aria-invalid]').getAttribute('aria-invalid')));
  return {text: link.textContent.trim(), target: link.hash.slice(1), found: !!field,
          tag: field ? field.tagName.toLowerCase() : null, invalid, descriptions};
})"""


@pytest.fixture
def browser_page(page: Page) -> Page:
    page.context.add_init_script(path=str(AXE))
    page.set_default_timeout(10000)
    return page


def _check_summary(page: Page, count: int) -> list[dict]:
    """The checks every failed form shares; returns the summary's links."""
    summary = page.locator("#erreurs")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text(f"Le formulaire contient {count} erreurs")
    expect(summary).to_be_focused()  # once the page's deferred script has run
    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert page.title().startswith("Erreur\xa0: "), page.title()
    links = page.evaluate(SUMMARY_LINKS)
    assert len(links) == summary.locator("li").count() == count
    for link in links:
        assert link["found"] and link["tag"] in ("input", "textarea", "select"), link
        assert link["invalid"] == "true", link
        message = link["text"].split("\xa0: ", 1)[1]
        assert any(message in text for text in link["descriptions"]), link
    assert page.evaluate(AXE_RUN) == []
    return links


def test_bad_registration_gets_a_focused_error_summary(browser_page: Page, live_server):
    page = browser_page
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=60, title="L’IA au quotidien")
    page.goto(live_server.url + edition.get_absolute_url())

    page.get_by_label("Prénom et nom").fill("Nadia Amrani")
    page.get_by_label("Adresse e-mail").fill("nadia.amrani@")
    page.get_by_role("button", name="M’inscrire").click()  # consent left unticked too

    links = _check_summary(page, 2)
    assert [link["target"] for link in links] == ["id_email", "id_consent"]
    assert links[0]["text"].startswith("Adresse e-mail\xa0: ")
    # The summary's link takes the focus to the field.
    page.locator("#erreurs a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert Registration.objects.count() == 0


@pytest.fixture
def staff_page(browser_page: Page, live_server, staff_user) -> Page:
    client = Client()
    login_staff(client, staff_user)
    browser_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return browser_page


def test_bad_section_edit_gets_a_focused_error_summary(staff_page: Page, live_server):
    page = staff_page
    minutes = sitting_with_minutes(present=[councillor("Anna", "Lenoir")])
    section = minutes.sections.get()
    page.goto(live_server.url + reverse("meetings:minutes_section_edit", args=[minutes.pk, section.pk]))

    page.locator('[name="section-title"]').fill("")
    page.locator('[name="note-0-key"]').fill("source")
    page.locator('[name="note-0-text"]').fill("Article de presse")
    page.locator('[name="note-0-url"]').fill("pas une adresse")
    page.get_by_role("button", name="Enregistrer la section").click()

    links = _check_summary(page, 2)
    assert [link["target"] for link in links] == ["id_section-title", "id_note-0-url"]
    page.locator("#erreurs a").nth(1).click()
    assert page.evaluate("document.activeElement.id") == "id_note-0-url"
    section.refresh_from_db()
    assert section.title  # nothing was saved
