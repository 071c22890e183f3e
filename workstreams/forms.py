"""Forms of the workstreams app: they parse input; the services decide (``services.py``)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.autocomplete import mark_person_fields
from cln_portal.text import too_long_message
from members.models import Member

from .answer_services import DRAFT_MAX_LENGTH
from .models import (
    Action,
    AnsweringService,
    DayPart,
    PositioningCampaign,
    PositioningLevel,
    PositioningResponse,
    Question,
    QuestionTheme,
    Weekday,
    Workstream,
)

# The sitting model ("meetings.Meeting"), found through a foreign key: sessions sits above
# workstreams, which does not import it.
Meeting = Question._meta.get_field("answered_at_meeting").related_model

# First path segments under /axes/ that are pages, not axes: an axis may not take them.
RESERVED_SLUGS = frozenset({"recherche", "questions", "positionnement", "gestion", "actions", "propositions"})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class WorkstreamForm(forms.ModelForm):
    """Staff create and edit an axis; the referral (saisine) fields matter for saisines only."""

    class Meta:
        model = Workstream
        fields = [
            "title",
            "slug",
            "kind",
            "status",
            "order",
            "objective",
            "referred_by",
            "referral_question",
            "opinion_due_on",
            "opinion_text",
            "opinion_adopted_on",
        ]
        widgets = {"opinion_due_on": DateInput(), "opinion_adopted_on": DateInput()}
        help_texts = {
            "slug": _("Lettres minuscules, chiffres et tirets ; il forme l’adresse de la page de l’axe."),
            "objective": _("Texte en Markdown simple (gras, italique, listes, liens)."),
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                gettext("Cet identifiant est réservé par le portail : choisissez-en un autre.")
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opinion_adopted_on") and not (cleaned.get("opinion_text") or "").strip():
            self.add_error("opinion_text", gettext("Un avis adopté a un texte."))
        if (cleaned.get("opinion_text") or "").strip() and not cleaned.get("opinion_adopted_on"):
            self.add_error("opinion_adopted_on", gettext("Indiquez la date d’adoption de l’avis."))
        return cleaned


class QuestionAskForm(forms.Form):
    """A member asks a question from an axis page, under one of its themes."""

    theme = forms.ModelChoiceField(
        label=_("Thème"),
        queryset=QuestionTheme.objects.none(),
        required=False,
        empty_label=_("Autre / sans thème"),
    )
    text = forms.CharField(
        label=_("Votre question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Une question par envoi. Les questions déjà posées dans l’axe sont refusées."),
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The themes come from the axis already fetched by the page: no extra query.
        themes = list(themes)
        self.fields["theme"].queryset = QuestionTheme.objects.filter(pk__in=[t.pk for t in themes])
        self.fields["theme"].choices = [("", self.fields["theme"].empty_label)] + [
            (t.pk, t.title) for t in themes
        ]


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Votre proposition"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        # The axis page also shows the question form, whose field is named "text" too.
        kwargs.setdefault("auto_id", "id_proposal_%s")
        super().__init__(*args, **kwargs)


class QuestionAssignForm(forms.Form):
    """Staff give a question to a service of the directory, with the date its answer is due."""

    service = forms.ModelChoiceField(
        label=_("Service chargé de la réponse"),
        queryset=AnsweringService.objects.filter(is_active=True),
        help_text=_(
            "Le service reçoit par e-mail un lien pour rédiger sa réponse. Les services se gèrent dans l’annuaire."
        ),
        error_messages={"invalid_choice": _("Choisissez un service de l’annuaire.")},
    )
    due_on = forms.DateField(
        label=_("Réponse attendue pour le"),
        widget=DateInput(),
        help_text=_("Un rappel est envoyé au service quelques jours avant."),
    )


class AnsweringServiceForm(forms.ModelForm):
    """Staff add or edit a service of the directory."""

    class Meta:
        model = AnsweringService
        fields = ["name", "emails", "is_active"]
        widgets = {"emails": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # About a service, not the staff member typing: the browser must not offer their own.
        mark_person_fields(self, own=False)
        self.fields["emails"].error_messages["required"] = gettext("Indiquez au moins une adresse e-mail.")


class AnswerDraftForm(forms.Form):
    """A service's draft answer to one question, on the page of its e-mailed link."""

    request = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    draft = forms.CharField(
        label=_("Votre réponse"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=DRAFT_MAX_LENGTH,
        help_text=_(
            "Texte simple ; vous pouvez l’enregistrer et y revenir avec le même lien avant de l’envoyer."
        ),
    )

    def __init__(self, *args, **kwargs):
        if args and args[0] is not None and "draft" in args[0]:
            # Browsers count a line break as one character against ``maxlength`` but send two
            # (CR LF): counted as the browser did, the limit never refuses a text it let through.
            data = args[0].copy()
            data["draft"] = data["draft"].replace("\r\n", "\n")
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        self.fields["draft"].error_messages["max_length"] = too_long_message(DRAFT_MAX_LENGTH)


class AnswerPublishForm(forms.Form):
    """Staff publish a service's answer, edited if need be."""

    answer = forms.CharField(
        label=_("Réponse apportée"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    answered_on = forms.DateField(label=_("Date de la réponse"), widget=DateInput(), required=False)
    # The service's draft this page was loaded from (``answer_services.draft_version``): publishing
    # is refused when the service changed its draft since.
    draft_version = forms.CharField(widget=forms.HiddenInput, required=False)


class QuestionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Réponse apportée"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    answered_by_service = forms.CharField(label=_("Service ayant répondu"), max_length=200, required=False)
    answered_by = forms.ModelChoiceField(
        label=_("Personne ayant répondu"),
        queryset=Member.objects.order_by("last_name", "first_name"),
        required=False,
    )
    answered_on = forms.DateField(label=_("Date de la réponse"), widget=DateInput(), required=False)
    answered_at_meeting = forms.ModelChoiceField(
        label=_("Réponse présentée en séance"),
        queryset=Meeting.objects.order_by("-starts_at"),
        required=False,
    )


class ActionForm(forms.ModelForm):
    """An action, from a proposal or edited later."""

    class Meta:
        model = Action
        fields = ["title", "owner", "due_on", "status", "meeting"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Member.objects.order_by("last_name", "first_name")
        self.fields["meeting"].queryset = Meeting.objects.order_by("-starts_at")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = PositioningCampaign
        fields = [
            "title",
            "introduction",
            "opens_on",
            "deadline",
            "workstreams",
            "max_axes_per_member",
            "min_participants_per_axis",
        ]
        widgets = {
            "opens_on": DateInput(),
            "deadline": DateInput(),
            "workstreams": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstreams"].queryset = Workstream.objects.exclude(status="archived").order_by(
            "order", "pk"
        )

    def clean(self):
        cleaned = super().clean()
        opens_on, deadline = cleaned.get("opens_on"), cleaned.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", gettext("La date limite doit suivre la date d’ouverture."))
        return cleaned


class CampaignReopenForm(forms.Form):
    deadline = forms.DateField(label=_("Nouvelle date limite (incluse)"), widget=DateInput())


class PositioningForm(forms.Form):
    """A member's answer: a level per axis, availability per weekday, suggestions.

    Field names: ``axis_<id>`` (a ``PositioningLevel``), ``days_<weekday>`` (day parts).
    With ``read_only`` every field is disabled (after the deadline).
    """

    def __init__(
        self, *args, campaign, axes, response: PositioningResponse | None = None, read_only=False, **kw
    ):
        initial = {}
        if response is not None:
            levels = {c.workstream_id: c.level for c in response.choices.all()}
            for axis in axes:
                if axis.pk in levels:
                    initial[f"axis_{axis.pk}"] = levels[axis.pk]
            for day in Weekday:
                initial[f"days_{day.value}"] = [
                    slot.split("_", 1)[1]
                    for slot in response.availability
                    if slot.startswith(day.value + "_")
                ]
            initial["availability_note"] = response.availability_note
            initial["suggestions"] = response.suggestions
        super().__init__(*args, initial=initial, **kw)
        self.axes = list(axes)
        for axis in self.axes:
            self.fields[f"axis_{axis.pk}"] = forms.ChoiceField(
                label=axis.title, choices=PositioningLevel.choices, widget=forms.RadioSelect
            )
        for day in Weekday:
            self.fields[f"days_{day.value}"] = forms.MultipleChoiceField(
                label=day.label.capitalize(),
                choices=DayPart.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        self.fields["availability_note"] = forms.CharField(
            label=_("Précisions sur vos disponibilités"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            max_length=2000,
        )
        self.fields["suggestions"] = forms.CharField(
            label=_("Vos suggestions"),
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
            max_length=5000,
        )
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    @property
    def axis_fields(self):
        return [self[f"axis_{axis.pk}"] for axis in self.axes]

    @property
    def day_fields(self):
        return [self[f"days_{day.value}"] for day in Weekday]

    def levels(self) -> dict[int, str]:
        return {axis.pk: self.cleaned_data[f"axis_{axis.pk}"] for axis in self.axes}

    def availability(self) -> list[str]:
        return [
            f"{day.value}_{part}"
            for day in Weekday
            for part in self.cleaned_data.get(f"days_{day.value}", [])
        ]
