from django.apps import AppConfig, apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .beat import on_post_migrate
from .text import register_sqlite_unaccent


class PortalConfig(AppConfig):
    """The portal's infrastructure: settings, dates, Markdown subset, PDF fetcher, schedules.

    It imports no app of the portal (the bottom floor, see README "Where things are").
    """

    name = "cln_portal"
    label = "cln_portal"
    verbose_name = _("Portail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The periodic tasks (django-celery-beat rows) exist after every migrate; see beat.py.
        # Django signals post_migrate only for apps with models: this one has none, so the
        # handler listens for django-celery-beat's, whose tables it fills.
        post_migrate.connect(
            on_post_migrate,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="cln_portal.beat.periodic_tasks",
        )
        # Accent-folding search on SQLite (make run), as PostgreSQL's unaccent does.
        connection_created.connect(register_sqlite_unaccent, dispatch_uid="workstreams_sqlite_unaccent")
        from .pagecache import install_on_open_connections, install_write_watch

        # Every write bumps the page cache's data version once its transaction commits.
        connection_created.connect(install_write_watch, dispatch_uid="cln_portal_pagecache_writes")
        install_on_open_connections()
