from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Membres et comptes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import notification_kinds, signals  # noqa: F401 (signals registers the receivers)

        notification_kinds.register()
