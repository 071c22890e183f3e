"""Settings of the CLN portal, read from the environment.

Every value comes from an environment variable with a default that is safe: with
``DEBUG`` off (the default), the portal refuses to start without a ``SECRET_KEY`` and
``ALLOWED_HOSTS``, and sends secure cookies. ``make run`` sets ``DEBUG=1`` and needs
no server: SQLite under ``var/`` and Celery tasks run eagerly when ``REDIS_URL`` is unset.
"""

import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from cln_portal.storage_settings import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-only-for-debug")  # noqa: S105
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    # No insecure default in production: a missing value stops the start-up.
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# The portal's public address, for links in e-mails and calendar files.
# Required in production: links to localhost in citizens' e-mails would be worse than no start.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000") if DEBUG else env("SITE_URL")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A refused form gets a French page in the site's layout (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "cln_portal.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search (home.search): SearchVector, SearchQuery, the unaccent extension.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    # Floors from the bottom up (README, "Where things are"): each app imports only those
    # listed before it, checked by import-linter in make test.
    "cln_portal.apps.PortalConfig",
    "notifications",
    "members",
    # Our meetings live in sessions/, under the label "meetings": Django's own
    # django.contrib.sessions already owns the label "sessions".
    "sessions.apps.MeetingsConfig",
    "workstreams",
    "pdin",
    "places",
    # The city's digital budget (axis 2): above workstreams, beside sessions.
    "budget",
    "home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A stored PDF's kept hand-off to nginx, answered before any other work (cln_portal/pagecache.py).
    "cln_portal.pagecache.FileHandOffMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the account and member record kept in the shared cache per data
    # version (members.middleware.user_get_kept).
    "members.middleware.KeptUserAuthenticationMiddleware",
    # After the session and the account: a member's saved language wins over the browser's.
    "members.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the policy string built once (cln_portal/csp.py).
    "cln_portal.csp.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff without a second factor are sent to set one up (members and accounts issue).
    "members.middleware.StaffMFAMiddleware",
    # Last: whole pages from the shared cache, after the session, CSRF and user are known
    # (cln_portal/pagecache.py).
    "cln_portal.pagecache.PageCacheMiddleware",
    # After the page cache, so that a stored page already has its acronyms spelt out (issue 13).
    "cln_portal.abbreviations.AbbreviationMiddleware",
]

