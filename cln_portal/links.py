"""Absolute links to the portal, for e-mails, calendars, feeds and open data."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the portal's public address (``settings.SITE_URL``, no trailing slash kept)."""
    return settings.SITE_URL.rstrip("/") + path
