"""The minutes editor (« Rédaction : … », the staff's page to write up a sitting), checked as
the crawl checks its pages: the demo's minutes are all published, so the crawl never opens
an editable one; this module opens a draft with a pending correction instead (issue 13).

In Chromium, under the page's own Content-Security-Policy, fed by Django's test client
(``browsing.open_context``): axe-core finds no WCAG 2.1 A/AA violation in French or in
English, before and after a failed submit, and the page is valid HTML (Nu checker); after
the failed submit the error summary is there, focused, the title starts with « Erreur : »
and each field's message is named by its ``aria-describedby``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sessions.models import MinutesCorrection

from ..meetings.minutes_support import councillor, login_staff, sitting_with_minutes
from .browsing import ORIGIN, open_context
from .test_crawl import AXE, AXE_TAGS, VNU, _axe_summary, _vnu_messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# For each link of the summary: whether its field says it is invalid and is described by
# an element holding the link's message.
SUMMARY_LINKS = """() => Array.from(document.querySelectorAll('#erreurs a')).map(link => {
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  const described = (field && field.getAttribute('aria-describedby')) || '';
  const descriptions = described.split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean).map(el => el.textContent.trim());
  return {target: link.hash.slice(1), text: link.textContent.trim(), found: !!field,
          invalid: field && field.getAttribute('aria-invalid'), descriptions};
})"""


@pytest.fixture
def editor(staff_user):
    """A draft under review with a correction waiting for a decision, and a staff client."""
    minutes = sitting_with_minutes(status="review", present=[councillor("Anna", "Lenoir")])
    MinutesCorrection.objects.create(
        minutes=minutes,
        section=minutes.sections.get(),
        author=staff_user,
        text="Le budget est de 2 M€, pas de 3.",
    )
    client = Client()
    login_staff(client, staff_user)
    return client, minutes


def _axe(browser, client: Client, url: str, html: str, headers) -> tuple[list[str], str, str, str]:
    """axe-core's violations on ``html`` served at ``url``; also the focused element's id and the title."""
    context = open_context(browser, client, outside=set(), html={url: (html, headers)})
    context.add_init_script(path=str(AXE))
    try:
        page = context.new_page()
        page.goto(ORIGIN + url, wait_until="load")
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})).violations",
            AXE_TAGS,
        )
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        links = json.dumps(page.evaluate(SUMMARY_LINKS))
        return _axe_summary(violations), focused, page.title(), links
    finally:
        context.close()


def _failed_submit(client: Client, minutes) -> tuple[str, str, object]:
    """The editor's header form sent with its title emptied and a date that is not one."""
    url = reverse("meetings:minutes_edit", args=[minutes.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"title": "", "issued_on": "31/02/2026"})
    response = client.post(url, data)
    assert response.status_code == 200
    return url, response.content.decode(), response.headers


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_minutes_editor_passes_axe_before_and_after_a_failed_submit(browser, editor, language):
    client, minutes = editor
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("meetings:minutes_edit", args=[minutes.pk])
    response = client.get(url)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and "Le budget est de 2 M€" in html
    violations, _focused, _title, _links = _axe(browser, client, url, html, response.headers)
    assert violations == []

    url, html, headers = _failed_submit(client, minutes)
    violations, focused, title, links = _axe(browser, client, url, html, headers)
    assert violations == []
    assert focused == "erreurs"
    assert title.startswith("Erreur\xa0: " if language == "fr" else "Error: "), title
    links = json.loads(links)
    assert [link["target"] for link in links] == ["id_title", "id_issued_on"]
    for link in links:
        assert link["found"] and link["invalid"] == "true", link
        message = link["text"].split(":", 1)[1].strip()
        assert any(message in text for text in link["descriptions"]), link


def test_the_minutes_editor_is_valid_html(editor, tmp_path):
    client, minutes = editor
    url = reverse("meetings:minutes_edit", args=[minutes.pk])
    pages = {
        "editor.html": client.get(url).content.decode(),
        "refused.html": _failed_submit(client, minutes)[1],
    }
    for name, html in pages.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    completed = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *(str(tmp_path / n) for n in pages)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = _vnu_messages(completed)
    assert [f"{Path(m.get('url', '')).name} l.{m.get('lastLine')}: {m['message']}" for m in messages] == []
