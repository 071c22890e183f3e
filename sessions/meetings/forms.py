"""Forms of the sitting pages (staff) and of the answer to a convocation (RSVP).

They only parse input; ``sessions.meetings.services`` does the writing. Times are typed
as a day and wall-clock times in Europe/Paris.
"""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.autocomplete import mark_person_fields
from cln_portal.schedule import due_at
from cln_portal.widgets import IsoDateInput
from members.models import COUNCIL_ROLES, Member
from pdin.models import Venue
from workstreams.models import Workstream

from ..models import AttendanceStatus, InvitationAnswer, Meeting
from .services import AgendaEntry, GuestData, Mark


def _fragment_helper() -> FormHelper:
    """Fields only: several forms share one <form> element and one CSRF token."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.full_name} ({obj.title})"


class MeetingForm(forms.ModelForm):
    """The sitting: kind, title, axis (for a working group), day and times, venue, convener, guests."""

    day = forms.DateField(
        label=_("Date"),
        widget=IsoDateInput(),
        help_text=_(
            "Séance déjà tenue ? Une date passée est acceptée : la séance est enregistrée "
            "après coup, sans convocation, et ses présences se relèvent sur la feuille de présence."
        ),
    )
    start_time = forms.TimeField(
        label=_("Heure de début"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    invited = PersonChoiceField(
        label=_("Personnes invitées"),
        help_text=_(
            "Services et partenaires invités, sans mandat ni compte. "
            "Les membres en mandat sont tous convoqués d’office."
        ),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = ["kind", "title", "workstream", "convene_council", "venue", "convener"]
        help_texts = {
            "title": _("Facultatif : par défaut, le type et la date de la séance."),
            "workstream": _(
                "Obligatoire pour un groupe de travail : ses participant·es sont convoqué·es par défaut."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _fragment_helper()
        self.fields["venue"].queryset = Venue.objects.order_by("name")
        self.fields["venue"].required = True
        self.fields["venue"].help_text = _(
            "Le lieu n’est pas dans la liste ? Remplissez « Nouveau lieu » plus bas : "
            "rien de ce qui est saisi ici n’est perdu."
        )
        self.fields["workstream"].queryset = Workstream.objects.order_by("order", "title")
        # People in mandate, and the current convener even if they have left since.
        conveners = Member.objects.in_mandate()
        if self.instance.convener_id:
            conveners = conveners | Member.objects.filter(pk=self.instance.convener_id)
        self.fields["convener"].queryset = conveners.order_by("last_name", "first_name")
        self.fields["invited"].queryset = Member.objects.exclude(role__in=COUNCIL_ROLES).order_by(
            "last_name", "first_name"
        )
        instance = self.instance
        if instance.pk:
            starts = _paris(instance.starts_at)
            self.initial.setdefault("day", starts.date())
            self.initial.setdefault("start_time", starts.time())
            if instance.ends_at:
                self.initial.setdefault("end_time", _paris(instance.ends_at).time())
            self.initial.setdefault(
                "invited", [i.member_id for i in instance.invitations.filter(is_guest=True)]
            )
        self.order_fields(
            [
                "kind",
                "title",
                "workstream",
                "convene_council",
                "day",
                "start_time",
                "end_time",
                "venue",
                "convener",
            ]
        )

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", gettext("L’heure de fin doit suivre l’heure de début."))
            else:
                self.instance.starts_at = due_at(day=day, at=start)
                self.instance.ends_at = due_at(day=day, at=end)
        return cleaned


def _paris(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


class VenueForm(forms.Form):
    """« Nouveau lieu », inside the sitting form: all empty means no new venue."""

    name = forms.CharField(label=_("Nom du lieu"), max_length=200, required=False)
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    postal_code = forms.CharField(label=_("Code postal"), max_length=10, required=False)
    city = forms.CharField(label=_("Ville"), max_length=100, required=False)
    accessibility = forms.CharField(
        label=_("Accessibilité"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Accès en fauteuil roulant, ascenseur, boucle magnétique…"),
    )
    public_transport = forms.CharField(
        label=_("Transports en commun"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Lignes et arrêts les plus proches."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_person_fields(self, own=False)  # the venue's address, not the typist's

    def is_empty(self) -> bool:
        return not any(str(self.cleaned_data.get(name, "")).strip() for name in self.fields)

    def clean(self):
        cleaned = super().clean()
        others = [name for name in self.fields if name != "name" and str(cleaned.get(name, "")).strip()]
        if others and not cleaned.get("name", "").strip():
            self.add_error("name", gettext("Indiquez le nom du nouveau lieu."))
        return cleaned


class AttendanceSheetForm(forms.Form):
    """The one-form sheet: for each person, present / excused / absent and the reason if excused.

    Fields are ``status-<pk>`` and ``reason-<pk>``; a person left without a choice stays
    "non relevé". ``people`` gives the template each row with its two bound fields, so
    that each person is a fieldset whose legend is their name.
    """

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.member.pk
            initial_status, initial_reason = row.status, row.attendance.reason if row.attendance else ""
            if not row.attendance and row.invitation is not None:
                # Pre-select what the person answered to the convocation.
                initial_status = {
                    "attending": AttendanceStatus.PRESENT,
                    "excused": AttendanceStatus.EXCUSED,
                }.get(row.invitation.answer, "")
                initial_reason = row.invitation.reason
            self.fields[f"status-{pk}"] = forms.ChoiceField(
                label=row.member.full_name,
                choices=AttendanceStatus.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=initial_status or None,
            )
            self.fields[f"reason-{pk}"] = forms.CharField(
                label=_("Motif de l’absence excusée"),
                max_length=300,
                required=False,
                initial=initial_reason,
            )

    @property
    def people(self):
        return [(row, self[f"status-{row.member.pk}"], self[f"reason-{row.member.pk}"]) for row in self.rows]

    def marks(self) -> list[Mark]:
        """The lines given a status, in the sheet's order."""
        return [
            Mark(
                member=row.member,
                status=self.cleaned_data[f"status-{row.member.pk}"],
                reason=self.cleaned_data.get(f"reason-{row.member.pk}", ""),
            )
            for row in self.rows
            if self.cleaned_data.get(f"status-{row.member.pk}")
        ]


