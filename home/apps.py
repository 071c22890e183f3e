from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top floor: pages and messages that gather from several apps (dashboard, directory,
    legal page, search, Atom feed, weekly digest). It may import every app; none imports it."""

    name = "home"
    verbose_name = _("Accueil et pages communes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # In ready, not at module level: it imports the outbox's models, not loaded yet
        # when Django imports this module.
        from . import notification_kinds

        notification_kinds.register()
