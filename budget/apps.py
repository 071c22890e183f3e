from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import audit_actions


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget numérique")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        audit_actions.register()

    def load_demo(self, *, seed) -> None:
        """Called by ``sessions.demo.demo_seed`` (which may not import this app): the demo budget."""
        from . import demo

        demo.load(seed=seed)
