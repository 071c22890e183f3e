"""The actions of the PDIN app in the audit history, registered in ``PdinConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members import audit

REGISTRATION_OPENED = "pdin_registration_opened"
REGISTRATION_CLOSED = "pdin_registration_closed"
ATTENDANCE_RECORDED = "pdin_attendance_recorded"

ACTIONS = (
    (REGISTRATION_OPENED, _("inscriptions à une édition ouvertes")),
    (REGISTRATION_CLOSED, _("inscriptions à une édition fermées")),
    (ATTENDANCE_RECORDED, _("participation à une édition relevée")),
)


def register() -> None:
    audit.register_actions(ACTIONS)
