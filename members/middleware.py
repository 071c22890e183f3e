"""Staff must use a second factor (members and accounts issue): allauth MFA, TOTP.

A staff account without a TOTP authenticator is sent to allauth's TOTP set-up page on
every page but the account and MFA pages themselves (and logout), until it has one.
Whether the account has one is looked up at login (``members.signals``) and kept in the
session, so pages cost no extra query; the set-up page's ``authenticator_added`` signal
updates it.
"""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

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
