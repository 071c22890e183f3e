"""Forms of the members app: they only parse input; the services decide (members.services)."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from cln_portal.autocomplete import mark_person_fields
from cln_portal.widgets import IsoDateInput

from .models import Member, Role, User
from .services import MEMBER_FIELDS

DATE_WIDGET = IsoDateInput()


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    email = forms.EmailField(label=_("Adresse e-mail"), help_text=_("Le lien d’invitation y sera envoyé."))
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices, initial=Role.COUNCILLOR)
    sector = forms.ChoiceField(
        label=_("Secteur"),
        choices=[("", _("— aucun —")), *Member._meta.get_field("sector").choices],
        required=False,
    )
    title_form = forms.ChoiceField(
        label=_("Forme du titre"), choices=Member._meta.get_field("title_form").choices, initial="x"
    )
    mandate_start = forms.DateField(label=_("Début du mandat"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_person_fields(self, own=False)  # staff type someone else's name and address

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MemberForm(forms.ModelForm):
    """A person's record as staff edit it (no mandate dates: they have their own pages)."""

    class Meta:
        model = Member
        # The same fields the audit history follows (members.services.MEMBER_FIELDS).
        fields = list(MEMBER_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_person_fields(self, own=False)  # staff edit someone else's record


class MemberCreateForm(MemberForm):
    """A new person; leave the mandate empty for an invited person who takes part without account."""

    class Meta(MemberForm.Meta):
        fields = [*MemberForm.Meta.fields, "mandate_start"]
        widgets = {"mandate_start": DATE_WIDGET}


class MandateEndForm(forms.Form):
    on = forms.DateField(label=_("Dernier jour du mandat"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Motif"),
        max_length=200,
        help_text=_("Par exemple : démission, déménagement, fin du tirage au sort."),
    )


class MandateStartForm(forms.Form):
    start = forms.DateField(label=_("Début du nouveau mandat"), widget=DATE_WIDGET)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Une personne par ligne ; première ligne : prénom, nom, e-mail, secteur, rôle, début du mandat. "
            "Séparateur virgule ou point-virgule."
        ),
    )


class PreferencesForm(forms.ModelForm):
    """A person's own choices about their data."""

    class Meta:
        model = Member
        fields = ["name_public", "contact_visible", "contact_email", "phone"]
        labels = {
            "name_public": _("J’accepte que mon nom figure dans les documents publiés au public"),
            "contact_visible": _(
                "J’accepte que mon adresse e-mail de contact et mon téléphone figurent dans l’annuaire des membres"
            ),
        }
        help_texts = {
            "name_public": _("Sinon, les comptes-rendus publics portent vos initiales et votre secteur."),
            "contact_visible": _("L’annuaire n’est visible que des membres du conseil connectés."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_person_fields(self, own=True)  # the member's own e-mail and phone


class SetPasswordForm(forms.Form):
    """The invitation's last step: choose a password (Django's validators apply)."""

    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Mot de passe (à nouveau)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ErasureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        widget=forms.RadioSelect,
        choices=[("confirm", _("Effacer les données")), ("refuse", _("Refuser la demande"))],
    )
    answer = forms.CharField(
        label=_("Réponse à la personne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoire en cas de refus : la raison (par exemple une obligation légale de conservation)."
        ),
    )


# -- Draws by lot (members.sortition_services)

DRAW_POOL_MAX_BYTES = 1024 * 1024


class DrawForm(forms.Form):
    """A draw in preparation: its pool (pasted or uploaded), seats and source of randomness."""

    title = forms.CharField(
        label=_("Intitulé"),
        max_length=200,
        help_text=_("Par exemple « Tirage au sort du conseil, juin 2025 »."),
    )
    pool_text = forms.CharField(
        label=_("Liste numérotée"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Une ligne par personne : numéro;initiales;strate, par exemple « 7;A. G.;nord ». "
            "Seuls le numéro, les initiales et la strate sont publiés."
        ),
    )
    pool_file = forms.FileField(
        label=_("… ou fichier CSV"),
        required=False,
        help_text=_("Même format, encodé en UTF-8 ; remplace la liste collée."),
    )
    seats = forms.CharField(
        label=_("Sièges par strate"),
        required=False,
        help_text=_(
            "Par exemple « nord=2 sud=1 est=1 ouest=1 centre=2 ». Laissez vide pour une répartition proportionnelle."
        ),
    )
    proportional_total = forms.IntegerField(
        label=_("Ou : nombre total de sièges, répartis en proportion"),
        required=False,
        min_value=1,
        help_text=_("Au plus fort reste, après le minimum par strate ci-dessous."),
    )
    proportional_minimum = forms.IntegerField(
        label=_("Minimum de sièges par strate"), required=False, min_value=0, initial=1
    )
    randomness_source = forms.CharField(
        label=_("Source publique du hasard"),
        max_length=300,
        required=False,
        help_text=_(
            "Fixée à l’avance et publiée avec la liste, par exemple « numéros du tirage EuroMillions du "
            "13 juin 2025, dans l’ordre croissant, séparés par une espace » ou « drand, tour n° 4 200 000 »."
        ),
    )
    seed_available_at = forms.DateTimeField(
        label=_("Valeur publique connue à partir du"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Au moins %(days)s jours après la publication de la liste."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seed_available_at"].help_text = self.fields["seed_available_at"].help_text % {
            "days": settings.SORTITION_MIN_NOTICE_DAYS
        }

    def clean(self):
        data = super().clean()
        upload = data.get("pool_file")
        if upload:
            if upload.size > DRAW_POOL_MAX_BYTES:
                self.add_error("pool_file", _("Fichier trop volumineux (1 Mo au plus)."))
                return data
            try:
                data["pool_text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("pool_file", _("Le fichier n’est pas encodé en UTF-8."))
                return data
        if not (data.get("pool_text") or "").strip():
            self.add_error("pool_text", _("Collez la liste ou choisissez un fichier."))
        return data


class DrawSeedForm(forms.Form):
    """The public value of the source of randomness, typed twice, and the witnesses."""

    seed = forms.CharField(
        label=_("Valeur publique du hasard (graine)"),
        max_length=300,
        help_text=_("Exactement comme annoncé, par exemple « 5 12 27 33 48 3 9 »."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    seed_confirmation = forms.CharField(
        label=_("Graine, à nouveau"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    witnesses = forms.CharField(
        label=_("Témoins"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Noms et qualités des personnes présentes, une par ligne ; publiés."),
    )


class DrawCancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l’annulation"), widget=forms.Textarea(attrs={"rows": 3}))


class DrawMandateForm(forms.Form):
    """Link a person's mandate to the number they had in a draw."""

    member = forms.ModelChoiceField(
        label=_("Personne"), queryset=Member.objects.filter(erased_at__isnull=True)
    )
    number = forms.IntegerField(label=_("Numéro dans la liste"), min_value=1)
