"""Forms of the portal's shared parts: a member's e-mail choices, the outbox filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationKind, NotificationStatus

EMAIL = "email"
NONE = "none"
CHANNEL_CHOICES = [(EMAIL, _("Par e-mail")), (NONE, _("Aucun e-mail"))]

# What each kind is, in a sentence, under its label on the preferences page.
KIND_HELP = {
    NotificationKind.MEETING_REMINDER: _("7 jours puis la veille d’une séance où vous êtes convoqué·e."),
    NotificationKind.POSITIONING_REMINDER: _(
        "Avant la date limite du formulaire de positionnement, si vous n’y avez pas répondu."
    ),
    NotificationKind.MINUTES_PUBLISHED: _("Quand un compte-rendu de séance est publié."),
    NotificationKind.QUESTION_ANSWERED: _(
        "Quand une question que vous avez posée ou suivez reçoit une réponse."
    ),
    NotificationKind.WEEKLY_DIGEST: _(
        "Le lundi à 8 h : comptes-rendus publiés, questions répondues, dates à venir. Désactivée par défaut."
    ),
    NotificationKind.EDITION_REMINDER: _("La veille d’une édition du PDIN à laquelle vous êtes inscrit·e."),
}


class PreferencesForm(forms.Form):
    """One choice (e-mail or none) per kind a member may turn off; built from their current choices.

    ``rows`` is ``selectors.preferences_of(member=…)``; mandatory kinds get no field (the
    page lists them as always sent).
    """

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            if row.mandatory:
                continue
            self.fields[row.kind] = forms.ChoiceField(
                label=str(row.label)[:1].upper() + str(row.label)[1:],
                # Not required: a kind left out keeps its current choice (and no asterisk shows).
                required=False,
                choices=CHANNEL_CHOICES,
                widget=forms.RadioSelect,
                initial=EMAIL if row.by_email else NONE,
                help_text=KIND_HELP.get(row.kind, ""),
            )

    def choices(self) -> dict[str, bool]:
        """The cleaned choices as ``{kind: by_email}``; kinds left out are not in it."""
        return {kind: value == EMAIL for kind, value in self.cleaned_data.items() if value}


class OutboxFilterForm(forms.Form):
    """Filter of the staff outbox (GET): by status and kind; both optional."""

    etat = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + list(NotificationStatus.choices)
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous"))] + list(NotificationKind.choices)
    )
