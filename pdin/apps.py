from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import audit_actions


class PdinConfig(AppConfig):
    name = "pdin"
    verbose_name = _("Petit-déjeuner de l’inclusion numérique")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # In ready, not at module level: it imports the outbox's models, not loaded yet
        # when Django imports this module.
        from . import notification_kinds

        notification_kinds.register()
        audit_actions.register()
