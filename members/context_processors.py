"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from .selectors import council_get_versioned


def request_council(request) -> tuple:
    """``(version, council)`` of ``members.selectors.council_get_versioned``, read once per
    request (one cache read) however many parts of the page ask for it."""
    if not hasattr(request, "_council_versioned"):
        request._council_versioned = council_get_versioned()
    return request._council_versioned


def council(request) -> dict:
    """Expose the council record (name, city) as ``council``: read on first use, once per request.

    Lazy, so a page or a fragment that never prints it costs nothing; ``council_get`` keeps
    a copy per process, so most pages that print it cost no query either.
    """
    if not hasattr(request, "_council"):
        request._council = SimpleLazyObject(lambda: request_council(request)[1])
    return {"council": request._council}
