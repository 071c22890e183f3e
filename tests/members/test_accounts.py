"""Logging in and out through allauth, in our layout and in French."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from .factories import CouncilFactory, MemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test"  # UserFactory's


def test_login_page_is_in_our_layout_in_french_without_sign_up(client):
    CouncilFactory(short_name="CLN", city="Villeneuve")

    content = client.get(reverse("account_login")).content.decode()

    assert '<html lang="fr">' in content
    assert '<a class="skip-link" href="#contenu">' in content
    assert '<main id="contenu" tabindex="-1"' in content
    assert 'aria-label="Navigation principale"' in content
    assert "<title>Se connecter – CLN</title>" in content
    assert content.count("<h1") == 1
    assert re.search(r'<label\s+for="id_login"', content)
    assert re.search(r'<label\s+for="id_password"', content)
    assert "/comptes/signup/" not in content
    assert "<script" not in content and "style=" not in content


def test_member_logs_in_with_email_and_lands_on_the_dashboard(client):
    member = MemberFactory(user__email="anais@example.org")

    response = client.post(reverse("account_login"), {"login": "anais@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home:dashboard")
    assert client.get(response.url).context["member"] == member


def test_wrong_password_gives_a_french_error_announced_to_screen_readers(client):
    MemberFactory(user__email="anais@example.org")

    response = client.post(reverse("account_login"), {"login": "anais@example.org", "password": "faux"})
    content = response.content.decode()

    assert response.status_code == 200
    assert 'role="alert"' in content and "Le formulaire contient 1 erreur" in content
    assert "mot de passe sont incorrects" in content
    assert "<title>Erreur" in content


def test_logout_is_a_post_form_in_the_navigation(client):
    member = MemberFactory()
    client.force_login(member.user)

    content = client.get(reverse("home:dashboard")).content.decode()
    assert re.search(r'<form[^>]*method="post" action="/comptes/logout/"', content)

    client.post(reverse("account_logout"))
    assert client.get(reverse("home:dashboard")).status_code == 302


def test_password_reset_sends_a_link_that_opens_a_french_form(client, django_capture_on_commit_callbacks):
    MemberFactory(user__email="anais@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "anais@example.org"}, follow=True)
    assert "Message envoyé" in response.content.decode()

    link = re.search(r"https?://[^/\s]+(/comptes/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    content = response.content.decode()
    assert "Choisir un nouveau mot de passe" in content
    assert re.search(r'<label\s+for="id_password1"', content)


def test_staff_see_the_administration_link_and_members_do_not(client, staff_user, member_user):
    client.force_login(member_user)
    assert reverse("admin:index") not in client.get(reverse("home:dashboard")).content.decode()

    client.force_login(staff_user)
    assert reverse("admin:index") in client.get(reverse("home:dashboard")).content.decode()
