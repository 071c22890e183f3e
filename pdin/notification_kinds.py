"""The kinds of e-mail about PDIN registrations, registered with the outbox in ``PdinConfig.ready``.

Registrants asked for them themselves, with or without a member account: they are sent
whatever a mandate says (``registry.always``).
"""

from django.utils.translation import gettext_lazy as _

from notifications import registry

REGISTRATION_CONFIRMED = "registration_confirmed"
WAITLIST_OFFER = "waitlist_offer"
EDITION_REMINDER = "edition_reminder"
PROPOSAL_SUPPORT_LINK = "proposal_support_link"
PROPOSAL_PUBLISHED = "proposal_published"
PROPOSAL_REFUSED = "proposal_refused"


def register() -> None:
    registry.register(
        registry.KindSpec(
            REGISTRATION_CONFIRMED,
            _("confirmation d’inscription"),
            mandatory=True,
            preferences_order=80,
            still_concerned=registry.always,
        )
    )
    registry.register(
        registry.KindSpec(
            WAITLIST_OFFER,
            _("place libérée sur liste d’attente"),
            mandatory=True,
            preferences_order=90,
            still_concerned=registry.always,
        )
    )
    registry.register(
        registry.KindSpec(
            EDITION_REMINDER,
            _("rappel de la veille d’une édition"),
            preferences_order=70,
            help_text=_("La veille d’une édition du PDIN à laquelle vous êtes inscrit·e."),
            still_concerned=registry.always,
        )
    )
    # Asked for by a visitor without an account: never on a member's preferences page.
    registry.register(
        registry.KindSpec(
            PROPOSAL_SUPPORT_LINK,
            _("lien pour confirmer un soutien à une proposition"),
            mandatory=True,
            still_concerned=registry.always,
        )
    )
    # To a resident who proposed through the public form and left an address (no account).
    registry.register(
        registry.KindSpec(
            PROPOSAL_PUBLISHED,
            _("proposition d’habitant·e publiée"),
            mandatory=True,
            still_concerned=registry.always,
        )
    )
    registry.register(
        registry.KindSpec(
            PROPOSAL_REFUSED,
            _("proposition d’habitant·e non publiée"),
            mandatory=True,
            still_concerned=registry.always,
        )
    )
