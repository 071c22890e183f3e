"""Settings of the gunicorn workers of ``test_shared_limits.py``: the test settings (static
files from the finders, no HTTPS redirect) with production's cache and rate limits."""

from cln_portal.settings import base
from cln_portal.settings.test import *  # noqa: F403

ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
CACHES = base.CACHES  # Redis when CACHE_URL is set: what production reads
