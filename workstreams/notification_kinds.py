"""The kinds of e-mail about work axes, registered with the outbox in ``WorkstreamsConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members.notification_kinds import member_still_concerned
from notifications import registry

POSITIONING_REMINDER = "positioning_reminder"
QUESTION_ANSWERED = "question_answered"


def register() -> None:
    registry.register(
        registry.KindSpec(
            POSITIONING_REMINDER,
            _("rappel du formulaire de positionnement"),
            preferences_order=30,
            help_text=_(
                "Avant la date limite du formulaire de positionnement, si vous n’y avez pas répondu."
            ),
            still_concerned=member_still_concerned,
        )
    )
    registry.register(
        registry.KindSpec(
            QUESTION_ANSWERED,
            _("réponse à une question suivie"),
            preferences_order=50,
            help_text=_("Quand une question que vous avez posée ou suivez reçoit une réponse."),
            still_concerned=member_still_concerned,
        )
    )
