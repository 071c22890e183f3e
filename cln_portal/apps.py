from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal's shared parts: notifications (outbox), Markdown, dates."""

    name = "cln_portal"
    label = "cln_portal"
    verbose_name = _("Portail")
    default_auto_field = "django.db.models.BigAutoField"
