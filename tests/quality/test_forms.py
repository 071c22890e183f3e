"""Every form the crawl finds, as each role: it says what went wrong, what it asks, what « * » means.

- Sent with its text fields emptied, a form that refuses the input answers with the error
  summary at the top (« Le formulaire contient n erreur(s) »), the title starting with
  « Erreur : », each summary link leading to a field that is ``aria-invalid="true"`` and
  described (``aria-describedby``) by its message, and every invalid field linked from the
  summary (RGAA 11.10, WCAG 3.3.1).
- Fields about a person say their purpose with ``autocomplete`` (WCAG 1.3.5, RGAA 11.13):
  the person's own token where they type about themselves, ``off`` where staff type about
  someone else (the browser would offer the typist's own name there).
- A form with a required field (crispy's « * ») explains the asterisk once; a form without
  one does not.
Each post runs in a savepoint rolled back afterwards, as in test_hostile_input.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import reverse

from cln_portal.autocomplete import PURPOSES

from .crawler import ROLES, login

pytestmark = pytest.mark.django_db

REQUIRED_NOTE = "Les champs marqués d’un astérisque (*) sont obligatoires."
# Pages where a person types about themselves: field name → the autocomplete token expected.
OWN_DATA = {
    "pdin:edition_detail": {"name": "name", "email": "email", "organisation": "organization"},
    "pdin:public_proposal_create": {"name": "name", "email": "email"},
    "pdin:public_support_request": {"email": "email"},
    "members:my_data": {"contact_email": "email", "phone": "tel"},
    "account_login": {"login": "email", "password": "current-password"},
    "account_request_login_code": {"email": "email"},
    "account_reset_password": {"email": "email"},
    "account_email": {"email": "email"},
}
# Other names a field about a person goes by in the portal's forms.
PERSON_NAMES = set(PURPOSES) | {"login", "password", "password1", "password2", "oldpassword"}


class _Controls(HTMLParser):
    """The controls of a page: (name, type, attributes, id of the form they belong to)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[dict] = []
        self.ids: dict[str, dict] = {}
        self.texts: dict[str, str] = {}  # id -> text inside the element
        self._open: list[tuple[str, str]] = []  # (tag, id) of elements with an id, still open
        self._form = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form += 1
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, **a}
            if tag not in ("input", "br", "img", "hr", "meta", "link"):
                self._open.append((tag, a["id"]))
                self.texts[a["id"]] = ""
        if tag in ("input", "textarea", "select") and a.get("name"):
            self.controls.append({"tag": tag, "form": self._form, **a})

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index]
                break

    def handle_data(self, data):
        for _tag, element_id in self._open:
            self.texts[element_id] += data


def _controls(html: str) -> _Controls:
    parser = _Controls()
    parser.feed(html)
    parser.close()
    return parser


