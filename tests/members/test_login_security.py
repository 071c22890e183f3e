"""Getting in (password, one-time code by e-mail) and staying safe: no enumeration, rate
limits, a second factor for staff, confirmed e-mail changes (django-allauth's features)."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError
from django.urls import reverse

from members.models import User

from ..conftest import give_totp
from .factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"  # UserFactory's


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


# -- Login by a one-time code


def test_member_logs_in_with_a_code_received_by_email(client, django_capture_on_commit_callbacks):
    member = MemberFactory(user__email="anais@example.org")

    login_page = client.get(reverse("account_login")).content.decode()
    assert reverse("account_request_login_code") in login_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "ANAIS@example.org"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_confirm_login_code"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Votre code de connexion"
    code = re.search(r"\n\n([A-Z0-9-]{4,12})\n\n", message.body).group(1)

    page = client.get(response.url).content.decode()
    assert re.search(r'<label\s+for="id_code"', page)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert response.url == reverse("home:dashboard")
    assert client.get(reverse("home:dashboard")).context["member"] == member


def test_a_wrong_code_does_not_log_in(client, django_capture_on_commit_callbacks):
    MemberFactory(user__email="anais@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "anais@example.org"})

    response = client.post(reverse("account_confirm_login_code"), {"code": "ZZZZZZ"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.get(reverse("home:dashboard")).status_code == 302


def test_asking_a_code_for_an_unknown_address_looks_the_same(client, django_capture_on_commit_callbacks):
    MemberFactory(user__email="anais@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_request_login_code"), {"email": "anais@example.org"})
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(reverse("account_request_login_code"), {"email": "personne@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # The unknown address is told, by e-mail only, that it has no account.
    assert [m.subject for m in mail.outbox] == ["Votre code de connexion", "Aucun compte avec cette adresse"]


# -- No account enumeration (password reset and login)


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    MemberFactory(user__email="anais@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": "anais@example.org"}, follow=True)
        unknown = client.post(
            reverse("account_reset_password"), {"email": "inconnu@example.org"}, follow=True
        )

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain

    # CSRF tokens (the language switch's form is on every page) are masked afresh on each render.
    def page(response, email):
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode()).replace(
            email, "X"
        )

    assert page(known, "anais@example.org") == page(unknown, "inconnu@example.org")
    assert "Si cette adresse correspond à un compte" in known.content.decode()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "anais@example.org": "Choisir un nouveau mot de passe",
        "inconnu@example.org": "Aucun compte avec cette adresse",
    }


def test_login_error_is_the_same_for_an_unknown_address_and_a_wrong_password(client):
    MemberFactory(user__email="anais@example.org")

    wrong_password = client.post(reverse("account_login"), {"login": "anais@example.org", "password": "faux"})
    unknown = client.post(reverse("account_login"), {"login": "inconnu@example.org", "password": "faux"})

    def errors(response):
        return re.findall(r'<div role="alert">(.*?)</ul>', response.content.decode(), re.S)

    assert wrong_password.status_code == unknown.status_code == 200
    assert errors(wrong_password) == errors(unknown) != []


# -- Rate limits (the test settings turn them off; this test turns them back on)


def test_failed_logins_are_rate_limited_even_with_the_right_password_afterwards(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    MemberFactory(user__email="anais@example.org")

    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": "anais@example.org", "password": "faux"})
    response = client.post(reverse("account_login"), {"login": "anais@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert client.get(reverse("home:dashboard")).status_code == 302


def test_login_codes_are_rate_limited_per_address(client, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNT_RATE_LIMITS = {"request_login_code": "20/m/ip,3/m/key"}
    MemberFactory(user__email="anais@example.org")

    statuses = []
    for _attempt in range(4):
        client.cookies.clear()
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(
                client.post(reverse("account_request_login_code"), {"email": "anais@example.org"})
            )
    assert [r.status_code for r in statuses[:3]] == [302, 302, 302]
    assert statuses[3].status_code == 200  # the form again, with the error
    assert 'role="alert"' in statuses[3].content.decode()
    assert len(mail.outbox) == 3


# -- A second factor for staff


def test_staff_without_second_factor_is_sent_to_set_one_up_and_then_gets_in(client):
    staff = UserFactory(email="agent@example.org", is_staff=True)
    MemberFactory(user=staff, role="officer", sector="")

    client.post(reverse("account_login"), {"login": "agent@example.org", "password": PASSWORD})
    response = client.get(reverse("members:staff_people"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("home:dashboard")).url == reverse("mfa_activate_totp")
    assert client.get(reverse("admin:index")).url == reverse("mfa_activate_totp")

    # allauth asks for the password again before a security change.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Activer la double authentification" in content
    assert "double authentification" in content  # the warning message
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert response.status_code == 302

    assert client.get(reverse("members:staff_people")).status_code == 200


def test_staff_with_totp_must_enter_a_code_at_login(client):
    staff = UserFactory(email="agent@example.org", is_staff=True)
    MemberFactory(user=staff, role="officer", sector="")
    secret = give_totp(staff)

    response = client.post(reverse("account_login"), {"login": "agent@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("members:staff_people")).status_code == 302  # not logged in yet

    response = client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("members:staff_people")).status_code == 200


def test_members_may_work_without_a_second_factor(client):
    MemberFactory(user__email="anais@example.org")
    client.post(reverse("account_login"), {"login": "anais@example.org", "password": PASSWORD})
    assert client.get(reverse("home:dashboard")).status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# -- E-mail addresses


def test_email_addresses_are_unique_whatever_the_case():
    UserFactory(email="anais@example.org")
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="Anais@Example.ORG", password="x-long-password")


def test_changing_email_needs_confirmation_of_the_new_address(client, django_capture_on_commit_callbacks):
    member = MemberFactory(user__email="anais@example.org")
    EmailAddress.objects.create(user=member.user, email="anais@example.org", verified=True, primary=True)
    client.force_login(member.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_email"), {"action_add": "", "email": "Nouvelle@Example.org"})
    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.email == "anais@example.org"  # not yet
    message = mail.outbox[-1]
    assert message.to == ["nouvelle@example.org"]
    assert message.subject == "Confirmez votre nouvelle adresse e-mail"
    link = re.search(r"https?://[^/\s]+(/comptes/confirm-email/\S+)", message.body).group(1)

    client.post(link)
    member.user.refresh_from_db()
    assert member.user.email == "nouvelle@example.org"
