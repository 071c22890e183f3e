"""Two people in two browsers (different cookies) register from the same cached edition page,
in Debian's Chromium: each gets a CSRF token of their own, both forms post (issue 17)."""

import datetime

import pytest
from playwright.sync_api import Browser, expect

from pdin.models import Registration

from ..pdin.factories import OpenEditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_browsers_register_from_the_same_cached_page(browser: Browser, live_server, page_cache):
    edition = OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=60, title="L’IA au quotidien")
    url = live_server.url + edition.get_absolute_url()
    people = [("Nadia Amrani", "nadia.amrani@example.org"), ("Hugo Lefèvre", "hugo.lefevre@example.org")]
    contexts = [browser.new_context(locale="fr-FR"), browser.new_context(locale="fr-FR")]
    try:
        pages = [context.new_page() for context in contexts]
        answers = [page.goto(url) for page in pages]
        assert [answer.header_value("x-page-cache") for answer in answers] == ["miss", "hit"]
        cookies = [
            next(c["value"] for c in context.cookies() if c["name"] == "csrftoken") for context in contexts
        ]
        assert cookies[0] != cookies[1]

        for page, (name, email) in zip(pages, people, strict=True):
            page.get_by_label("Prénom et nom").fill(name)
            page.get_by_label("Adresse e-mail").fill(email)
            page.get_by_label("J’accepte").check()
            page.get_by_role("button", name="M’inscrire").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre inscription")
    finally:
        for context in contexts:
            context.close()
    assert sorted(Registration.objects.filter(edition=edition).values_list("email", flat=True)) == [
        "hugo.lefevre@example.org",
        "nadia.amrani@example.org",
    ]
