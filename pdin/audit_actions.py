"""The actions of the PDIN app in the audit history, registered in ``PdinConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members import audit

REGISTRATION_OPENED = "pdin_registration_opened"
REGISTRATION_CLOSED = "pdin_registration_closed"
ATTENDANCE_RECORDED = "pdin_attendance_recorded"
REGISTRATION_CANCELLED = "pdin_registration_cancelled"
REGISTRATION_DELETED = "pdin_registration_deleted"
EDITION_SAVED = "pdin_edition_saved"
VENUE_SAVED = "pdin_venue_saved"
GROUP_REGISTERED = "pdin_group_registered"
PROPOSAL_PUBLISHED = "pdin_proposal_published"
PROPOSAL_REFUSED = "pdin_proposal_refused"

ACTIONS = (
    (REGISTRATION_OPENED, _("inscriptions à une édition ouvertes")),
    (REGISTRATION_CLOSED, _("inscriptions à une édition fermées")),
    (ATTENDANCE_RECORDED, _("participation à une édition relevée")),
    (REGISTRATION_CANCELLED, _("inscription annulée par l’équipe")),
    (REGISTRATION_DELETED, _("inscription supprimée par l’équipe")),
    (EDITION_SAVED, _("édition enregistrée")),
    (VENUE_SAVED, _("lieu enregistré")),
    (GROUP_REGISTERED, _("groupe inscrit par l’équipe")),
    (PROPOSAL_PUBLISHED, _("proposition de programmation publiée")),
    (PROPOSAL_REFUSED, _("proposition de programmation refusée")),
)


def register() -> None:
    audit.register_actions(ACTIONS)
