"""Template context shared by every page."""

from .selectors import council_get


def council(request) -> dict:
    """Expose the council record (name, city) as ``council``; lazily, cached per request."""
    if not hasattr(request, "_council"):
        request._council = council_get()
    return {"council": request._council}
