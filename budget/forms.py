"""Forms of the budget app's staff pages: upload a file, tag lines, explain the groups."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DigitalCategory


class BudgetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier du budget (CSV au schéma SCDL « budget »)"),
        help_text=_("Le fichier publié en données ouvertes par la Ville, encodé en UTF-8."),
    )


class LineTagForm(forms.Form):
    """One line of the tagging table; the prefix is the line's primary key."""

    is_digital = forms.BooleanField(label=_("Numérique"), required=False)
    category = forms.ChoiceField(
        label=_("Catégorie"), required=False, choices=[("", "—"), *DigitalCategory.choices]
    )
    service = forms.CharField(label=_("Direction ou service"), required=False, max_length=120)


class GroupForm(forms.Form):
    """One category's explanation and the axis questions it answers; the prefix is the category."""

    explanation = forms.CharField(
        label=_("Explication pour le public"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    questions = forms.ModelMultipleChoiceField(
        label=_("Questions du registre auxquelles ce groupe répond"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions
        self.fields["questions"].label_from_instance = lambda q: q.text
