"""Whole-page cache in the shared cache, that never shows anyone what they may not see (issue 17).

Two kinds of entries, both in Django's ``default`` cache (Redis in production, shared by
every web process; a local one under ``make run``, which runs a single process):

- **public pages**: a request with no session cookie and no pending ``messages`` cookie,
  ``GET`` or ``HEAD``, to a page of ``PUBLIC_PAGES``, answered 200. Shared by every
  anonymous visitor.
- **member pages**: a logged-in user's request to a page of ``MEMBER_PAGES``; the entry
  is that user's only (the key holds the user id, their staff/superuser flags and a hash
  of their permissions), never read for anyone else.

Every key also holds the URL with its query string, the host, the language, the day in
Paris (pages say « à venir » / « passée ») and the **data version**, a counter in the cache
bumped after every transaction that writes to the database (see ``install_write_watch``):
a registration, a publication, an edit in the admin or through ``QuerySet.update()`` all
go through SQL, so none can be forgotten. Entries expire after ``PAGE_CACHE_SECONDS``
anyway (a backstop should a bump be lost with the cache unreachable).

CSRF: the rendered page is stored with each masked CSRF token replaced by a placeholder;
each hit gets tokens of its own visitor's secret (a new one when they have none), and
``CsrfViewMiddleware``, outside this middleware, sets the cookie exactly as for a page
rendered by a view. So two visitors of one cached page never share a token, and a form on a
cached page posts as on a fresh one.

Stored files (published minutes, adopted opinions) behind nginx: the view's answer is an
empty body with ``X-Accel-Redirect`` (``cln_portal/files.py``); that hand-off is kept by
``FileHandOffMiddleware``, placed right after ``SecurityMiddleware``, under the same data
version and day as a page, per session (holding the same user and password hash) when logged
in, and never shared when ``private``. A second download costs one read from the cache (the
data version, the entry and the session together), without the rest of the middleware, and
nginx sends the file. Conditional requests for them
always reach the view (it answers 304).

Never stored: another status than 200, a streaming response (a file sent by gunicorn), a
response that sets a cookie (the CSRF cookie is set outside, on each answer) or modifies the
session, one marked ``private`` (but a member's stored-file hand-off), ``no-store`` or
``no-cache``, one rendered while a message (``messages`` framework) was pending or added, a
page reached through an e-mailed token (not in the lists), a POST. Responses carry
``X-Page-Cache: hit`` or ``miss`` when the page was eligible.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBSessionStore
from django.core.cache import DEFAULT_CACHE_ALIAS, cache
from django.core.exceptions import DisallowedHost
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone, translation

from .schedule import local_day

logger = logging.getLogger(__name__)

# URL names (namespace:name) whose pages are stored whole for anonymous visitors. Only pages
# that show the same thing to every anonymous visitor; never a page reached by an e-mailed
# token (registration cancel, offer, convocation answer, unsubscribe, invitation).
PUBLIC_PAGES = frozenset(
    {
        "pdin:programme",
        "pdin:series_detail",
        "pdin:venue_detail",
        "pdin:edition_detail",
        "pdin:open_data",
        "pdin:public_proposals",
        "meetings:public_minutes_list",
        "meetings:minutes_detail",
        "home:legal",
    }
)
# URL names whose pages are stored per logged-in user.
MEMBER_PAGES = frozenset(
    {
        "home:dashboard",
        "meetings:minutes_list",
        "meetings:minutes_detail",
        "workstreams:detail",
    }
)
# Stored files (cln_portal/files.py), kept by ``FileHandOffMiddleware`` only, as the hand-off
# to the web server in front (``X-Accel-Redirect``, an empty body): what the entry keeps is the
# view's answer to "may this visitor read this file", under the same data version and day as a
# page; a conditional request (``If-None-Match``, ``If-Modified-Since``) always goes to the
# view, which answers 304.
FILE_PAGES = frozenset({"meetings:minutes_pdf", "workstreams:opinion_pdf"})
PUBLIC_FILES = frozenset({"meetings:minutes_pdf"})
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")

VERSION_KEY = "pagecache:version"
# As long as a masked token (64 characters), and not one: a non-letter in it.
CSRF_PLACEHOLDER = b"__cln-csrf-token-placeholder__".ljust(64, b"_")
# A masked CSRF token: 64 letters or digits (django.middleware.csrf).
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Tables whose writes change no page: sessions, the outbox's delivery rows, beat's clock.
QUIET_TABLES = ("django_session", "notifications_notification", "django_celery_beat_")
_READ_STATEMENTS = (
    "SELECT",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "COMMIT",
    "BEGIN",
    "SET",
    "SHOW",
    "PRAGMA",
    "EXPLAIN",
)
_WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)

# --- The data version ----------------------------------------------------------------------


def data_version() -> int:
    """The current data version (an integer that only grows); creates it when missing.

    A missing counter (evicted, or a flushed cache) starts from the clock in nanoseconds, so
    it never comes back to a value an older entry was stored under.
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version)


