"""Forms of the public programme: registration (no account), the programme filter, proposals."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .conf import retention_months
from .models import Proposal, ProposalKind

CONSENT_TEXT = _(
    "J’accepte que le service Participation citoyenne utilise ces informations pour gérer mon "
    "inscription (confirmation, liste d’attente, rappel la veille). Elles sont supprimées "
    "%(months)s mois après l’édition et ne sont jamais transmises à des tiers."
)


def consent_text() -> str:
    """The consent sentence, with the retention read from the setting the purge applies."""
    return str(CONSENT_TEXT) % {"months": retention_months()}


class RegistrationForm(forms.Form):
    """Name, e-mail, organisation and accessibility needs (optional), consent; a honeypot field.

    ``website`` is the honeypot: hidden from people (CSS class, ``aria-hidden``, out of the
    tab order) and left empty by them; robots that fill every field are ignored silently.
    """

    name = forms.CharField(
        label=_("Prénom et nom"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("La confirmation et le lien pour annuler y sont envoyés."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Structure (facultatif)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    accessibility_needs = forms.CharField(
        label=_("Besoins d’accessibilité (facultatif)"),
        help_text=_("Par exemple\u00a0: accès en fauteuil, boucle magnétique, interprète en LSF."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label="",  # set in __init__ from the retention setting
        required=True,
        error_messages={
            "required": _("Votre accord est nécessaire pour enregistrer votre inscription."),
        },
    )
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # The id of the block holding the error summary and the form: the form's action ends
    # with it, so after a failed submit the browser lands there, not at the top of a long
    # page (RGAA 11.10, no JavaScript needed).
    anchor = "inscription-formulaire"

    def __init__(self, *args, action: str = "", **kwargs):
        """``action``: the URL the form posts to, without fragment (``#`` + ``anchor`` is added)."""
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text()
        self.helper = FormHelper()
        self.helper.form_action = f"{action}#{self.anchor}"
        self.helper.form_id = "formulaire-inscription"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "name",
            "email",
            "organisation",
            "accessibility_needs",
            "consent",
            Div(Field("website"), css_class="hp-field", aria_hidden="true"),
            Submit("submit", _("M’inscrire")),
        )

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class ProgrammeFilterForm(forms.Form):
    """Filter of the programme by theme and neighbourhood (a GET form: works without JavaScript)."""

    theme = forms.ChoiceField(label=_("Thème"), required=False)
    quartier = forms.ChoiceField(label=_("Quartier"), required=False)

    def __init__(self, *args, themes=(), neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Tous les thèmes"))] + [(t.slug, t.name) for t in themes]
        self.fields["quartier"].choices = [("", _("Tous les quartiers"))] + [(n, n) for n in neighbourhoods]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filter-form"
        # A <button> without a name: the filter's URL carries only theme and quartier.
        self.helper.layout = Layout(
            "theme", "quartier", StrictButton(_("Filtrer"), type="submit", css_class="btn btn-primary")
        )
        self.helper.disable_csrf = True


class ProposalForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Je propose"), choices=ProposalKind.choices, widget=forms.RadioSelect)

    class Meta:
        model = Proposal
        fields = ["series", "kind", "title", "description"]
        labels = {
            "series": _("Pour"),
            "title": _("Votre proposition"),
            "description": _("Pourquoi\u202f? (facultatif)"),
        }
        help_texts = {"title": _("Un thème à aborder ou un lieu où tenir une prochaine édition.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].empty_label = None
        # One query for the choices, however many times crispy walks them.
        self.fields["series"].choices = [(s.pk, s.name) for s in self.fields["series"].queryset]
        self.helper = FormHelper()
        self.helper.layout = Layout("series", "kind", "title", "description", Submit("submit", _("Proposer")))


class AttendanceForm(forms.Form):
    """The attendance sheet on the day: one checkbox per confirmed registrant, plus walk-ins."""

    attended = forms.MultipleChoiceField(
        label=_("Personnes présentes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    walk_ins = forms.IntegerField(
        label=_("Personnes venues sans inscription"), min_value=0, max_value=10000, initial=0
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(r.pk), f"{r.name}{' – ' + r.organisation if r.organisation else ''}") for r in registrations
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout("attended", "walk_ins", Submit("submit", _("Enregistrer la présence")))
