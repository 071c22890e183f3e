"""Settings of the two server processes of ``test_several_processes.py``: the test settings
with production's shared cache (Redis from ``CACHE_URL``), rate limits, page cache and kept
accounts, and the
test's own media folder."""

import os

from cln_portal.settings import base
from cln_portal.settings.test import *  # noqa: F403

ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
CACHES = base.CACHES
PAGE_CACHE_ENABLED = True
ACCOUNT_CACHE_ENABLED = True
MEDIA_ROOT = os.environ["MEDIA_ROOT"]
