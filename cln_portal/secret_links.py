"""Pages reached by a link whose URL is the key (a token sent by e-mail).

A registrant's cancel link, a waiting-list offer, a convocation's answer link, an
unsubscribe link and an invitation carry a secret in their path: whoever has the URL can
act. Such a page must not hand its URL to another site, must not be indexed or kept by a
shared cache, and its button must still post from a real browser.

``Referrer-Policy: same-origin`` does all of that: the full URL goes only to this portal
(its own next page), nothing at all to any other host. ``no-referrer`` looked stricter but
broke every one of these forms: with it, Chromium sends ``Origin: null`` on the form's POST,
which Django's CSRF check refuses with a 403 (issue 16). Django's test client sends no
Origin header, so only a test in a real browser sees that.
"""

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REFERRER_POLICY = "same-origin"


def secret_link_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view whose URL holds a token: same-origin referrer, no index, no shared cache."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = REFERRER_POLICY
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper
