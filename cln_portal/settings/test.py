"""Test overrides: only what makes tests fast and isolated; the rest is base.py."""

import os

# Tests run the production configuration, whatever a development .env says (make run
# writes DEBUG=1 there; .env never overrides a variable already set).
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cln_portal")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SITE_URL", "http://testserver")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
ACCOUNT_RATE_LIMITS = False
# A cache of the test process only, whatever REDIS_URL says (cache.clear() in a test must
# not flush a shared Redis database); tests/members/test_shared_limits.py runs gunicorn
# workers with production's CACHES and a Redis cache on database 12.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page cache (cln_portal/pagecache.py) is bumped by commits, which a test inside a
# transaction never makes: tests that exercise it turn it on (tests/test_pagecache.py).
PAGE_CACHE_ENABLED = False
ACCOUNT_CACHE_ENABLED = False
# Every compiled query's kept SQL compared with its queryset built afresh (cln_portal/compiled.py).
COMPILED_QUERIES_CHECK = True
