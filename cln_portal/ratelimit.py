"""Rate limits of public forms, counted by the limiter that counts login codes.

django-allauth limits logins and login codes (``ACCOUNT_RATE_LIMITS``) with a sliding window
of timestamps kept in Django's ``default`` cache, under a short lock: Redis in production,
shared by every gunicorn worker, so two workers never let twice the limit through (issue 16,
tests/members/test_shared_limits.py). Public forms reuse that same limiter rather than a
counter of their own.

The rates are given here by each caller, in allauth's notation (``"5/h/ip,3/h/key"``:
amount, duration ``s``/``m``/``h``/``d``, per ``ip`` or per ``key``). They hold whatever
``ACCOUNT_RATE_LIMITS`` says, which only governs allauth's own actions (the test settings
turn those off).
"""

from allauth.core.internal import ratelimit as _allauth_ratelimit
from django.http import HttpRequest

# allauth's public ``allauth.core.ratelimit.consume`` reads its rates from
# ``ACCOUNT_RATE_LIMITS`` only; the function beneath it (imported above) takes them as an argument.

APP = "cln"


def limit_reached(request: HttpRequest, *, action: str, rates: str, key: str | None = None) -> bool:
    """Count one attempt of ``action`` and say whether it is over one of ``rates``.

    ``key`` is what a ``/key`` rate counts per (an e-mail address: allauth stores only its
    SHA-256 in the cache key). A refused attempt is not counted. GET requests count too.
    """
    usage = _allauth_ratelimit.consume(
        request, app=APP, action=action, config={action: rates}, key=key, limit_get=True
    )
    return usage is None


PER_CONNECTION = "ip"
PER_KEY = "key"


def limit_reached_by(request: HttpRequest, *, action: str, rates: str, key: str | None = None) -> str | None:
    """Like ``limit_reached``, but say which limit refused: ``"key"``, ``"ip"`` or None.

    The per-key rates (an address's) are counted first, then the per-connection ones, each
    with allauth's limiter under the same action, so a page can tell the visitor which limit
    was hit (« pour cette adresse » or « depuis votre connexion »). An attempt refused by the
    per-key rates is not counted against the connection.
    """
    parts = [rate.strip() for rate in rates.split(",") if rate.strip()]
    for per in (PER_KEY, PER_CONNECTION):
        chosen = ",".join(rate for rate in parts if rate.endswith(f"/{per}"))
        if chosen and limit_reached(request, action=action, rates=chosen, key=key):
            return per
    return None
