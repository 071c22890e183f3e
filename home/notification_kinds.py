"""The weekly digest's kind of e-mail, registered with the outbox in ``HomeConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from members.notification_kinds import member_still_concerned
from notifications import registry

WEEKLY_DIGEST = "weekly_digest"


def register() -> None:
    registry.register(
        registry.KindSpec(
            WEEKLY_DIGEST,
            _("lettre hebdomadaire"),
            opt_in=True,
            preferences_order=60,
            help_text=_(
                "Le lundi à 8 h : comptes-rendus publiés, questions répondues, dates à venir. Désactivée par défaut."
            ),
            still_concerned=member_still_concerned,
        )
    )
