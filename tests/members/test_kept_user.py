"""The account and member record kept in the shared cache per data version
(members.middleware.user_get_kept, issue 17): read once, then never again until a write,
and never kept past a change that logs someone out or takes a page away.

The tests commit (``transaction=True``): the data version moves when a transaction commits,
as in production.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cln_portal.pagecache import VERSION_KEY
from members.models import User
from members.services import mandate_end

from .factories import CouncilFactory, MemberFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache")]


@pytest.fixture(autouse=True)
def account_cache(settings):
    settings.ACCOUNT_CACHE_ENABLED = True  # as with the shared cache of production


MY_DATA = reverse("members:my_data")
DASHBOARD = reverse("home:dashboard")


@pytest.fixture
def member():
    CouncilFactory()
    return MemberFactory(first_name="Anaïs", user__email="anais@example.org")


def _logged_in(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def _account_queries(client: Client, url: str):
    """The answer, and the queries that read the account by its id or the member by account."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    needles = ('WHERE "members_user"."id" =', 'WHERE "members_member"."user_id" =')
    return answer, [q["sql"] for q in queries if any(needle in q["sql"] for needle in needles)]


def test_the_account_and_member_record_are_read_once_then_from_the_cache(member):
    client = _logged_in(member)

    first, first_reads = _account_queries(client, MY_DATA)
    second, second_reads = _account_queries(client, MY_DATA)

    assert first.status_code == second.status_code == 200
    assert first_reads  # read from the database the first time
    assert second_reads == []
    assert "anais@example.org" in second.content.decode()


def test_an_account_deactivated_elsewhere_is_logged_out_at_once(member):
    client = _logged_in(member)
    assert client.get(MY_DATA).status_code == 200

    User.objects.filter(pk=member.user.pk).update(is_active=False)  # a committed write: a new version

    answer = client.get(MY_DATA)
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("account_login"))


def test_a_password_changed_elsewhere_logs_the_other_sessions_out(member):
    laptop, phone = _logged_in(member), _logged_in(member)
    assert laptop.get(MY_DATA).status_code == phone.get(MY_DATA).status_code == 200

    user = User.objects.get(pk=member.user.pk)
    user.set_password("un-tout-autre-mot-de-passe")
    user.save()

    assert phone.get(MY_DATA).status_code == 302


def test_a_kept_copy_that_no_longer_matches_the_session_is_not_used(member):
    """Should a version bump be lost, the session's password hash is still checked on the copy."""
    client = _logged_in(member)
    client.get(MY_DATA)
    version = cache.get(VERSION_KEY)
    user = User.objects.get(pk=member.user.pk)
    user.set_password("un-tout-autre-mot-de-passe")
    user.save()
    # The copy of the new account, kept under the version before the write, as if the bump
    # had been lost: the session still holds the old password's hash.
    user.member  # noqa: B018 -- read with the account, as a kept copy is
    cache.set(f"auth:user:{user.pk}", (version, user, user.get_session_auth_hash()))
    cache.set(VERSION_KEY, version)

    assert client.get(MY_DATA).status_code == 302


def test_the_end_of_a_mandate_closes_member_pages_at_once(member):
    client = _logged_in(member)
    assert client.get(DASHBOARD).status_code == 200

    mandate_end(
        actor=None,
        member=member,
        on=timezone.localdate() - datetime.timedelta(days=1),
        reason="démission",
    )

    assert client.get(DASHBOARD).status_code == 403


def test_a_new_first_name_shows_on_the_next_page(member):
    client = _logged_in(member)
    assert "Bonjour Anaïs." in client.get(DASHBOARD).content.decode()

    type(member).objects.filter(pk=member.pk).update(first_name="Anaëlle")

    assert "Bonjour Anaëlle." in client.get(DASHBOARD).content.decode()


def test_two_people_never_get_each_other_s_account(member):
    other = MemberFactory(first_name="Bertrand", user__email="bertrand@example.org")
    anais, bertrand = _logged_in(member), _logged_in(other)

    for _ in range(2):
        assert "anais@example.org" in anais.get(MY_DATA).content.decode()
        page = bertrand.get(MY_DATA).content.decode()
        assert "bertrand@example.org" in page
        assert "anais@example.org" not in page


def test_logged_out_the_session_no_longer_reaches_the_kept_copy(member):
    client = _logged_in(member)
    client.get(MY_DATA)
    cookie = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies["sessionid"] = cookie

    assert replay.get(MY_DATA).status_code == 302


def test_the_kept_copy_holds_no_password_hash(member):
    client = _logged_in(member)
    client.get(MY_DATA)

    _version, copy, session_auth_hash = cache.get(f"auth:user:{member.user.pk}")

    real = User.objects.get(pk=member.user.pk)
    assert copy.password == "kept-copy"
    assert real.password not in repr(vars(copy))
    assert copy.member.user.password == "kept-copy"  # the member's link back to the account too
    assert session_auth_hash == real.get_session_auth_hash()
    with pytest.raises(RuntimeError):
        copy.save()  # it would write the placeholder over the password
    assert User.objects.get(pk=member.user.pk).password == real.password


def test_a_password_change_checks_the_old_password_on_the_account_itself(member):
    client = _logged_in(member)
    client.get(MY_DATA)  # a copy is kept
    change = reverse("account_change_password")
    page = client.get(change)
    assert page.status_code == 200

    answer = client.post(
        change,
        {
            "oldpassword": "mot-de-passe-de-test",
            "password1": "Un-nouveau-mdp-2026!",
            "password2": "Un-nouveau-mdp-2026!",
        },
    )

    assert answer.status_code == 302
    assert User.objects.get(pk=member.user.pk).check_password("Un-nouveau-mdp-2026!")
    assert client.get(MY_DATA).status_code == 200  # the session that changed it stays logged in


def test_with_a_cache_per_process_the_account_is_read_at_each_request(member, settings):
    """make run: a write from another process (manage.py) would not reach the copy."""
    settings.ACCOUNT_CACHE_ENABLED = False
    client = _logged_in(member)
    client.get(MY_DATA)

    _answer, reads = _account_queries(client, MY_DATA)

    assert len(reads) == 1  # the account with its member record, in one query
    assert cache.get(f"auth:user:{member.user.pk}") is None
