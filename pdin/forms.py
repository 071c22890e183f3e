"""Forms of the public programme: registration (no account), the programme filter, proposals;
staff forms of editions (with their resources) and venues."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.core.validators import MaxLengthValidator, validate_email
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.autocomplete import mark_person_fields
from cln_portal.dates import DatePrecision
from cln_portal.text import strip_bidi_controls, too_long_message
from cln_portal.widgets import IsoDateInput

from .conf import retention_months
from .models import Edition, Proposal, ProposalKind, Resource, Venue
from .services import GroupMember

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
        help_text=_("Par exemple : accès en fauteuil, boucle magnétique, interprète en LSF."),
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

    def __init__(self, *args, action: str = "", full: bool = False, **kwargs):
        """``action``: the URL the form posts to, without fragment (``#`` + ``anchor`` is added).

        ``full``: the edition has no free place, so the button says what it does (join the
        waiting list), not just « M’inscrire ».
        """
        super().__init__(*args, **kwargs)
        self.full = full
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
            Submit("submit", _("M’inscrire sur la liste d’attente") if full else _("M’inscrire")),
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


# The « Pourquoi ? » of a proposal: a paragraph or two (about half a page).
PROPOSAL_WHY_MAX_LENGTH = 3000
REFUSAL_REASON_MAX_LENGTH = 2000


class _ProposalFormBase(forms.ModelForm):
    """What a member's and a resident's proposal share: the series (one query for its choices,
    however many times crispy walks them), the kind, the title without bidirectional controls,
    the « Pourquoi ? » limited with a French message."""

    kind = forms.ChoiceField(label=_("Je propose"), choices=ProposalKind.choices, widget=forms.RadioSelect)

    class Meta:
        model = Proposal
        fields = ["series", "kind", "title", "description"]
        labels = {
            "series": _("Pour"),
            "title": _("Votre proposition"),
            "description": _("Pourquoi ? (facultatif)"),
        }
        help_texts = {"title": _("Un thème à aborder ou un lieu où tenir une prochaine édition.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].empty_label = None
        self.fields["series"].choices = [(s.pk, s.name) for s in self.fields["series"].queryset]
        self._limit_texts()

    def _limit_texts(self):
        field = self.fields["description"]
        field.max_length = PROPOSAL_WHY_MAX_LENGTH
        field.validators.append(MaxLengthValidator(PROPOSAL_WHY_MAX_LENGTH))
        field.widget.attrs["maxlength"] = str(PROPOSAL_WHY_MAX_LENGTH)
        field.error_messages["max_length"] = too_long_message(PROPOSAL_WHY_MAX_LENGTH)
        title = self.fields["title"]
        title.error_messages["max_length"] = too_long_message(title.max_length)

    def clean_title(self):
        return strip_bidi_controls(self.cleaned_data["title"]).strip()


class ProposalForm(_ProposalFormBase):
    show_name = forms.BooleanField(
        label=_("Si l’équipe publie ma proposition sur le site public, afficher mon nom."),
        help_text=_("Sans votre accord, le public lit « un·e habitant·e »."),
        required=False,
    )

    class Meta(_ProposalFormBase.Meta):
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "series", "kind", "title", "description", "show_name", Submit("submit", _("Proposer"))
        )


class PublicProposalForm(_ProposalFormBase):
    """A resident's proposal, no account: series, kind, title, why; an optional name and
    address for follow-up, the consent to show the name; ``website`` is a honeypot
    (as ``RegistrationForm``)."""

    name = forms.CharField(
        label=_("Votre nom (facultatif)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail (facultatif)"),
        help_text=_("Seulement pour vous répondre ; elle n’est jamais publiée."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    show_name = forms.BooleanField(
        label=_("J’accepte que mon nom soit affiché avec ma proposition si elle est publiée."),
        help_text=_("Sans votre accord, le public lit « un·e habitant·e »."),
        required=False,
    )
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    anchor = "proposer-formulaire"

    class Meta(_ProposalFormBase.Meta):
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = f"{action}#{self.anchor}"
        self.helper.form_id = "formulaire-proposition"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "series",
            "kind",
            "title",
            "description",
            "name",
            "email",
            "show_name",
            Div(Field("website"), css_class="hp-field", aria_hidden="true"),
            Submit("submit", _("Envoyer ma proposition")),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_name") and not (cleaned.get("name") or "").strip():
            self.add_error(
                "name", gettext("Indiquez votre nom pour qu’il soit affiché, ou décochez la case.")
            )
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class SupportRequestForm(forms.Form):
    """The address a visitor's support link is sent to (no account), and a honeypot."""

    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_(
            "Nous vous envoyons un lien pour confirmer votre soutien. Un seul soutien par adresse ; "
            "l’adresse elle-même n’est pas conservée avec votre soutien."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        label=_("Ne remplissez pas ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    anchor = "soutenir-formulaire"

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = f"{action}#{self.anchor}"
        self.helper.form_id = "formulaire-soutien"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "email",
            Div(Field("website"), css_class="hp-field", aria_hidden="true"),
            Submit("submit", _("M’envoyer le lien")),
        )

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class ProposalRefuseForm(forms.Form):
    """Staff refuse a proposal: the reason is required and stays with the team."""

    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=REFUSAL_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez le motif du refus.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["max_length"] = too_long_message(REFUSAL_REASON_MAX_LENGTH)


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


# --- Staff: editions, venues --------------------------------------------------------------


class EditionForm(forms.ModelForm):
    """An edition as staff programme it: the date with its precision (a day, or a month only).

    A month-only edition ("septembre 2022") is stored as its first day with the precision
    "mois", which is what is shown; the day typed is only used for its month and year.
    """

    date_precision = forms.ChoiceField(
        label=_("Précision de la date"),
        choices=[(DatePrecision.DAY, _("le jour")), (DatePrecision.MONTH, _("le mois seulement"))],
        help_text=_(
            "« Le mois seulement » pour une édition connue au mois près : "
            "seuls le mois et l’année de la date sont retenus."
        ),
    )

    class Meta:
        model = Edition
        fields = [
            "series",
            "number",
            "title",
            "subtitle",
            "theme",
            "date",
            "date_precision",
            "start_time",
            "end_time",
            "venue",
            "capacity",
            "registration_open",
            "description",
        ]
        labels = {"capacity": _("Nombre de places")}
        widgets = {
            "date": IsoDateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].required = True
        # One query per list, however many times crispy walks the choices.
        for name in ("series", "theme", "venue"):
            field = self.fields[name]
            empty = [] if name == "series" else [("", "—")]
            field.choices = empty + [(o.pk, str(o)) for o in field.queryset]
        self.fields["series"].empty_label = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.Meta.fields)

    def clean(self):
        cleaned = super().clean()
        day, precision = cleaned.get("date"), cleaned.get("date_precision")
        if precision == DatePrecision.MONTH:
            if day:
                cleaned["date"] = day.replace(day=1)
            if cleaned.get("start_time") or cleaned.get("end_time"):
                self.add_error(
                    "start_time",
                    gettext("Une édition connue au mois près n’a pas d’heure : laissez-la vide."),
                )
        return cleaned


class ResourceForm(forms.ModelForm):
    """A document (PDF only, checked by its content) or a link of an edition."""

    class Meta:
        model = Resource
        fields = ["title", "file", "url"]
        labels = {"title": _("Titre"), "file": _("Document PDF"), "url": _("ou lien")}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


ResourceFormSet = forms.inlineformset_factory(
    Edition, Resource, form=ResourceForm, extra=1, can_delete=True, max_num=30
)


class VenueForm(forms.ModelForm):
    """A venue; its identifier in URLs is made from the name when left empty."""

    class Meta:
        model = Venue
        fields = [
            "name",
            "slug",
            "address",
            "postal_code",
            "city",
            "neighbourhood",
            "public_transport",
            "accessibility",
        ]
        labels = {
            "name": _("Nom"),
            "slug": _("Identifiant dans l’adresse de la page"),
            "address": _("Adresse"),
            "postal_code": _("Code postal"),
            "city": _("Ville"),
            "neighbourhood": _("Quartier"),
            "public_transport": _("Comment venir"),
            "accessibility": _("Accessibilité du lieu"),
        }
        help_texts = {
            "slug": _("Facultatif : fait à partir du nom quand il est vide."),
            "public_transport": _(
                "Lignes et arrêts de bus, de tram ou de métro les plus proches, l’entrée à prendre. "
                "Vide : la page invite à appeler le service."
            ),
            "accessibility": _(
                "Entrée de plain-pied ou rampe, ascenseur, toilettes adaptées, boucle magnétique… "
                "Vide : la page invite à appeler le service."
            ),
        }
        widgets = {
            "public_transport": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        mark_person_fields(self, own=False)  # the venue's name and address, not the typist's
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.Meta.fields, Submit("submit", _("Enregistrer")))

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get(self.add_prefix("name"), ""))[:100]
        if not slug:
            raise forms.ValidationError(gettext("Indiquez un identifiant fait de lettres et de chiffres."))
        return slug


