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
ANSWERING_SERVICE_SAVED = "answering_service_saved"
ANSWER_REQUEST_SENT = "answer_request_sent"
ANSWER_REQUEST_CLOSED = "answer_request_closed"
ANSWER_DRAFT_SAVED = "answer_draft_saved"
ANSWER_DRAFT_SUBMITTED = "answer_draft_submitted"
ANSWER_REMINDER_SENT = "answer_reminder_sent"

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
    (ANSWERING_SERVICE_SAVED, _("service de l’annuaire enregistré")),
    (ANSWER_REQUEST_SENT, _("lien de réponse envoyé à un service")),
    (ANSWER_REQUEST_CLOSED, _("lien de réponse d’un service clos")),
    (ANSWER_DRAFT_SAVED, _("projet de réponse enregistré par un service")),
    (ANSWER_DRAFT_SUBMITTED, _("projet de réponse envoyé par un service")),
    (ANSWER_REMINDER_SENT, _("rappel envoyé à un service")),
)


def register() -> None:
    audit.register_actions(ACTIONS)
