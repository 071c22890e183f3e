"""Absolute links to the portal, for e-mails, calendars, feeds and open data."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def absolute_url(path: str) -> str:
    """``path`` on the portal's public address (``settings.SITE_URL``, no trailing slash kept)."""
    return settings.SITE_URL.rstrip("/") + path


def cached_reverse(viewname: str, *args) -> str:
    """``reverse(viewname, args=args)``, remembered by this process (the same arguments give the
    same path while the URL configuration and the script prefix stay; both are in the key).

    For the links a page repeats per row (an edition's, a venue's, a minutes' page):
    ``reverse`` walks the resolver each time, a tenth of a millisecond a link. ``args`` must
    be hashable (slugs, numbers); ``NoReverseMatch`` as ``reverse``.
    """
    return _reverse(get_script_prefix(), get_urlconf(), viewname, args)


@functools.lru_cache(maxsize=8192)
def _reverse(prefix: str, urlconf, viewname: str, args: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, args=args)
