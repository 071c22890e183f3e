from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notifications import registry as notifications_registry

from . import audit


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Membres et comptes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # In ready, not at module level: these import the app's models, not loaded yet
        # when Django imports this module.
        from . import notification_kinds, services, signals  # noqa: F401 (signals registers the receivers)

        notification_kinds.register()
        # The outbox is below this app: it records its actions through this writer.
        audit.register_actions(notifications_registry.AUDIT_ACTIONS)
        notifications_registry.register_audit_writer(services.audit_record)
