"""The actions of the budget app in the audit history, registered in ``BudgetConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members import audit

BUDGET_IMPORTED = "budget_imported"
BUDGET_LINES_TAGGED = "budget_lines_tagged"
BUDGET_GROUPS_SAVED = "budget_groups_saved"

ACTIONS = (
    (BUDGET_IMPORTED, _("budget importé")),
    (BUDGET_LINES_TAGGED, _("lignes du budget qualifiées")),
    (BUDGET_GROUPS_SAVED, _("explications du budget numérique enregistrées")),
)


def register() -> None:
    audit.register_actions(ACTIONS)