def bump_data_version() -> None:
    """Make every stored page stale (called after a commit that wrote; errors only logged)."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no counter yet
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:  # the write is committed: a cache outage must not turn it into a 500
        logger.exception("The page cache's data version could not be bumped")


def _statement_writes(sql: str) -> bool:
    head = sql.lstrip()[:9].upper()
    if head.startswith(_READ_STATEMENTS):
        return False
    match = _WRITTEN_TABLE.match(sql)
    return not (match and match.group(1).startswith(QUIET_TABLES))


def _watch_writes(execute, sql, params, many, context):
    """Database execute wrapper: a write schedules one version bump when its transaction commits.

    Scheduled after the statement: in autocommit mode ``on_commit`` runs at once, and a bump
    before the write would let a reader store the old page under the new version.
    """
    result = execute(sql, params, many, context)
    if _statement_writes(sql):
        connection = context["connection"]
        if not any(func is bump_data_version for _sids, func, _robust in connection.run_on_commit):
            transaction.on_commit(bump_data_version, using=connection.alias)
    return result


def install_write_watch(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: watch this connection's writes (once per connection object).

    Connections Django opens outside ``DATABASES`` (``__no_db__``, to create or drop a
    database) are left alone: ``on_commit`` cannot look them up.
    """
    if connection.alias not in connections.settings:
        return
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install_on_open_connections() -> None:
    """Watch the connections already open (``connection_created`` only fires for new ones)."""
    for connection in connections.all(initialized_only=True):
        install_write_watch(None, connection)


# --- The middleware -------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _view_name(path_info: str, urlconf: str | None) -> str | None:
    """The URL name of ``path_info``, kept per process (a third of a cached answer's time was
    resolving); a few thousand paths at most, the oldest dropped first."""
    try:
        return resolve(path_info, urlconf).view_name
    except Resolver404:
        return None


def _url_name(request: HttpRequest) -> str | None:
    return _view_name(request.path_info, get_urlconf())


def _messages_pending(request: HttpRequest) -> bool:
    if request.COOKIES.get(CookieStorage.cookie_name):  # an emptied cookie is ""
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SessionStorage.session_key))


def _member_fingerprint(user) -> str:
    """The user's role: staff and superuser flags, council role and permissions, hashed."""
    member = getattr(user, "member", None)  # the council role, when the account has a person
    permissions = ",".join(sorted(user.get_all_permissions()))
    digest = hashlib.sha256(f"{getattr(member, 'role', '')}|{permissions}".encode()).hexdigest()[:16]
    return f"{int(user.is_staff)}{int(user.is_superuser)}:{digest}"


