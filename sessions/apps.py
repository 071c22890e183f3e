from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import audit_actions


class MeetingsConfig(AppConfig):
    """Sittings and their minutes.

    The folder is ``sessions/`` but the label is ``meetings``: Django's own
    ``django.contrib.sessions`` already owns the label ``sessions``. Use the label
    everywhere Django wants one (``makemigrations meetings``, ``"meetings.Meeting"``).
    """

    name = "sessions"
    label = "meetings"
    verbose_name = _("Séances et comptes-rendus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # In ready, not at module level: it imports the outbox's models, not loaded yet
        # when Django imports this module.
        from members.signals import member_erased

        from . import notification_kinds
        from .minutes.services import minutes_on_member_erased

        notification_kinds.register()
        audit_actions.register()
        # Published minutes get a public rendition without an erased person's name.
        member_erased.connect(minutes_on_member_erased, dispatch_uid="minutes_on_member_erased")
