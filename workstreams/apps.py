from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import audit_actions


class WorkstreamsConfig(AppConfig):
    name = "workstreams"
    verbose_name = _("Axes de travail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import notification_kinds

        notification_kinds.register()
        audit_actions.register()
