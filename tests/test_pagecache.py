"""The page cache (cln_portal/pagecache.py, issue 17): public pages stored whole, member pages
per user, stale after every committed write, a fresh CSRF token on every answer, and nothing
one person may not see served to them from another person's visit.

The tests commit (``transaction=True``): the data version is bumped when a transaction
commits, as in production.
"""

import datetime
import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from members.models import Member
from pdin.models import Edition, Registration
from pdin.services import registration_create
from sessions.models import MinutesStatus, Visibility

from .meetings.factories import MinutesFactory, build_minutes
from .pdin.factories import OpenEditionFactory
from .workstreams.factories import QuestionFactory, WorkstreamFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def edition():
    # Far in the future: registration is open whatever today's date.
    return OpenEditionFactory(date=datetime.date(2099, 3, 13), capacity=10, title="L’IA au quotidien")


def _form(name: str, email: str, token: str) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "name": name,
        "email": email,
        "organisation": "",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
    }


def _register_url(edition) -> str:
    return reverse("pdin:edition_register", args=[edition.series.slug, edition.number])


def test_a_public_page_is_served_from_the_cache_with_each_visitor_s_own_csrf_token(edition):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    url = edition.get_absolute_url()

    miss = first.get(url)
    hit = second.get(url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert miss.status_code == hit.status_code == 200
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in (miss, hit)]
    cookies = [client.cookies["csrftoken"].value for client in (first, second)]
    assert cookies[0] != cookies[1]
    # Each page's form carries a token of its own visitor's secret, never the other's.
    assert [_unmask_cipher_token(token) for token in tokens] == cookies
    assert "__cln-csrf-token-placeholder" not in hit.content.decode()
    # Both forms post (CSRF checked) and register.
    for client, token, n in ((first, tokens[0], 1), (second, tokens[1], 2)):
        answer = client.post(
            _register_url(edition),
            _form(f"Personne {n}", f"personne{n}@example.org", token),
            HTTP_REFERER=url,
        )
        assert answer.status_code == 302, answer.content.decode()[:500]
    assert Registration.objects.filter(edition=edition).count() == 2


