"""Who may see what: one place for the portal's access rules, used by every view.

- the public: no account;
- a member: a logged-in account whose member record is in mandate today, or staff;
- staff: ``user.is_staff`` (the chargé de mission, administrators).
A former member's account (mandate ended) is treated as the public on member pages.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def is_staff(user) -> bool:
    """Staff of the council (chargé·e de mission, administrators)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_member(user) -> bool:
    """A logged-in account whose member record is in mandate today, or staff."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    member = getattr(user, "member", None)
    return member is not None and member.is_in_mandate()


def member_required(view):
    """Anonymous → login page; logged in without a mandate → 403; members and staff pass."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    """Anonymous → login page; logged in but not staff → 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