class GroupRegistrationForm(forms.Form):
    """Staff register a group: one person per line, « Prénom Nom » or « Prénom Nom, adresse »."""

    organisation = forms.CharField(
        label=_("Structure qui accompagne le groupe"),
        max_length=200,
        help_text=_("Par exemple : centre social de l’Alma, médiathèque de l’Épeule."),
    )
    people = forms.CharField(
        label=_("Personnes, une par ligne"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "« Prénom Nom », suivi si elle en a une de l’adresse e-mail après une virgule. "
            "Sans adresse, la personne ne reçoit pas d’e-mail : la structure la prévient."
        ),
    )
    consent = forms.BooleanField(
        label=_("Ces personnes ont accepté que leur inscription soit enregistrée"),
        help_text=_("La structure a recueilli leur accord et leur a dit comment se désinscrire."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The partner's structure and its people, typed by staff: not the typist's own data.
        mark_person_fields(self, own=False)
        self.fields["people"].widget.attrs["autocomplete"] = "off"

    def clean_people(self) -> list[GroupMember]:
        people, errors = [], []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            line = line.strip().lstrip("-•*").strip()
            if not line:
                continue
            name, _sep, email = (part.strip() for part in line.partition(","))
            if not name:
                errors.append(gettext("Ligne %(n)s : le nom manque.") % {"n": number})
                continue
            if email:
                try:
                    validate_email(email)
                except forms.ValidationError:
                    errors.append(
                        gettext("Ligne %(n)s : « %(email)s » n’est pas une adresse e-mail.")
                        % {"n": number, "email": email}
                    )
                    continue
            people.append(GroupMember(name=name[:200], email=email.lower()))
        if errors:
            raise forms.ValidationError(errors)
        if not people:
            raise forms.ValidationError(gettext("Indiquez au moins une personne, une par ligne."))
        return people
