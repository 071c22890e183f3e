"""The kinds of e-mail about work axes, registered with the outbox in ``WorkstreamsConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members.notification_kinds import member_still_concerned
from notifications import registry

POSITIONING_REMINDER = "positioning_reminder"
QUESTION_ANSWERED = "question_answered"
# To a service's addresses (no account, no preferences): always sent.
ANSWER_REQUEST = "answer_request"
ANSWER_REMINDER = "answer_reminder"
# To the council's contact address (the staff's): a service sent its answer.
ANSWER_SUBMITTED = "answer_submitted"


def request_still_open(notification) -> bool:
    """The rule of the e-mails to a service: its request is still open (not reassigned,
    answered or withdrawn since the e-mail was queued)."""
    from .models import AnswerRequest

    _label, _sep, pk = notification.about.rpartition(":")
    return pk.isdigit() and AnswerRequest.objects.filter(pk=int(pk), closed_at__isnull=True).exists()


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
    registry.register(
        registry.KindSpec(
            ANSWER_REQUEST,
            _("question confiée à un service"),
            mandatory=True,
            still_concerned=request_still_open,
        )
    )
    registry.register(
        registry.KindSpec(
            ANSWER_REMINDER,
            _("rappel à un service avant la date de réponse"),
            mandatory=True,
            still_concerned=request_still_open,
        )
    )
    registry.register(
        registry.KindSpec(
            ANSWER_SUBMITTED,
            _("réponse d’un service à publier"),
            mandatory=True,
            still_concerned=request_still_open,
        )
    )
