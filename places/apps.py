from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Où se faire aider")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The demo seed (sessions, beside this floor) cannot import places: it asks for loaders.
        from cln_portal.demo import register_demo_loader

        from . import audit_actions, demo

        audit_actions.register()
        register_demo_loader(demo.load)
