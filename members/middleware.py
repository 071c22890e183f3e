"""Staff must use a second factor (members and accounts issue): allauth MFA, TOTP.

A staff account without a TOTP authenticator is sent to allauth's TOTP set-up page on
every page but the account and MFA pages themselves (and logout), until it has one.
Whether the account has one is looked up at login (``members.signals``) and kept in the
session, so pages cost no extra query; the set-up page's ``authenticator_added`` signal
updates it.
"""

import logging
import pickle

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cln_portal.compiled import CompiledQuery
from cln_portal.pagecache import VERSION_KEY, data_version

logger = logging.getLogger(__name__)

SESSION_KEY = "members_staff_mfa_ok"

# Paths a staff account without a second factor may still open.
ALLOWED_PREFIXES = ("/comptes/", "/static/", "/media/")


def staff_has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            if request.session.get(SESSION_KEY) != user.pk:
                if staff_has_totp(user):
                    request.session[SESSION_KEY] = user.pk
                elif not request.path.startswith(ALLOWED_PREFIXES):
                    messages.warning(
                        request,
                        _(
                            "Les comptes de l’équipe doivent utiliser une double authentification : "
                            "configurez une application d’authentification pour continuer."
                        ),
                    )
                    return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class MemberLanguageMiddleware:
    """Pages in the language a logged-in person saved (``User.language``), on any device.

    Django's ``LocaleMiddleware`` (before it) picks the language from the cookie the switch
    sets, then the browser's ``Accept-Language``; a saved choice wins over both, so a member
    who chose English on their phone reads English on the library's computer too. Anonymous
    visitors keep the cookie's choice. Runs after ``AuthenticationMiddleware``; the user row
    is the one the page loads anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language and language != translation.get_language():
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


USER_KEY = "auth:user:{}"
# What a kept copy holds instead of the password hash: usable or not, as the account's.
KEPT_PASSWORD = "kept-copy"  # noqa: S105 -- a placeholder, never a password


def user_get_kept(request):
    """``request``'s user as ``django.contrib.auth.get_user`` finds it, with their member
    record, read from the shared cache when a copy was kept there under the current data
    version (issue 17).

    Every logged-in page began with two queries, the account and then the member record;
    a page answered from the page cache still paid the first. Both are now read in one
    query (``_user_with_member``), and, with ``ACCOUNT_CACHE_ENABLED`` (the shared cache), a
    copy is kept, user and member together, under the data version of
    ``cln_portal.pagecache``: any write to the database (a password, a deactivation, a role,
    the end of a mandate, the language), from any process, bumps it when its transaction
    commits, so a copy is never read after a change. The version is read before the
    database, so a copy read during a write is kept under the old version and never used.

    The copy holds no password hash: ``password`` is a placeholder (usable or not, as the
    account's), and the session hash Django derives from the password is kept beside it.
    What Django checks on every request is still checked on a copy: the session names an
    allowed backend and holds that hash (``HASH_SESSION_KEY``), the account is active; when
    a check fails, Django's own ``get_user`` decides (it logs the session out or rotates it).
    Copies serve ``GET`` and ``HEAD`` only: a form sent (a password change checks the old
    password) works on the account read from the database. Not kept: inside a transaction
    (the tests' ``TestCase``; the version only moves on commit), or when the cache is
    unreachable.

    Returns a ``User`` or an ``AnonymousUser``.
    """
    session = request.session
    user_id = session.get(auth.SESSION_KEY)
    if user_id is None or session.get(auth.BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    if (
        not settings.ACCOUNT_CACHE_ENABLED
        or request.method not in ("GET", "HEAD")
        or connection.in_atomic_block
    ):
        return _user_with_member(request, user_id)
    key = USER_KEY.format(user_id)
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = data_version()
    except Exception:
        logger.exception("Shared cache unreachable: the account is read from the database")
        return _user_with_member(request, user_id)
    kept = found.get(key)
    if kept is not None and kept[0] == version:
        _version, user, session_auth_hash = kept
        if _session_holds(request, user, session_auth_hash):
            return user
        return auth.get_user(request)
    user = _user_with_member(request, user_id)
    if user.is_authenticated:
        try:
            cache.set(key, (version, *_kept_copy(user)), timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Shared cache unreachable: the account is not kept")
    return user


def _kept_copy(user) -> tuple:
    """``(copy of user without their password hash, their session auth hash)``; the member
    record is read with the account first, present or not, so the copy answers both."""
    getattr(user, "member", None)
    session_auth_hash = user.get_session_auth_hash()
    copy = pickle.loads(pickle.dumps(user))  # noqa: S301 -- our own object, just pickled
    copy.password = (
        KEPT_PASSWORD if user.has_usable_password() else f"{UNUSABLE_PASSWORD_PREFIX}{KEPT_PASSWORD}"
    )
    # Saving it would write the placeholder over the password: a change goes through the account.
    copy.save = _kept_copy_save
    return copy, session_auth_hash


def _kept_copy_save(*args, **kwargs):
    """``save`` of a kept copy (``user_get_kept``): refused, it holds no password hash."""
    raise RuntimeError(
        "A kept copy of an account cannot be saved: read the account from the database "
        "(User.objects.get(pk=request.user.pk)) to change it."
    )


def _session_holds(request, user, session_auth_hash: str | None = None) -> bool:
    """Whether ``request``'s session holds ``user``'s session auth hash (derived from their
    password; ``session_auth_hash`` when given, for a kept copy) and the account is active:
    what ``django.contrib.auth.get_user`` and ``ModelBackend`` check on every request."""
    session_hash = request.session.get(auth.HASH_SESSION_KEY)
    expected = session_auth_hash or user.get_session_auth_hash()
    return bool(user.is_active and session_hash and constant_time_compare(session_hash, expected))


# The session's account and member record: the same SQL on every logged-in request, compiled
# once per process (cln_portal/compiled.py).
_USER_WITH_MEMBER = CompiledQuery(
    lambda pk: get_user_model()._default_manager.select_related("member").filter(pk=pk)[:1], pk=int
)


def _user_with_member(request, user_id):
    """The session's account with its member record in one query (a LEFT JOIN: ``user.member``
    then costs nothing, present or not), when the session's backend reads accounts as
    ``ModelBackend`` does (Django's and allauth's) and the checks pass; otherwise, or when a
    check fails, Django's own ``get_user`` answers (and logs the session out)."""
    backend = auth.load_backend(request.session[auth.BACKEND_SESSION_KEY])
    if isinstance(backend, ModelBackend):
        try:
            found = _USER_WITH_MEMBER.list(pk=get_user_model()._meta.pk.to_python(user_id))
        except ValidationError:  # not an id: Django's get_user logs the session out
            found = []
        user = found[0] if found else None
        if user is not None and backend.user_can_authenticate(user) and _session_holds(request, user):
            return user
    return auth.get_user(request)


class KeptUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's ``AuthenticationMiddleware`` whose ``request.user`` comes from
    ``user_get_kept``: a logged-in page reads the account and the member record in one
    query, or from the shared cache."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: user_get_kept(request))
