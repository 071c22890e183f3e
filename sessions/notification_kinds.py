"""The kinds of e-mail about sittings and minutes, registered with the outbox in
``MeetingsConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members.notification_kinds import convened_still_concerned, member_still_concerned
from notifications import registry

CONVOCATION = "convocation"
MEETING_REMINDER = "meeting_reminder"
MINUTES_REVIEW = "minutes_review"
MINUTES_PUBLISHED = "minutes_published"


def register() -> None:
    registry.register(
        registry.KindSpec(
            CONVOCATION,
            _("convocation à une séance"),
            mandatory=True,
            preferences_order=10,
            still_concerned=convened_still_concerned,
        )
    )
    registry.register(
        registry.KindSpec(
            MEETING_REMINDER,
            _("rappel de séance"),
            preferences_order=20,
            help_text=_("7 jours puis la veille d’une séance où vous êtes convoqué·e."),
            still_concerned=member_still_concerned,
        )
    )
    registry.register(
        registry.KindSpec(
            MINUTES_REVIEW,
            _("compte-rendu à relire"),
            # Reviewing the minutes of a sitting one attended is part of the council's procedure.
            mandatory=True,
            still_concerned=member_still_concerned,
        )
    )
    registry.register(
        registry.KindSpec(
            MINUTES_PUBLISHED,
            _("compte-rendu publié"),
            preferences_order=40,
            help_text=_("Quand un compte-rendu de séance est publié."),
            still_concerned=member_still_concerned,
        )
    )
