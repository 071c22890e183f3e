"""The actions of the sittings in the audit history, registered in ``MeetingsConfig.ready``.

The minutes keep their own, finer history (``MinutesEvent``).
"""

from django.utils.translation import gettext_lazy as _

from members import audit

MEETING_SAVED = "meeting_saved"
CONVOCATION_SENT = "convocation_sent"
ATTENDANCE_PREFILLED = "attendance_prefilled"
ATTENDANCE_MARKED = "attendance_marked"
ATTENDANCE_CONVENED_ADDED = "attendance_convened_added"
AGENDA_SUGGESTION_ADDED = "agenda_suggestion_added"

ACTIONS = (
    (MEETING_SAVED, _("séance enregistrée")),
    (CONVOCATION_SENT, _("convocation envoyée")),
    (ATTENDANCE_PREFILLED, _("feuille de présence préremplie")),
    (ATTENDANCE_MARKED, _("présence modifiée")),
    (ATTENDANCE_CONVENED_ADDED, _("membres convoqués ajoutés à la feuille de présence")),
    (AGENDA_SUGGESTION_ADDED, _("suggestion ajoutée à l’ordre du jour")),
)


def register() -> None:
    audit.register_actions(ACTIONS)
