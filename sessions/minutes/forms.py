"""Forms of the minutes editor (staff) and of the review (attendees), rendered with crispy forms.

Every edit form carries ``fingerprint``, a hidden field holding the record as it was when
the form was opened (``services.record_fingerprint``): the service refuses a save
over someone else's newer one (stale edit). Uploaded annexes are judged by their content
(parsed with pikepdf or Pillow) and size, never by their name.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.dates import DatePrecision
from cln_portal.uploads import JPEG, PDF, PNG, check_upload
from cln_portal.widgets import IsoDateInput
from members.models import Member
from workstreams.models import Contact, NextStep, Proposal, Question, QuestionTheme

from ..models import Annex, CalendarEntry, Footnote, Meeting, Minutes, MinutesSection

MARKDOWN_HELP = _(
    "Markdown simple : **gras**, *italique*, listes « - », liens [texte](https://…), "
    "appel de note [^repère], mots dans une autre langue [Open Education Global]{lang=en} "
    "(code de langue : en, de, es, nl…)."
)


def sniff_annex(upload) -> tuple[str, bool]:
    """``(extension, is_image)`` of an uploaded annex judged by its content and size.

    Raises ``ValidationError`` (French) when it is larger than ``MINUTES_ANNEX_MAX_BYTES``
    (default 20 MB) or is not a PDF (opened with pikepdf), PNG or JPEG (decoded with
    Pillow), whatever its name says (``cln_portal.uploads.check_upload``).
    """
    max_bytes = getattr(settings, "MINUTES_ANNEX_MAX_BYTES", 20 * 1024 * 1024)
    kind = check_upload(upload, accept={PDF, PNG, JPEG}, max_bytes=max_bytes)
    return kind, kind != PDF


class FingerprintMixin(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)


def _person_field(label, *, required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=Member.objects.order_by("last_name", "first_name"), required=required
    )


class MinutesCreateForm(forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["meeting", "title", "headline", "issued_on", "visibility"]
        widgets = {"issued_on": IsoDateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(minutes__isnull=True).order_by("-starts_at")
        self.fields["meeting"].help_text = _(
            "Seules les séances qui n’ont pas encore de compte-rendu sont proposées."
        )


class MinutesForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["title", "headline", "addressee", "issued_on", "visibility", "opening", "workstreams_intro"]
        widgets = {
            "issued_on": IsoDateInput(),
            "opening": forms.Textarea(attrs={"rows": 10}),
            "workstreams_intro": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "opening": MARKDOWN_HELP,
            "visibility": _(
                "Public : lisible sans compte ; les personnes qui n’ont pas accepté la publication de leur "
                "nom y figurent par leurs initiales."
            ),
        }


class SectionForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = MinutesSection
        fields = ["part", "order", "title", "workstream", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "body": MARKDOWN_HELP,
            "workstream": _(
                "Une section liée à un axe imprime son objectif et ce qui a été soulevé à la séance."
            ),
        }


class CalendarEntryForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = CalendarEntry
        fields = ["date_precision", "date", "date_end", "text", "order"]
        widgets = {
            "date": IsoDateInput(),
            "date_end": IsoDateInput(),
            "text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"date": _("Pour un mois, indiquez son premier jour."), "text": MARKDOWN_HELP}


class FootnoteForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = Footnote
        fields = ["key", "text", "url"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"key": _("Appelez la note dans n’importe quel texte par [^repère].")}


class AnnexForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = Annex
        fields = ["title", "order", "body", "file", "caption", "include_pdin_history"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6}), "file": forms.ClearableFileInput}
        help_texts = {
            "file": _("PDF, PNG ou JPEG, 20 Mo au plus. Une image est imprimée dans le PDF."),
            "caption": _("Obligatoire pour une image : c’est aussi son texte de remplacement."),
            "body": MARKDOWN_HELP,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_mb = getattr(settings, "MINUTES_ANNEX_MAX_BYTES", 20 * 1024 * 1024) // 1_048_576
        self.fields["file"].help_text = gettext(
            "PDF, PNG ou JPEG, %(max)s Mo au plus. Une image est imprimée dans le PDF."
        ) % {"max": max_mb}
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/png,image/jpeg"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            extension, self.is_image = sniff_annex(upload)
            # The stored name comes from the content, never from the sender's name.
            upload.name = f"annexe.{extension}"
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        is_image = getattr(self, "is_image", False) or (
            upload and str(getattr(upload, "name", "")).lower().endswith((".png", ".jpg", ".jpeg"))
        )
        if is_image and not cleaned.get("caption", "").strip():
            self.add_error(
                "caption",
                gettext("Une image annexée demande une légende : elle sert de texte de remplacement."),
            )
        return cleaned


class ThemeForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = QuestionTheme
        fields = ["title", "order"]
        help_texts = {"title": _("Par exemple « Sur le périmètre budgétaire »")}


class QuestionForm(FingerprintMixin, forms.ModelForm):
    new_theme = forms.CharField(
        label=_("ou nouveau thème"), max_length=200, required=False, help_text=_("Créé pour cet axe.")
    )

    class Meta:
        model = Question
        fields = ["theme", "text", "raised_by", "order", "answer", "answered_by", "answered_by_service"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "answer": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"answer": _("La réponse apportée en séance, s’il y en a eu une.")}

    def __init__(self, *args, workstream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = QuestionTheme.objects.filter(workstream=workstream).order_by(
            "order", "pk"
        )
        for name in ("raised_by", "answered_by"):
            self.fields[name].queryset = Member.objects.order_by("last_name", "first_name")
        order = list(self.fields)
        order.remove("new_theme")
        order.insert(order.index("theme") + 1, "new_theme")
        self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer", "").strip() and not (
            cleaned.get("answered_by") or cleaned.get("answered_by_service", "").strip()
        ):
            self.add_error("answered_by", gettext("Indiquez qui a répondu (une personne ou un service)."))
        return cleaned


class ProposalForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["member", "text", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, workstream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.order_by("last_name", "first_name")


class ContactForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["heading", "body", "followed_by", "note", "order"]

    def __init__(self, *args, workstream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followed_by"].queryset = Member.objects.order_by("last_name", "first_name")


class NextStepForm(FingerprintMixin, forms.ModelForm):
    class Meta:
        model = NextStep
        fields = ["label", "text", "owner", "date_precision", "date", "date_end", "order"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "date": IsoDateInput(),
            "date_end": IsoDateInput(),
        }

    def __init__(self, *args, workstream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Member.objects.order_by("last_name", "first_name")
        self.fields["date_precision"].initial = DatePrecision.DAY


class CorrectionForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section concernée"),
        queryset=MinutesSection.objects.none(),
        required=False,
        empty_label=_("(l’ensemble du compte-rendu)"),
    )
    text = forms.CharField(
        label=_("Correction proposée"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Citez le passage et proposez la nouvelle formulation."),
    )

    def __init__(self, *args, minutes: Minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = MinutesSection.objects.filter(minutes=minutes).order_by(
            "part", "order", "pk"
        )


class DecisionForm(forms.Form):
    decision_note = forms.CharField(
        label=_("Réponse à l’auteur·rice (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    """One checkbox per warning: each must be ticked (read and overridden) to publish."""

    acknowledged = forms.MultipleChoiceField(
        label=_("J’ai lu ces avertissements et je publie malgré tout"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = list(warnings)
        self.fields["acknowledged"].choices = [(w.key, w.message) for w in self.warnings]
        if not self.warnings:
            self.fields["acknowledged"].widget = forms.MultipleHiddenInput()

    def clean_acknowledged(self):
        acknowledged = set(self.cleaned_data.get("acknowledged") or [])
        missing = [w for w in self.warnings if w.key not in acknowledged]
        if missing:
            raise ValidationError(
                gettext(
                    "Cochez chaque avertissement pour confirmer que vous l’avez lu (%(count)s restant·s)."
                )
                % {"count": len(missing)}
            )
        return sorted(acknowledged)


class NewVersionForm(forms.Form):
    change_note = forms.CharField(
        label=_("Ce qui change dans cette version"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Imprimé en tête de la nouvelle version, par exemple « Date du point d’étape corrigée »."
        ),
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Approuvé le"), widget=IsoDateInput())
    approved_at_meeting = forms.ModelChoiceField(
        label=_("Lors de la séance"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, minutes: Minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_at_meeting"].queryset = Meeting.objects.filter(
            starts_at__gt=minutes.meeting.starts_at, starts_at__lte=timezone.now()
        ).order_by("starts_at")
