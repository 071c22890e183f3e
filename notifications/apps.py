from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox: every e-mail the portal sends, once, with members' choices and staff retries.

    It imports no feature app: apps register their kinds in their own ``ready``
    (``notifications.registry``).
    """

    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"
