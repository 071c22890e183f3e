"""The actions of the workstreams app in the audit history, registered in ``WorkstreamsConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members import audit

WORKSTREAM_SAVED = "workstream_saved"
WORKSTREAM_ARCHIVED = "workstream_archived"
WORKSTREAM_DELETED = "workstream_deleted"
OPINION_PDF_REQUESTED = "opinion_pdf_requested"
QUESTION_ASSIGNED = "question_assigned"
QUESTION_ANSWERED = "question_answered"
QUESTION_WITHDRAWN = "question_withdrawn"
QUESTION_PRESENTED = "question_presented"
ACTION_UPDATED = "action_updated"

ACTIONS = (
    (WORKSTREAM_SAVED, _("axe de travail enregistré")),
    (WORKSTREAM_ARCHIVED, _("axe de travail archivé")),
    (WORKSTREAM_DELETED, _("axe de travail supprimé")),
    (OPINION_PDF_REQUESTED, _("PDF d’un avis demandé")),
    (QUESTION_ASSIGNED, _("question confiée à un service")),
    (QUESTION_ANSWERED, _("réponse à une question enregistrée")),
    (QUESTION_WITHDRAWN, _("question retirée")),
    (QUESTION_PRESENTED, _("réponse présentée en séance")),
    (ACTION_UPDATED, _("action modifiée")),
)


def register() -> None:
    audit.register_actions(ACTIONS)