def test_a_visitor_who_already_has_a_csrf_cookie_keeps_it_on_a_cached_page(edition):
    Client().get(edition.get_absolute_url())  # stores the page
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(edition.get_absolute_url())
    cookie = visitor.cookies["csrftoken"].value
    page = visitor.get(edition.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert _unmask_cipher_token(TOKEN.search(page.content.decode()).group(1)) == cookie
    assert visitor.cookies["csrftoken"].value == cookie


def test_a_registration_makes_the_cached_page_show_the_places_left(edition):
    url = edition.get_absolute_url()
    assert "10 places restantes" in Client().get(url).content.decode()
    assert Client().get(url)["X-Page-Cache"] == "hit"

    visitor = Client()
    token = TOKEN.search(visitor.get(url).content.decode()).group(1)
    visitor.post(_register_url(edition), _form("Nadia Amrani", "nadia.amrani@example.org", token))

    after = Client().get(url)
    assert after["X-Page-Cache"] == "miss"
    assert "9 places restantes" in after.content.decode()


def test_an_edit_through_queryset_update_makes_the_cached_page_stale(edition):
    url = edition.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"

    Edition.objects.filter(pk=edition.pk).update(title="Les données de la ville")

    assert "Les données de la ville" in Client().get(url).content.decode()


def test_a_visitor_s_name_e_mail_and_message_never_reach_another_visitor(edition):
    url = edition.get_absolute_url()
    person = Client(enforce_csrf_checks=True)
    token = TOKEN.search(person.get(url).content.decode()).group(1)
    refused = person.post(_register_url(edition), _form("Nadia Amrani", "nadia.amrani@example.org", ""))
    assert refused.status_code == 403  # no token: nothing stored from a refused POST either
    # Consent left unticked: the page comes back with what she typed.
    mistyped = person.post(
        _register_url(edition), {**_form("Nadia Amrani", "nadia.amrani@example.org", token), "consent": ""}
    )
    assert "nadia.amrani@example.org" in mistyped.content.decode()
    thanks = person.post(
        _register_url(edition), _form("Nadia Amrani", "nadia.amrani@example.org", token), follow=True
    )
    assert "Merci pour votre inscription" in thanks.content.decode()

    for _ in range(2):  # the miss that stores the page, then the hit
        html = Client().get(url).content.decode()
        assert (
            "Nadia" not in html and "nadia.amrani" not in html and "Merci pour votre inscription" not in html
        )


def test_a_member_s_message_is_shown_once_and_never_stored(client, member_user):
    axis = WorkstreamFactory(title="Inclusion numérique")
    client.force_login(member_user)
    client.get(reverse("home:dashboard"))  # the dashboard is stored for this member

    joined = client.post(reverse("workstreams:join", args=[axis.slug]), follow=True)
    landing = joined.redirect_chain[-1][0]
    assert "Vous participez à l’axe" in joined.content.decode()
    assert "X-Page-Cache" not in joined  # a message pending: the cache is not even read

    for _ in range(2):  # stored now, without the message, then served from the cache
        assert "Vous participez à l’axe" not in client.get(landing).content.decode()
    assert client.get(landing)["X-Page-Cache"] == "hit"


def test_member_pages_are_never_shared_between_members(client, member_user):
    from .members.factories import MemberFactory, UserFactory

    other_user = UserFactory(email="lou.autre@example.org")
    MemberFactory(user=other_user, first_name="Lou", last_name="Autre")
    dashboard = reverse("home:dashboard")
    client.force_login(member_user)
    client.get(dashboard)
    assert client.get(dashboard)["X-Page-Cache"] == "hit"

    other = Client()
    other.force_login(other_user)
    page = other.get(dashboard)
    assert page["X-Page-Cache"] == "miss"
    assert "Camille" not in page.content.decode()
    assert "camille.membre@example.org" not in page.content.decode()


# --- The leak tests with the cache warm (see tests/workstreams/test_draft_questions.py) -------


def test_draft_minutes_seen_by_staff_never_reach_members_or_the_public(client, staff_user, member_user):
    draft = MinutesFactory(status=MinutesStatus.DRAFT, title="Projet de compte-rendu secret")
    url = reverse("meetings:minutes_detail", args=[draft.pk])
    client.force_login(staff_user)
    for _ in range(2):
        assert "Projet de compte-rendu secret" in client.get(url).content.decode()
        assert (
            "Projet de compte-rendu secret" in client.get(reverse("meetings:minutes_list")).content.decode()
        )

    member = Client()
    member.force_login(member_user)
    assert member.get(url).status_code == 404
    assert (
        "Projet de compte-rendu secret" not in member.get(reverse("meetings:minutes_list")).content.decode()
    )
    assert Client().get(url).status_code == 404
    assert "secret" not in Client().get(reverse("meetings:public_minutes_list")).content.decode()


def test_a_draft_question_seen_by_staff_never_reaches_a_member(client, staff_user, member_user):
    minutes = MinutesFactory(status=MinutesStatus.DRAFT)
    question = QuestionFactory(
        workstream=WorkstreamFactory(title="Budget"),
        raised_at=minutes.meeting,
        text="Quel est le budget des logiciels libres ?",
    )
    url = reverse("workstreams:detail", args=[question.workstream.slug])
    client.force_login(staff_user)
    assert "budget des logiciels libres" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"

    member = Client()
    member.force_login(member_user)
    assert "budget des logiciels libres" not in member.get(url).content.decode()


def test_members_only_minutes_read_by_a_member_never_reach_the_public(client, member_user):
    minutes = build_minutes()
    assert minutes.visibility == Visibility.MEMBERS
    url = minutes.get_absolute_url()
    client.force_login(member_user)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert minutes.title not in Client().get(reverse("meetings:public_minutes_list")).content.decode()


def test_a_former_member_no_longer_reads_members_only_minutes_from_the_cache(client, member_user):
    minutes = build_minutes()
    url = minutes.get_absolute_url()
    client.force_login(member_user)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    # The mandate ends (a plain UPDATE, as a bulk change would be): the cached page is stale.
    Member.objects.filter(user=member_user).update(mandate_end=datetime.date(2025, 10, 31))

    assert client.get(url).status_code == 404


def test_public_minutes_are_cached_for_anonymous_visitors(client):
    minutes = build_minutes()
    minutes.visibility = Visibility.PUBLIC
    minutes.save()
    url = minutes.get_absolute_url()
    assert Client().get(url).status_code == 200
    hit = Client().get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert minutes.title in hit.content.decode()


def test_token_pages_and_posts_are_never_cached(edition):
    visitor = Client()
    visitor.get(edition.get_absolute_url())
    registration = registration_create(
        edition_id=edition.pk, name="Nadia Amrani", email="nadia.amrani@example.org", consent=True
    ).registration
    cancel = reverse("pdin:registration_cancel", args=[registration.cancel_token])
    for _ in range(2):
        answer = Client().get(cancel)
        assert "X-Page-Cache" not in answer
    assert "Nadia" not in Client().get(edition.get_absolute_url()).content.decode()


def test_a_stored_pdf_s_hand_off_to_nginx_is_kept_per_member_and_never_for_another(
    client, member_user, settings
):
    # Behind nginx (X-Accel-Redirect): the view's "yes, this member may read it" is kept like
    # a member page; a visitor without the right never gets it, a write makes it stale.
    from .test_stored_files import _published_minutes

    settings.MEDIA_X_ACCEL_REDIRECT = "/internal/media/"
    minutes = _published_minutes(visibility=Visibility.MEMBERS)
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])
    client.force_login(member_user)

    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second["X-Accel-Redirect"] == first["X-Accel-Redirect"] == "/internal/media/" + minutes.pdf.name
    assert second["ETag"] == f'"{minutes.pdf_sha256}"' and second["Cache-Control"] == "private, max-age=3600"
    assert second.content == b""
    # A browser that has the file asks with its ETag: the view answers 304, never a hand-off.
    again = client.get(url, headers={"If-None-Match": second["ETag"]})
    assert again.status_code == 304 and "X-Accel-Redirect" not in again

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "X-Accel-Redirect" not in anonymous

    # The mandate ends: the kept answer is stale, the former member gets no file.
    Member.objects.filter(user=member_user).update(mandate_end=datetime.date(2025, 10, 31))
    gone = client.get(url)
    assert gone.status_code == 404 and "X-Accel-Redirect" not in gone