ROOT_URLCONF = "cln_portal.urls"
WSGI_APPLICATION = "cln_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.council",
            ],
            # {% url %} reversed once per process per link (cln_portal/templatetags/cached_url.py).
            "builtins": ["cln_portal.templatetags.cached_url"],
        },
    },
    {
        # Plain text (e-mail subjects and bodies): the same templates, never HTML-escaped,
        # so that "l'IA & la santé" stays as typed. Only for text/plain output.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "NAME": "text",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False, "builtins": ["cln_portal.templatetags.cached_url"]},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (web and worker): opening one per request or per task is
# avoidable work; health checks drop a connection that died. CONN_MAX_AGE=0 turns it off.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # make run: the development server answers requests in threads; a double click wrote
    # twice at once and SQLite answered "database is locked". Writers now take the lock
    # when their transaction begins and wait for it (Django 5.1+).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:dashboard"

# django-allauth: e-mail and password, no open sign-up (see members.adapters).
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # Failed logins per IP and per address; allauth's defaults for the other actions.
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
# Members and accounts issue: log in by a one-time code sent by e-mail (for members who
# forget passwords), e-mail change only once the new address is confirmed, notices of
# account changes, no site name in subjects (the outbox adds the council's signature).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = env.int("ACCOUNT_LOGIN_BY_CODE_TIMEOUT", default=600)
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Second factor: TOTP with recovery codes; staff must have one (members.middleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="CLN")
# Invitation links (members.services.invitation_send) are valid this many days.
MEMBERS_INVITATION_VALIDITY_DAYS = env.int("MEMBERS_INVITATION_VALIDITY_DAYS", default=14)
# A draw by lot (members.sortition_services) publishes its list at least this many days
# before the public source of randomness gives the seed.
SORTITION_MIN_NOTICE_DAYS = env.int("SORTITION_MIN_NOTICE_DAYS", default=7)
# What the "Mentions légales / données personnelles" page states (members.views.legal).
PERSONAL_DATA_RETENTION = {
    "account_months_after_mandate": env.int("RETENTION_ACCOUNT_MONTHS_AFTER_MANDATE", default=12),
    "audit_years": env.int("RETENTION_AUDIT_YEARS", default=5),
    "outbox_months": env.int("RETENTION_OUTBOX_MONTHS", default=12),
    "invitation_days": MEMBERS_INVITATION_VALIDITY_DAYS,
}
LEGAL_PUBLICATION_DIRECTOR = env("LEGAL_PUBLICATION_DIRECTOR", default="le maire de la ville")
LEGAL_HOST = env("LEGAL_HOST", default="la direction des systèmes d’information de la ville")
LEGAL_DPO_EMAIL = env("LEGAL_DPO_EMAIL", default="")

# French is the portal's language (and the only one of its official documents: the PDFs);
# English is offered to residents who read it better (locale/en, scripts/english_catalogue.py).
# Each name is written in its own language in the switch (templates/base.html).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# The only MEDIA_ROOT folders /media/ serves (cln_portal/media.py); the others (annexes,
# minutes and opinion PDFs) have views that check who may read them.
PUBLIC_MEDIA_PREFIXES = ("pdin/resources/", "council/")
# When a web server fronts gunicorn (deploy/nginx.conf), the internal location that sends
# stored files after the portal's permission check (X-Accel-Redirect; cln_portal/files.py).
MEDIA_X_ACCEL_REDIRECT = env("MEDIA_X_ACCEL_REDIRECT", default="")
STORAGES = {
    # Local files under MEDIA_ROOT, or an S3-compatible store when MEDIA_S3_BUCKET is set.
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development, SMTP from EMAIL_URL in production.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://127.0.0.1:25")
vars().update(_email)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Conseil local du numérique <cln@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without REDIS_URL, tasks run in the calling process (make run needs no broker).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Outbox: a failed send is retried after DELAY, 2×DELAY, 4×DELAY… seconds, MAX_RETRIES
# times, then stays recorded as failed for staff (notifications.tasks.deliver_notification).
NOTIFICATION_RETRY_DELAY = env.int("NOTIFICATION_RETRY_DELAY", default=60)
NOTIFICATION_MAX_RETRIES = env.int("NOTIFICATION_MAX_RETRIES", default=5)

# Cache: the rate limits (allauth's login and login-code limits, PDIN registrations) count in
# it, so it must be shared by every gunicorn worker: with a cache per process, 2 workers let
# twice the limit through. Redis when CACHE_URL (default: REDIS_URL) is set, as in
# production; make run, without Redis, keeps a local one (it runs a single process).
CACHE_URL = env("CACHE_URL", default=REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "cln_portal.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "cln",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions read from the cache, written through to the database (they survive a flush).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Public pages stored whole, member pages per user (cln_portal/pagecache.py): every committed
# write makes them stale at once; PAGE_CACHE_SECONDS is the backstop expiry. On by default with
# the shared cache, and in DEBUG (make run: one process); off with a cache per process in
# production, where each worker would miss the others' invalidations.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=bool(CACHE_URL) or DEBUG)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# Logged-in visitors' account and member record kept in the cache under the same data version
# (members.middleware.user_get_kept). Only with the shared cache: with a cache per process (make
# run), a deactivation or a password change made by another process (manage.py, a worker) would
# not reach the server's copy before PAGE_CACHE_SECONDS.
ACCOUNT_CACHE_ENABLED = env.bool("ACCOUNT_CACHE_ENABLED", default=bool(CACHE_URL))
# Hot queries are compiled to SQL once per process (cln_portal/compiled.py). With the check on,
# every run also compiles the queryset afresh and fails on any difference: on in the tests and
# under DEBUG (make run).
COMPILED_QUERIES_CHECK = env.bool("COMPILED_QUERIES_CHECK", default=DEBUG)

# Security: production behaviour follows DEBUG, so tests run the real configuration.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# No script of the portal reads the CSRF cookie (forms carry the token): keep it from scripts.
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload directive only allows asking browsers to ship the rule; check --deploy wants it.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sittings (sessions/meetings/services.py): reminders N days before at a Paris wall-clock
# time, and the alert to staff after this many unexcused absences in a row.
MEETING_REMINDER_DAYS = env.list("MEETING_REMINDER_DAYS", cast=int, default=[7, 1])
MEETING_REMINDER_TIME = env("MEETING_REMINDER_TIME", default="09:00")
MEETING_ABSENCE_ALERT_THRESHOLD = env.int("MEETING_ABSENCE_ALERT_THRESHOLD", default=3)
# Agenda suggestions (sessions/meetings/agenda.py): a question still waiting for its answer
# this many days before a sitting is suggested; a members' proposal (PDIN programming) from
# this many supports. Settings, not council records: they tune a staff tool, not the council.
AGENDA_OPEN_QUESTION_DAYS = env.int("AGENDA_OPEN_QUESTION_DAYS", default=60)
AGENDA_PROPOSAL_MIN_SUPPORTS = env.int("AGENDA_PROPOSAL_MIN_SUPPORTS", default=3)
# The « dossier de réponses » PDF (sessions/dossier) is kept in the cache under a digest of
# its HTML for this long: the same content is rendered once, any change renders anew.
DOSSIER_PDF_CACHE_SECONDS = env.int("DOSSIER_PDF_CACHE_SECONDS", default=24 * 3600)

# Answers from the city's services (workstreams/answer_services.py): the e-mailed link to
# draft an answer stays valid this many days after the due date; a reminder goes out this
# many days before the due date, at 9 h Paris.
ANSWER_LINK_DAYS_AFTER_DUE = env.int("ANSWER_LINK_DAYS_AFTER_DUE", default=14)
ANSWER_REMINDER_DAYS_BEFORE = env.int("ANSWER_REMINDER_DAYS_BEFORE", default=3)

# Uploads: a file is no longer stored once it passes UPLOAD_MAX_BYTES (the largest any
# field accepts); each field then checks its own, smaller or equal, limit and the content
# (cln_portal.uploads).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "cln_portal.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The minutes PDF: annexes above this size are refused (bytes).
MINUTES_ANNEX_MAX_BYTES = env.int("MINUTES_ANNEX_MAX_BYTES", default=20 * 1024 * 1024)
# The largest compte-rendu file the import page accepts (a .docx with pictures is large).
MINUTES_IMPORT_MAX_BYTES = env.int("MINUTES_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)

# PDIN registrations (pdin/conf.py documents each value).
# The work axis whose questions staff pin to the digital budget's groups (budget/).
BUDGET_WORKSTREAM_SLUG = env("BUDGET_WORKSTREAM_SLUG", default="budget-numerique-2025")

PDIN_WAITLIST_OFFER_HOURS = env.int("PDIN_WAITLIST_OFFER_HOURS", default=48)
PDIN_REGISTRATION_RETENTION_MONTHS = env.int("PDIN_REGISTRATION_RETENTION_MONTHS", default=6)
PDIN_PROPOSAL_RETENTION_MONTHS = env.int("PDIN_PROPOSAL_RETENTION_MONTHS", default=6)
PDIN_REGISTRATION_RATE_LIMIT = env.int("PDIN_REGISTRATION_RATE_LIMIT", default=100)
PDIN_REGISTRATION_EMAIL_RATE_LIMIT = env.int("PDIN_REGISTRATION_EMAIL_RATE_LIMIT", default=5)
PDIN_CONTACT_PHONE = env("PDIN_CONTACT_PHONE", default="")
PDIN_SUPPORT_LINK_HOURS = env.int("PDIN_SUPPORT_LINK_HOURS", default=48)
PDIN_PUBLIC_PROPOSAL_RATE_LIMIT = env("PDIN_PUBLIC_PROPOSAL_RATE_LIMIT", default="5/h/ip")
PDIN_PUBLIC_SUPPORT_RATE_LIMIT = env("PDIN_PUBLIC_SUPPORT_RATE_LIMIT", default="30/h/ip,3/h/key")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint warns about every CSS property it does not know; keep its errors only.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # pikepdf says "C++ to Python logger bridge initialized" at import: not for every command.
        "pikepdf": {"level": "WARNING"},
    },
}

# « Où se faire aider ? » (places/): the national cartography's export in the standard
# « standard-mediation-num » (CSV or JSON, https), read by `manage.py import_places` when no
# file is given, and the commune whose places are kept (INSEE code first, else the name).
# Tests never use the network: they pass a local file.
PLACES_SOURCE_URL = env("PLACES_SOURCE_URL", default="")
PLACES_COMMUNE = env("PLACES_COMMUNE", default="")
PLACES_INSEE = env("PLACES_INSEE", default="")
