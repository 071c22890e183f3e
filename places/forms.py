"""Forms of the places app: the public filters (GET), the staff import and correction forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pdin.models import Edition
from workstreams.models import Workstream

from . import opening, standard
from .models import Place

ALL = [("", _("Tous"))]


class PlaceFilterForm(forms.Form):
    """The list's filters; every field optional, read from the query string."""

    service = forms.ChoiceField(label=_("Service"), required=False)
    prise_en_charge = forms.ChoiceField(label=_("Prise en charge spécifique"), required=False)
    frais = forms.ChoiceField(label=_("Frais"), required=False)
    acces = forms.ChoiceField(label=_("Modalité d’accès"), required=False)
    quartier = forms.ChoiceField(label=_("Quartier"), required=False)
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)

    def __init__(self, *args, neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = ALL + standard.choices("services")
        self.fields["prise_en_charge"].choices = ALL + standard.choices("prise_en_charge_specifique")
        self.fields["frais"].choices = ALL + standard.choices("frais_a_charge")
        self.fields["acces"].choices = ALL + standard.choices("modalites_acces")
        self.fields["quartier"].choices = ALL + [(n, n) for n in neighbourhoods]


class PlaceImportForm(forms.Form):
    """A file of the national cartography in the standard, and the commune to keep."""

    file = forms.FileField(label=_("Fichier CSV ou JSON au standard"))
    commune = forms.CharField(label=_("Commune"), max_length=200, required=False)
    insee = forms.RegexField(
        label=_("Code INSEE"),
        regex=r"^([013-9]\d|2[AB1-9])\d{3}$",
        required=False,
        error_messages={"invalid": _("Un code INSEE a cinq caractères, par ex. 59512.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Importer")))

    def clean(self):
        data = super().clean()
        if not data.get("commune") and not data.get("insee"):
            raise ValidationError(
                _("Indiquez la commune ou son code INSEE : le fichier national couvre toute la France.")
            )
        return data


MULTI = [
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "modalites_acces",
    "modalites_accompagnement",
    "dispositif_programmes_nationaux",
]


class PlaceForm(forms.ModelForm):
    """A staff correction of a place; closed lists as checkboxes, stored as the standard's ``A|B``."""

    class Meta:
        model = Place
        fields = [
            "nom",
            "pivot",
            "adresse",
            "complement_adresse",
            "code_postal",
            "commune",
            "code_insee",
            "neighbourhood",
            "how_to_get_there",
            "latitude",
            "longitude",
            "telephone",
            "courriels",
            "site_web",
            "horaires",
            "presentation_resume",
            "presentation_detail",
            *MULTI,
            "fiche_acces_libre",
            "prise_rdv",
            "editions",
            "workstreams",
        ]
        widgets = {"editions": forms.CheckboxSelectMultiple, "workstreams": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MULTI:
            self.fields[name] = forms.MultipleChoiceField(
                label=self.fields[name].label,
                choices=standard.choices(name),
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=self.instance.values_of(name) if self.instance.pk else [],
            )
        self.fields["editions"].queryset = Edition.objects.select_related("series").order_by(
            "series", "number"
        )
        self.fields["workstreams"].queryset = Workstream.objects.order_by("title")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Enregistrer la correction")))

    def clean(self):
        data = super().clean()
        # Stored as the standard writes them, before the model instance is built.
        for name in MULTI:
            data[name] = standard.join_values(data.get(name) or [])
        return data

    def clean_telephone(self):
        value = self.cleaned_data["telephone"].replace(" ", "")
        if value.startswith("0") and len(value) == 10:
            value = "+33" + value[1:]
        return value

    def clean_horaires(self):
        value = self.cleaned_data["horaires"].strip()
        if not opening.is_valid(value):
            raise ValidationError(
                _(
                    "Ces horaires ne suivent pas la syntaxe OpenStreetMap (par ex. « Mo-Fr 09:00-12:00; PH off »)."
                )
            )
        return value

    def clean_courriels(self):
        return standard.join_values(standard.split_values(self.cleaned_data["courriels"].replace(";", "|")))

    def clean_site_web(self):
        return standard.join_values(standard.split_values(self.cleaned_data["site_web"].replace(";", "|")))
