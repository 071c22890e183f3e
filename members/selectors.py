"""Reads of the members app."""

from .models import Council


def council_get() -> Council | None:
    """The deployment's council, or None before ``seed_demo`` or the admin has created it."""
    return Council.objects.select_related("followed_by").first()
