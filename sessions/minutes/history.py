"""French labels of the minutes' history (``MinutesEvent.action`` codes), for the editor.

The codes stay in the database as written by the services (``footnote_created``,
``question_saved``…); staff read a sentence. A code missing here is shown as « autre
modification » with its code, so a new service that forgets its label is still readable.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "created": _("compte-rendu créé"),
    "updated": _("en-tête et ouverture modifiés"),
    "minutessection_created": _("section ajoutée"),
    "minutessection_updated": _("section modifiée"),
    "minutessection_deleted": _("section supprimée"),
    "section_moved": _("sections réordonnées"),
    "records_reordered": _("éléments d’une section réordonnés"),
    "objective_updated": _("objectif de l’axe modifié"),
    "calendarentry_created": _("date ajoutée au calendrier"),
    "calendarentry_updated": _("date du calendrier modifiée"),
    "calendarentry_deleted": _("date du calendrier supprimée"),
    "footnote_created": _("note de bas de page ajoutée"),
    "footnote_updated": _("note de bas de page modifiée"),
    "footnote_deleted": _("note de bas de page supprimée"),
    "annex_created": _("annexe ajoutée"),
    "annex_updated": _("annexe modifiée"),
    "annex_deleted": _("annexe supprimée"),
    "questiontheme_saved": _("thème de questions enregistré"),
    "questiontheme_deleted": _("thème de questions supprimé"),
    "question_saved": _("question enregistrée"),
    "question_deleted": _("question supprimée"),
    "proposal_saved": _("proposition enregistrée"),
    "proposal_deleted": _("proposition supprimée"),
    "contact_saved": _("contact enregistré"),
    "contact_deleted": _("contact supprimé"),
    "nextstep_saved": _("prochaine étape enregistrée"),
    "nextstep_deleted": _("prochaine étape supprimée"),
    "review_started": _("envoyé en relecture"),
    "review_stopped": _("relecture arrêtée (retour en projet)"),
    "correction_proposed": _("correction proposée"),
    "correction_accepted": _("correction acceptée"),
    "correction_declined": _("correction refusée"),
    "publish_requested": _("publication demandée"),
    "publish_failed": _("échec de la publication"),
    "published": _("publié"),
    "version_created": _("nouvelle version créée"),
    "superseded": _("remplacé par une nouvelle version"),
    "approved": _("approbation enregistrée"),
    "draft_pdf_requested": _("PDF provisoire demandé"),
    "draft_pdf_rendered": _("PDF provisoire produit"),
}


def event_label(action: str) -> str:
    """The French label of a history action code."""
    label = EVENT_LABELS.get(action)
    if label is not None:
        return str(label)
    return gettext("autre modification (%(code)s)") % {"code": action}
