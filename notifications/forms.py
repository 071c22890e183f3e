"""Forms of the outbox's pages: a member's e-mail choices, the staff outbox filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import NotificationStatus

EMAIL = "email"
NONE = "none"
CHANNEL_CHOICES = [(EMAIL, _("Par e-mail")), (NONE, _("Aucun e-mail"))]


class PreferencesForm(forms.Form):
    """One choice (e-mail or none) per kind a member may turn off; built from their current choices.

    ``rows`` is ``selectors.preferences_of(member=…)``; mandatory kinds get no field (the
    page lists them as always sent). Each kind's sentence of help is the one its app
    registered.
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
                help_text=row.help_text,
            )

    def choices(self) -> dict[str, bool]:
        """The cleaned choices as ``{kind: by_email}``; kinds left out are not in it."""
        return {kind: value == EMAIL for kind, value in self.cleaned_data.items() if value}


def _kind_filter_choices():
    return [("", _("Tous")), *registry.kind_choices()]


class OutboxFilterForm(forms.Form):
    """Filter of the staff outbox (GET): by status and kind; both optional."""

    etat = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + list(NotificationStatus.choices)
    )
    type = forms.ChoiceField(label=_("Type"), required=False, choices=_kind_filter_choices)
