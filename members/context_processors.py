"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from .selectors import council_get


def council(request) -> dict:
    """Expose the council record (name, city) as ``council``: read on first use, once per request.

    Lazy, so a page or a fragment that never prints it costs nothing; ``council_get`` keeps
    a copy per process, so most pages that print it cost no query either.
    """
    if not hasattr(request, "_council"):
        request._council = SimpleLazyObject(council_get)
    return {"council": request._council}