class PageCacheMiddleware:
    """Serve eligible pages from the shared cache and store them (see the module docstring).

    Placed last in ``MIDDLEWARE``: the session, language, CSRF, authentication and messages
    have run, and the headers added on the way out (CSRF cookie, CSP, Content-Language,
    X-Frame-Options) are added to a cached answer as to a fresh one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            found = self._lookup(request) if settings.PAGE_CACHE_ENABLED else None
        except Exception:
            logger.exception("Page cache unreachable")
            found = None
        if found is None:
            return self.get_response(request)
        key, stamp, entry = found
        if entry is not None and entry["stamp"] == stamp:
            return self._answer(request, entry)
        response = self.get_response(request)
        if request.method == "GET":
            entry = self._entry(request, response)
            if entry is not None:
                entry["stamp"] = stamp
                try:
                    cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
                except Exception:
                    logger.exception("Page cache unreachable")
        response["X-Page-Cache"] = "miss"
        return response

    def _lookup(self, request: HttpRequest) -> tuple[str, tuple, dict | None] | None:
        """``(key, stamp, stored entry or None)`` for this request's page; None when it must
        not be cached. One round trip to the cache: the data version, the member's role (kept
        per data version) and the entry are read together; an entry counts only when it was
        stored under the same stamp (data version, and role for a member)."""
        if request.method not in ("GET", "HEAD"):
            return None
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        name = _url_name(request)
        if name not in (PUBLIC_PAGES if anonymous else MEMBER_PAGES) or _messages_pending(request):
            return None
        if anonymous:
            who = "public"
        else:
            user = request.user
            if not user.is_authenticated:
                return None  # an expired session: the view answers, maybe with a new cookie
            who = f"user:{user.pk}"
        place = "|".join(
            [
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                translation.get_language() or "",
                local_day(timezone.now()).isoformat(),
            ]
        )
        key = f"pagecache:{who}:{hashlib.sha256(place.encode()).hexdigest()}"
        role_key = f"pagecache:role:{who}"
        found = cache.get_many([VERSION_KEY, key] if anonymous else [VERSION_KEY, role_key, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = data_version()
        if anonymous:
            return key, (version,), found.get(key)
        role = found.get(role_key)
        if role is None or role[0] != version:
            # A change of role, group or permission is a write: it bumps the version.
            role = (version, _member_fingerprint(user))
            cache.set(role_key, role, timeout=settings.PAGE_CACHE_SECONDS)
        return key, (version, role[1]), found.get(key)

    def _entry(self, request: HttpRequest, response: HttpResponse) -> dict | None:
        """What to store of ``response`` (content with placeholders, headers), or None."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("no-store", "no-cache")):
            return None
        if "private" in cache_control:
            return None
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return None
        storage = getattr(request, "_messages", None)
        if storage is not None and (storage._queued_messages or storage.added_new):
            return None
        content = response.content
        secret = request.META.get("CSRF_COOKIE")
        uses_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if uses_csrf and secret:

            def hide(match: re.Match) -> bytes:
                token = match.group(0).decode()
                return CSRF_PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group(0)

            content = _TOKEN.sub(hide, content)
            if secret.encode() in content:
                return None  # the bare secret in the page: never share it
        headers = [(k, v) for k, v in response.items() if k.lower() not in ("x-page-cache",)]
        return {"content": content, "headers": headers, "csrf": uses_csrf}

    def _answer(self, request: HttpRequest, entry: dict) -> HttpResponse:
        content = entry["content"]
        if entry["csrf"]:
            # get_token() gives this visitor's masked token (a new secret when they have
            # none) and tells CsrfViewMiddleware to set the cookie, as a rendered page does.
            # One masked token for the whole answer, as masking is per answer (BREACH): a page
            # with eight forms would otherwise draw 256 random characters.
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for header, value in entry["headers"]:
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return response


# --- Stored files: the hand-off kept before the rest of the middleware -----------------------


def _hand_off_storable(request: HttpRequest, response: HttpResponse, *, shared: bool) -> bool:
    """Whether ``response`` is a stored file's hand-off to the web server that may be kept:
    200, an empty body with ``X-Accel-Redirect``, no cookie set, the session unchanged, no
    message pending or added, and not ``private`` when the entry is shared (anonymous)."""
    if (
        response.status_code != 200  # noqa: PLR2004
        or response.streaming
        or response.cookies
        or "X-Accel-Redirect" not in response
        or response.content
    ):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("no-store", "no-cache")) or (
        shared and "private" in cache_control
    ):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or not (storage._queued_messages or storage.added_new)