class AgendaItemForm(forms.Form):
    """One item of the agenda; an empty title removes the item."""

    title = forms.CharField(label=_("Intitulé du point"), max_length=300, required=False)
    workstream = forms.ModelChoiceField(
        label=_("Axe de travail"), queryset=Workstream.objects.none(), required=False
    )
    # The item this line edits; the service honours only the sitting's own items, and a
    # value that is not a number is read as a new line (never an error on a hidden field).
    item = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def clean_item(self) -> int | None:
        value = self.cleaned_data.get("item", "").strip()
        return int(value) if value.isdecimal() and len(value) < 12 else None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = Workstream.objects.order_by("order", "title")


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=2, max_num=50)


def agenda_from_formset(formset) -> list[AgendaEntry]:
    """The agenda in the order typed, without the empty lines."""
    return [
        AgendaEntry(
            title=form.cleaned_data["title"].strip(),
            workstream=form.cleaned_data.get("workstream"),
            item=form.cleaned_data.get("item"),
        )
        for form in formset.forms
        if form.cleaned_data.get("title", "").strip()
    ]


class GuestForm(forms.Form):
    """A person invited who is not in the portal yet (no account is created)."""

    first_name = forms.CharField(label=_("Prénom"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=100, required=False)
    position = forms.CharField(
        label=_("Fonction"),
        max_length=200,
        required=False,
        help_text=_("Par exemple « directeur des systèmes d’information »."),
    )
    organisation = forms.CharField(label=_("Organisation ou service"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Adresse e-mail"), required=False, help_text=_("Pour lui envoyer la convocation.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_person_fields(self, own=False)  # the guest's name, not the typist's

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("first_name", "").strip() or cleaned.get("last_name", "").strip()
        other = cleaned.get("position") or cleaned.get("organisation") or cleaned.get("email")
        if named or other:
            for name in ("first_name", "last_name"):
                if not cleaned.get(name, "").strip():
                    self.add_error(name, gettext("Indiquez le prénom et le nom de la personne invitée."))
        return cleaned

    def guest(self) -> GuestData | None:
        data = self.cleaned_data
        if not data.get("first_name", "").strip():
            return None
        return GuestData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            position=data.get("position", ""),
            organisation=data.get("organisation", ""),
            email=data.get("email", ""),
        )


GuestFormSet = forms.formset_factory(GuestForm, extra=1, max_num=20)


class AttendanceAddForm(GuestForm):
    """Add someone on the spot: a person already known, or a new one by name."""

    member = forms.ModelChoiceField(
        label=_("Personne déjà connue"), queryset=Member.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Présence"),
        choices=AttendanceStatus.choices,
        initial=AttendanceStatus.PRESENT,
        widget=forms.RadioSelect,
    )

    field_order = ["member", "first_name", "last_name", "position", "organisation", "email", "status"]

    def __init__(self, *args, meeting: Meeting, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.exclude(attendances__meeting=meeting).order_by(
            "last_name", "first_name"
        )
        self.fields["member"].help_text = _("Ou bien saisissez ci-dessous le nom d’une nouvelle personne.")
        self.fields["email"].help_text = ""
        # The <form> element and its button are in the template: a helper's form_action
        # leaks into crispy-bootstrap5's radio group as an invalid "action" attribute.
        self.helper = _fragment_helper()
        self.action = action

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("member") and not cleaned.get("first_name", "").strip() and not self.errors:
            raise forms.ValidationError(gettext("Choisissez une personne déjà connue ou saisissez un nom."))
        if cleaned.get("member") and cleaned.get("first_name", "").strip():
            raise forms.ValidationError(
                gettext("Choisissez une personne déjà connue ou saisissez un nom, pas les deux.")
            )
        return cleaned


class RsvpForm(forms.Form):
    """The answer to a convocation."""

    answer = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[
            (InvitationAnswer.ATTENDING, _("Je serai présent·e")),
            (InvitationAnswer.EXCUSED, _("Je serai absent·e (excusé·e)")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif de l’absence (facultatif)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", gettext("Enregistrer ma réponse")))
