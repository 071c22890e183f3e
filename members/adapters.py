"""django-allauth adapters: no open sign-up, e-mails through the outbox, where to land after login."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cln_portal.permissions import is_member
from notifications.services import notification_queue

from .models import User
from .notification_kinds import ACCOUNT

# Why the recipient gets each of allauth's e-mails (the outbox prints it under the message).
REASONS = {
    "login_code": gettext_lazy("vous avez demandé un code de connexion à l’espace des membres"),
    "password_reset_key": gettext_lazy("vous avez demandé à choisir un nouveau mot de passe"),
    "unknown_account": gettext_lazy("quelqu’un a demandé à se connecter avec cette adresse"),
    "email_confirmation": gettext_lazy("vous avez demandé à utiliser cette adresse pour votre compte"),
    "email_confirmation_signup": gettext_lazy("vous avez demandé à utiliser cette adresse pour votre compte"),
}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Nobody signs up alone: accounts are created by invitation (members.services)."""
        return False

    def get_login_redirect_url(self, request) -> str:
        """Members and staff land on their dashboard; a former member on "Mes données"."""
        if is_member(request.user):
            return super().get_login_redirect_url(request)
        return reverse("members:my_data")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every allauth e-mail (login code, password reset, e-mail change…) goes through the outbox.

        allauth's own message template is rendered in the account's language (French by
        default; the language of the page for an unknown address), then wrapped in the portal's
        e-mail layout (``emails/account.*``). Each send is a new notification (kind ACCOUNT,
        a unique ``about``), so a second code or reset link is never taken for a duplicate.
        """
        name = template_prefix.rsplit("/", 1)[-1]
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        member = getattr(user, "member", None) if user is not None else None
        ctx = {"email": email, "current_site": None, **context}
        # The account's language; someone unknown reads the language they asked in.
        language = getattr(user, "language", "") or (translation.get_language() if user is None else "")
        language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            subject = " ".join(
                render_to_string(f"{template_prefix}_subject.txt", ctx, using="text").splitlines()
            ).strip()
            body = render_to_string(f"{template_prefix}_message.txt", ctx, using="text").strip()
            reason = REASONS.get(name, _("une action a été faite sur votre compte de l’espace des membres"))
        notification_queue(
            kind=ACCOUNT,
            about=f"account:{name}:{uuid.uuid4().hex}"[:100],
            recipient=email,
            member=member,
            template="account",
            context={"subject": subject, "body": body, "reason": reason},
            language=language,
        )
