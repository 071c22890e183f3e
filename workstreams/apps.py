from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkstreamsConfig(AppConfig):
    name = "workstreams"
    verbose_name = _("Axes de travail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .search import register_sqlite_unaccent

        connection_created.connect(register_sqlite_unaccent, dispatch_uid="workstreams_sqlite_unaccent")
