from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import audit_actions


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget numérique")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The demo seed (sessions, beside this floor) cannot import budget: it asks for loaders.
        from cln_portal.demo import register_demo_loader

        from . import demo

        audit_actions.register()
        register_demo_loader(demo.load)