class FileHandOffMiddleware:
    """Answer a stored file's kept hand-off to nginx before the rest of the middleware (issue 17).

    A download of a published minutes' PDF or an adopted opinion (``FILE_PAGES``) behind nginx
    is an empty answer with ``X-Accel-Redirect``, once the view has checked the visitor may read
    it. This middleware, placed right after ``SecurityMiddleware``, keeps that whole answer (the
    headers every other middleware added included) and gives it again without running them: no
    language, CSRF, user, messages or CSP work, no query. The key holds, as a page's: the URL,
    host, scheme, the language the request asks for, the day in Paris; for a logged-in visitor
    also their session, and the entry holds the user id and password hash the session had: it
    counts only while the session still holds both. An entry counts only under the data
    version it was stored with, so any write (a mandate ending, minutes withdrawn, a role or
    password changed, an account deactivated) sends the next download through the view again,
    exactly as for a cached page. A session that is gone (logout, expiry) has no user: the
    request takes the full path. Conditional requests, a pending message, an invalid session
    and anything but ``GET``/``HEAD`` take the full path too; only a ``GET`` stores.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            found = self._lookup(request) if settings.PAGE_CACHE_ENABLED else None
        except Exception:
            logger.exception("Page cache unreachable")
            found = None
        if found is None:
            return self.get_response(request)
        key, version, who, entry = found
        if entry is not None and entry["stamp"] == version:
            response = HttpResponse()
            for header, value in entry["headers"]:
                response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _hand_off_storable(request, response, shared=who is None):
            # A logged-in visitor's entry only when the view saw the user their session holds.
            user = getattr(request, "user", None)
            if who is None or (user is not None and user.is_authenticated and str(user.pk) == who[0]):
                headers = [(k, v) for k, v in response.items() if k.lower() != "x-page-cache"]
                entry = {"stamp": version, "user": who, "headers": headers}
                try:
                    cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
                except Exception:
                    logger.exception("Page cache unreachable")
        response["X-Page-Cache"] = "miss"
        return response

    def _lookup(self, request: HttpRequest) -> tuple[str, int, tuple[str, str] | None, dict | None] | None:
        """``(key, data version, (user id, password hash) or None, stored entry or None)``; None
        when the request must take the full path.

        One round trip to the cache: the data version, the entry and, when the sessions live in
        the same cache (``cached_db`` or ``cache`` engine on the default alias), the session's
        data are read together. A logged-in visitor's entry is keyed by their session and
        counts only while that session still holds the same user and password hash."""
        if request.method not in ("GET", "HEAD") or any(header in request.META for header in _CONDITIONAL):
            return None
        name = _url_name(request)
        if name not in FILE_PAGES or request.COOKIES.get(CookieStorage.cookie_name):
            return None
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        store = None
        if session_key is None:
            if name not in PUBLIC_FILES:
                return None
            who = "public"
        else:
            store = self.session_store(session_key)
            if store.session_key is None:
                return None  # not a session key at all: the full path answers
            who = "session:" + hashlib.sha256(store.session_key.encode()).hexdigest()
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        place = "|".join(
            [
                request.scheme,
                host,
                request.get_full_path(),
                translation.get_language_from_request(request) or "",
                local_day(timezone.now()).isoformat(),
            ]
        )
        key = f"pagecache:file:{who}:{hashlib.sha256(place.encode()).hexdigest()}"
        keys = [VERSION_KEY, key]
        session_in_cache = (
            store is not None
            and settings.SESSION_CACHE_ALIAS == DEFAULT_CACHE_ALIAS
            and isinstance(store, CacheSessionStore | CachedDBSessionStore)
        )
        if session_in_cache:
            keys.append(store.cache_key)
        found = cache.get_many(keys)
        version = found.get(VERSION_KEY)
        version = int(data_version() if version is None else version)
        if store is None:
            return key, version, None, found.get(key)
        data = found.get(store.cache_key) if session_in_cache else store.load()
        user_id = (data or {}).get(SESSION_KEY)
        if (
            user_id is None
            or data.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
            or data.get(SessionStorage.session_key)
        ):
            return None  # no user (gone, expired, not in the cache), or a message to show
        user = (str(user_id), str(data.get(HASH_SESSION_KEY, "")))
        entry = found.get(key)
        if entry is not None and entry.get("user") != user:
            entry = None
        return key, version, user, entry
