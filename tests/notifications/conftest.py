"""Fixtures of the notification tests."""

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "worker: starts a real Celery worker against Redis on 127.0.0.1 (make test runs it)"
    )


@pytest.fixture
def staff_client(client, staff_user):
    """A client logged in as staff who has a second factor (staff must, see members.middleware)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=staff_user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}}
    )
    client.force_login(staff_user)
    return client
