"""The header and footer kept per process (home/templatetags/site_chrome.py, issue 17).

Inside a test's transaction the council's version is unknown, so the fragments are rendered
for each request and not kept; these tests give the council a version, as a running server
has, so that the kept copy is what answers.
"""

import re

import pytest
from django.urls import reverse

from home.templatetags import site_chrome
from members import context_processors
from members.models import Council

from .members.factories import CouncilFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def versioned_council(monkeypatch):
    """The council, read as a running server reads it: with a version (``["v1"]``, change it
    to make every process' copy stale)."""
    CouncilFactory(name="Conseil local du numérique", city="Villeneuve")
    version = ["v1"]
    monkeypatch.setattr(
        context_processors,
        "council_get_versioned",
        lambda: (version[0], Council.objects.select_related("followed_by").first()),
    )
    site_chrome._kept.clear()
    yield version
    site_chrome._kept.clear()


def _header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def test_each_page_marks_its_own_link_from_the_kept_header(client, versioned_council):
    programme = client.get(reverse("pdin:programme")).content.decode()
    places = client.get(reverse("places:list") + "?q=x").content.decode()
    legal = client.get(reverse("home:legal") + "?q=x").content.decode()

    assert site_chrome._kept  # the second page was answered from the copy
    assert _header(programme).count('aria-current="page"') == 1
    assert f'<a href="{reverse("pdin:programme")}" aria-current="page">' in programme
    assert f'<a href="{reverse("places:list")}" aria-current="page">' in places
    assert f'<a href="{reverse("pdin:programme")}" aria-current="page">' not in places
    assert 'aria-current="page"' not in _header(legal)  # a page the menu does not list
    # The language switch comes back to the page it was pressed on, query string included.
    assert (
        f'href="{reverse("public:language")}?language=en&amp;next={reverse("home:legal")}%3Fq%3Dx"' in legal
    )


def test_visitors_switch_language_by_a_link_and_public_pages_set_no_csrf_cookie(client, versioned_council):
    page = reverse("home:legal") + "?q=x&r=2"
    response = client.get(page)
    header = _header(response.content.decode())
    assert "csrfmiddlewaretoken" not in header
    assert "csrftoken" not in response.cookies  # no form on the page: no token made for it

    link = re.search(r'<a href="([^"]+)" lang="en" hreflang="en" rel="nofollow"', header).group(1)
    switched = client.get(link.replace("&amp;", "&"))
    assert switched.status_code == 302
    assert switched["Location"] == page  # back to the page, query string included
    assert "no-cache" in switched["Cache-Control"]
    assert '<html lang="en">' in client.get(page).content.decode()


def test_the_language_link_goes_back_to_this_site_only_and_ignores_unknown_languages(client):
    response = client.get(reverse("public:language"), {"language": "en", "next": "https://exemple.invalid/"})
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
    unknown = client.get(reverse("public:language"), {"language": "xx", "next": "/lieux/"})
    assert unknown["Location"] == "/lieux/"
    assert "django_language" not in unknown.cookies


def test_a_link_changes_no_account_the_members_form_does(client, versioned_council, member_user):
    client.force_login(member_user)
    header = _header(client.get(reverse("pdin:programme")).content.decode())
    assert 'name="language" value="en"' in header  # members get the form: saved on the account
    client.get(reverse("public:language"), {"language": "en", "next": "/"})
    member_user.refresh_from_db()
    assert member_user.language != "en"
    token = CSRF_INPUT.search(header).group(1)
    client.post(reverse("public:language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    member_user.refresh_from_db()
    assert member_user.language == "en"


def test_two_visitors_get_their_own_csrf_token_in_a_members_header(versioned_council, django_user_model):
    from django.test import Client

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for number, visitor in enumerate((first, second)):
        visitor.force_login(
            django_user_model.objects.create_user(email=f"p{number}@example.org", password="x")
        )
        html = visitor.get(reverse("pdin:programme")).content.decode()
        tokens.append(CSRF_INPUT.search(_header(html)).group(1))
    assert tokens[0] != tokens[1]

    # Each visitor's token works with their own cookie: the switch answers with a redirect.
    for visitor, token in zip((first, second), tokens, strict=True):
        response = visitor.post(
            reverse("public:language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
        assert '<html lang="en">' in visitor.get("/").content.decode()


def test_a_member_never_gets_the_staff_header_kept_for_staff(
    client, versioned_council, staff_user, member_user
):
    client.force_login(staff_user)
    assert reverse("notifications:outbox") in _header(client.get(reverse("pdin:programme")).content.decode())

    client.force_login(member_user)
    header = _header(client.get(reverse("pdin:programme")).content.decode())
    assert reverse("home:dashboard") in header
    assert reverse("notifications:outbox") not in header
    assert reverse("admin:index") not in header

    client.logout()
    header = _header(client.get(reverse("pdin:programme")).content.decode())
    assert reverse("home:dashboard") not in header
    assert reverse("account_login") in header


def test_a_change_to_the_council_shows_once_its_version_changes(client, versioned_council):
    assert "Villeneuve" in client.get("/").content.decode()

    Council.objects.update(city="Boulogne-sur-Mer")
    versioned_council[0] = "v2"  # what members.signals does on save, for every process
    html = client.get("/").content.decode()

    assert "Boulogne-sur-Mer" in _header(html)
    assert "Boulogne-sur-Mer" in html[html.index("<footer") :]
