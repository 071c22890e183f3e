"""``/sante/``: a public health check, and the benchmark's reference for "a trivial view".

It answers without touching the database or a template, so a load balancer can poll it
often, and ``make bench`` compares every page's figures with it (bench/run.py).
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """``ok`` in plain text, status 200 (public)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
