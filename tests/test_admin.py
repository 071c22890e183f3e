"""Staff manage everything in the Django admin: every list and change page of the portal's models opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from members.models import User
from sessions.demo import demo_seed

from .conftest import give_totp

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"cln_portal", "members", "meetings", "workstreams", "pdin"}


@pytest.fixture
def admin_client(client):
    demo_seed()
    user = User.objects.create_superuser("admin@example.org", "a-long-password")
    give_totp(user)  # staff must use a second factor (members.middleware)
    client.force_login(user)
    return client


def test_every_portal_model_has_working_admin_pages(admin_client):
    models = [m for m in admin.site._registry if m._meta.app_label in PORTAL_APPS]
    inlined = {inline.model for ma in admin.site._registry.values() for inline in ma.inlines}
    every_model = {m for label in PORTAL_APPS for m in apps.get_app_config(label).get_models()}
    # Through tables are edited as inlines of their owner.
    assert every_model <= set(models) | inlined
    for model in models:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert admin_client.get(change).status_code == 200, change


def test_admin_is_closed_to_members(client):
    user = User.objects.create_user("membre@example.org", "a-long-password")
    client.force_login(user)
    response = client.get(reverse("admin:meetings_minutes_changelist"))
    assert response.status_code == 302
