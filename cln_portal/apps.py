from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal's shared parts: notifications (outbox), Markdown, dates, beat schedules."""

    name = "cln_portal"
    label = "cln_portal"
    verbose_name = _("Portail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .beat import on_post_migrate

        # The periodic tasks (django-celery-beat rows) exist after every migrate; see beat.py.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="cln_portal.beat.periodic_tasks")