def _summary(html: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary"[^>]*id="erreurs".*?</ul>', html, re.S)
    return match.group(0) if match else ""


def _cleared(form) -> dict:
    """What a person sends who empties every text field and ticks nothing new."""
    data = form.defaults()
    for control in form.fields:
        if control.name == "csrfmiddlewaretoken":
            continue
        if control.is_text or control.kind == "textarea":
            data[control.name] = ""
    return data


def _summary_problems(html: str) -> list[str]:
    """What is wrong with the error summary of a page refused for bad input (empty: all good)."""
    problems = []
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    if not title.startswith("Erreur\xa0: "):
        problems.append(f"title « {title} »")
    summary = _summary(html)
    if not summary:
        return [*problems, "no error summary"]
    items = summary.count("<li>")
    heading = re.search(r"Le formulaire contient (\d+) erreurs?", summary)
    if not heading or int(heading.group(1)) != items:
        problems.append(f"heading does not count the {items} errors")
    page = _controls(html)
    linked = set()
    for target, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary, re.S):
        element = page.ids.get(target)
        if element is None:
            problems.append(f"link to #{target}: no such element")
            continue
        linked.add(target)
        if element.get("aria-invalid") != "true":
            problems.append(f"#{target} is not aria-invalid")
        described = element.get("aria-describedby", "")
        if not described and element.get("type") in ("radio", "checkbox"):
            # A group: Django describes the fieldset; the option's own name says little.
            described = re.sub(r"_\d+$", "", target) + "_error"
        message = text.split("\xa0: ", 1)[-1].strip()
        descriptions = " ".join(page.texts.get(i, "") for i in described.split())
        if message not in descriptions.replace("&#x27;", "'"):
            problems.append(f"#{target}: message « {message} » not in its aria-describedby")
    for control in page.controls:
        if control.get("aria-invalid") == "true" and control.get("type") not in ("radio", "checkbox"):
            if control.get("id") not in linked:
                problems.append(f"invalid field #{control.get('id')} not in the summary")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_failed_form_has_a_summary_linked_to_its_fields(crawl_as, role):
    client, result = crawl_as(role)
    refused, problems = 0, {}
    for form in result.forms_per_view():
        with transaction.atomic():
            response = client.post(form.action, _cleared(form))
            html = response.content.decode() if response.status_code in (200, 400) else ""
            transaction.set_rollback(True)
        login(client, role)
        if "aria-invalid" in html or "invalid-feedback" in html or "error-summary" in html:
            refused += 1
            if found := _summary_problems(html):
                problems[form.action] = found
    assert problems == {}
    # The crawl reaches forms that refuse empty input for every role (login for the public).
    assert refused >= {"public": 2, "member": 2, "staff": 8}[role], refused


def _person_fields(html: str):
    for control in _controls(html).controls:
        name = control["name"].rsplit("-", 1)[-1]
        kind = control.get("type", "text")
        if control["tag"] == "input" and kind in ("hidden", "submit", "checkbox", "radio", "file"):
            continue
        if name in PERSON_NAMES or kind in ("email", "tel", "password"):
            yield name, control


@pytest.mark.parametrize("role", ROLES)
def test_fields_about_the_person_say_their_purpose(crawl_as, role):
    client, result = crawl_as(role)
    missing, wrong, seen = [], [], set()
    for page in result.pages.values():
        expected = OWN_DATA.get(page.url_name, {})
        for name, control in _person_fields(page.html):
            value = control.get("autocomplete")
            if not value:
                missing.append(f"{page.url} {control['name']}")
            elif name in expected:
                seen.add((page.url_name, name))
                if value != expected[name]:
                    wrong.append(f"{page.url} {control['name']}: {value} (expected {expected[name]})")
    assert missing == [] and wrong == []
    # The pages about oneself this role reaches were all checked.
    if role == "public":
        for url_name in (
            "pdin:edition_detail",
            "pdin:public_proposal_create",
            "pdin:public_support_request",
            "account_login",
            "account_request_login_code",
        ):
            assert {(url_name, name) for name in OWN_DATA[url_name]} <= seen, url_name
    if role == "member":
        assert {("members:my_data", name) for name in OWN_DATA["members:my_data"]} <= seen


def test_password_reset_page_gives_the_email_purpose(client, demo):
    html = client.get(reverse("account_reset_password")).content.decode()
    fields = dict(_person_fields(html))
    assert fields["email"]["autocomplete"] == "email"


@pytest.mark.parametrize("role", ROLES)
def test_every_form_with_required_fields_explains_the_asterisk(crawl_as, role):
    _client, result = crawl_as(role)
    problems, explained = [], 0
    for page in result.pages.values():
        for form_html in re.findall(r"<form\b[^>]*>.*?</form>", page.html, re.S):
            asterisks = form_html.count('class="asteriskField"')
            notes = form_html.count(REQUIRED_NOTE)
            if asterisks and notes != 1:
                problems.append(f"{page.url}: {asterisks} « * », the note {notes} times")
            elif not asterisks and notes:
                problems.append(f"{page.url}: the note without any « * »")
            explained += bool(asterisks)
    assert problems == []
    assert explained >= 1