def test_a_stored_pdf_sent_by_gunicorn_is_never_kept(client, member_user):
    from .test_stored_files import _published_minutes

    minutes = _published_minutes(visibility=Visibility.MEMBERS)
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])
    client.force_login(member_user)
    for _ in range(2):
        answer = client.get(url)
        assert answer["X-Page-Cache"] == "miss" and answer.streaming
        answer.close()


def test_a_kept_pdf_hand_off_is_answered_before_the_other_middleware_and_never_for_another_member(
    client, member_user, django_user_model, settings
):
    from .test_stored_files import _published_minutes

    settings.MEDIA_X_ACCEL_REDIRECT = "/internal/media/"
    minutes = _published_minutes(visibility=Visibility.MEMBERS)
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])
    client.force_login(member_user)
    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    # The whole answer again, the headers added by the other middleware included.
    assert {k: v for k, v in second.items() if k != "X-Page-Cache"} == {
        k: v for k, v in first.items() if k != "X-Page-Cache"
    }

    # Another account, not a member: the view's own check, never the member's kept answer.
    other = django_user_model.objects.create_user(email="autre@example.org", password="x")
    other_client = Client()
    other_client.force_login(other)
    for _ in range(2):
        refused = other_client.get(url)
        assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_a_kept_pdf_hand_off_dies_with_the_session_and_the_account(client, member_user, settings):
    from .test_stored_files import _published_minutes

    settings.MEDIA_X_ACCEL_REDIRECT = "/internal/media/"
    minutes = _published_minutes(visibility=Visibility.MEMBERS)
    url = reverse("meetings:minutes_pdf", args=[minutes.pk])
    client.force_login(member_user)
    assert [client.get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]

    # Logged out: the old session cookie, replayed, no longer opens the file.
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    answer = replay.get(url)
    assert answer.status_code == 302 and "X-Accel-Redirect" not in answer

    # Logged in again, then the account is deactivated: the kept answer is stale.
    client = Client()
    client.force_login(member_user)
    assert [client.get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    type(member_user).objects.filter(pk=member_user.pk).update(is_active=False)
    gone = client.get(url)
    assert gone.status_code != 200 and "X-Accel-Redirect" not in gone


def test_a_public_pdf_hand_off_is_shared_by_anonymous_visitors_but_a_members_only_one_never(
    client, member_user, settings
):
    from .test_stored_files import _published_minutes

    settings.MEDIA_X_ACCEL_REDIRECT = "/internal/media/"
    public = _published_minutes(visibility=Visibility.PUBLIC)
    url = reverse("meetings:minutes_pdf", args=[public.pk])
    assert [Client().get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]

    members_only = _published_minutes(visibility=Visibility.MEMBERS)
    url = reverse("meetings:minutes_pdf", args=[members_only.pk])
    client.force_login(member_user)
    assert [client.get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "X-Accel-Redirect" not in anonymous
