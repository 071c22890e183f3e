"""Error pages that need the site's context (Django's defaults render them without a request)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: ``403_csrf.html`` in the site's layout, status 403.

    Django's own ``csrf_failure`` renders that template without the request, so the layout
    would lose the council's name and the visitor's menu. ``reason`` (English, technical) is
    already logged by the CSRF middleware as a warning; the page explains in French instead.
    """
    return render(request, "403_csrf.html", status=403)
