"""The actions of the places app in the audit history, registered in ``PlacesConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members import audit

IMPORTED = "places_imported"
PLACE_SAVED = "places_place_saved"

ACTIONS = (
    (IMPORTED, _("lieux de médiation importés")),
    (PLACE_SAVED, _("lieu de médiation corrigé")),
)


def register() -> None:
    audit.register_actions(ACTIONS)
