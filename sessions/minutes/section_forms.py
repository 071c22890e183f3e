"""The forms of the one-page section editor: the section, and one formset per kind of row.

``SectionEditor`` bundles them: the section's own fields (with the axis' objective), the
themes of its axis (each with a box to paste questions, one per line), the questions raised
at the sitting, proposals, contacts, next steps, calendar entries and the footnotes the
section calls. Rows carry a hidden ``fingerprint`` (stale edits) and a hidden ``position``
(their place, changed by the « monter / descendre » buttons or by drag and drop); nobody
types an order number. ``SectionEditor.submission`` turns a valid POST into the
``services.SectionSubmission`` that ``section_save_all`` writes in one transaction.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cln_portal.dates import DatePrecision
from cln_portal.widgets import IsoDateInput
from workstreams.models import Contact, NextStep, Proposal, Question, QuestionTheme

from ..models import CalendarEntry, Footnote, MinutesSection
from .forms import MARKDOWN_HELP, FingerprintMixin
from .services import Row, SectionSubmission, ThemeRows, pasted_lines, record_fingerprint


class RowForm(FingerprintMixin, forms.ModelForm):
    """A row of a formset: its record's fingerprint and its place in the list (both hidden)."""

    position = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["fingerprint"] = record_fingerprint(self.instance)
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = gettext("Supprimer")

    def has_changed(self) -> bool:
        # A row whose only change is its place is saved as is (its order is set apart).
        return bool(set(self.changed_data) - {"position", "fingerprint"})


class SectionEditForm(FingerprintMixin, forms.ModelForm):
    objective = forms.CharField(
        label=_("Objectif de l’axe"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Imprimé sous « Objectif » ; c’est celui de l’axe, partagé par ses comptes-rendus."),
    )
    objective_fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MinutesSection
        fields = ["title", "part", "workstream", "body", "body_position"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6}), "body_position": forms.RadioSelect}
        labels = {"body": _("Texte libre"), "body_position": _("Le texte libre s’imprime")}
        help_texts = {
            "body": MARKDOWN_HELP,
            "workstream": _(
                "Une section liée à un axe imprime son objectif et ce qui a été soulevé à la séance. "
                "Une section sans axe s’imprime comme une partie à part entière, hors « Axes de "
                "travail identifiés »."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workstream = self.instance.workstream
        if workstream is None:
            del self.fields["objective"]
            del self.fields["objective_fingerprint"]
        elif not self.is_bound:
            self.initial["objective"] = workstream.objective
            self.initial["objective_fingerprint"] = record_fingerprint(workstream)
        if not self.is_bound:
            self.initial["fingerprint"] = record_fingerprint(self.instance)


class ThemeRowForm(RowForm):
    pasted = forms.CharField(
        label=_("Ajouter plusieurs questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une question par ligne : elles s’ajoutent à la fin de ce thème, dans l’ordre."),
    )

    class Meta:
        model = QuestionTheme
        fields = ["title"]
        labels = {"title": _("Thème")}
        help_texts = {"title": _("Par exemple « Sur le périmètre budgétaire »")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pasted", "").strip() and not cleaned.get("title", "").strip():
            self.add_error("title", gettext("Donnez un intitulé au thème des questions collées."))
        return cleaned


class QuestionRowForm(RowForm):
    class Meta:
        model = Question
        fields = ["text", "theme", "raised_by", "answer", "answered_by", "answered_by_service"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "answer": forms.Textarea(attrs={"rows": 2})}
        labels = {"answer": _("Réponse apportée en séance")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer", "").strip() and not (
            cleaned.get("answered_by") or cleaned.get("answered_by_service", "").strip()
        ):
            self.add_error("answered_by", gettext("Indiquez qui a répondu (une personne ou un service)."))
        return cleaned


class ProposalRowForm(RowForm):
    class Meta:
        model = Proposal
        fields = ["text", "member"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ContactRowForm(RowForm):
    class Meta:
        model = Contact
        fields = ["heading", "body", "followed_by", "note"]


class NextStepRowForm(RowForm):
    class Meta:
        model = NextStep
        fields = ["label", "text", "owner", "date_precision", "date", "date_end"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "date": IsoDateInput(),
            "date_end": IsoDateInput(),
        }


class CalendarRowForm(RowForm):
    class Meta:
        model = CalendarEntry
        fields = ["date_precision", "date", "date_end", "text"]
        widgets = {
            "date": IsoDateInput(),
            "date_end": IsoDateInput(),
            "text": forms.Textarea(attrs={"rows": 2}),
        }


class FootnoteRowForm(RowForm):
    class Meta:
        model = Footnote
        fields = ["key", "text", "url"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"key": _("Appelez la note dans n’importe quel texte par [^repère].")}


def _formset(form, model, extra=1):
    return forms.modelformset_factory(model, form=form, extra=extra, can_delete=True)


# (prefix, form, model, label of one row); the prefix is also the kind in « move » buttons.
ROW_KINDS = {
    "theme": (ThemeRowForm, QuestionTheme, _("le thème")),
    "question": (QuestionRowForm, Question, _("la question")),
    "proposal": (ProposalRowForm, Proposal, _("la proposition")),
    "contact": (ContactRowForm, Contact, _("le contact")),
    "step": (NextStepRowForm, NextStep, _("l’étape")),
    "calendar": (CalendarRowForm, CalendarEntry, _("l’entrée du calendrier")),
    "note": (FootnoteRowForm, Footnote, _("la note")),
}
# Kinds whose rows have an order (footnotes are numbered by their first call).
ORDERED_KINDS = ("theme", "question", "proposal", "contact", "step", "calendar")
MEMBER_FIELDS = ("raised_by", "answered_by", "member", "followed_by", "owner")


class SectionEditor:
    """The section form and its formsets, bound to a POST or not. See the module docstring."""

    def __init__(self, *, section: MinutesSection, records: dict, data=None):
        self.section = section
        self.data = data
        self.form = SectionEditForm(data, instance=section, prefix="section")
        axis = section.workstream_id is not None
        themes = records["themes"]
        querysets = {
            "theme": records["theme_queryset"],
            "question": records["question_queryset"],
            "proposal": records["proposal_queryset"],
            "contact": records["contact_queryset"],
            "step": records["step_queryset"],
            "calendar": records["calendar_queryset"],
            "note": records["note_queryset"],
        }
        # One query for the people, one for the themes, shared by every select of every row.
        people = [("", "---------")] + [(m.pk, m.full_name) for m in records["members"]]
        theme_choices = [("", gettext("(sans thème)"))] + [(t.pk, t.title) for t in themes]
        self.formsets = {}
        for kind, (form, model, _label) in ROW_KINDS.items():
            if not axis and kind in ("theme", "question", "proposal", "contact", "step"):
                continue
            # Two empty themes: a section's usual two themes go in with one submit.
            extra = 2 if kind == "theme" else 1
            initial = None
            if kind == "question":
                # One empty question under each theme and one without theme.
                extra = len(themes) + 1
                initial = [{"theme": t.pk} for t in themes] + [{"theme": None}]
            formset = _formset(form, model, extra=extra)(
                data, queryset=querysets[kind], prefix=kind, initial=initial
            )
            for index, row in enumerate(formset.forms):
                if not row.is_bound:
                    row.initial["position"] = index
                for name in MEMBER_FIELDS:
                    if name in row.fields:
                        row.fields[name].choices = people
                if "theme" in row.fields and kind == "question":
                    # The queryset validates the submitted value; the list is shown (no query).
                    row.fields["theme"].queryset = QuestionTheme.objects.filter(
                        workstream_id=section.workstream_id
                    )
                    row.fields["theme"].choices = theme_choices
                if kind == "step" and not row.is_bound and row.instance.pk is None:
                    row.initial["date_precision"] = DatePrecision.DAY
            self.formsets[kind] = formset

    # -- reading

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets.values()]
        return all(results)

    def ordered_rows(self, kind: str) -> list:
        """The forms of ``kind`` in their submitted (or shown) order, empty extra rows left out."""
        formset = self.formsets.get(kind)
        if formset is None:
            return []
        rows = []
        for index, row in enumerate(formset.forms):
            position = index
            if row.is_bound and hasattr(row, "cleaned_data"):
                position = row.cleaned_data.get("position")
                position = index if position is None else position
            rows.append((position, index, row))
        return [row for _position, _index, row in sorted(rows, key=lambda r: (r[0], r[1]))]

    def theme_groups(self) -> list[tuple]:
        """``[(theme form or None, [question forms])]`` as the page shows them: each theme,
        its questions, then the questions without a theme."""
        question_forms = self.ordered_rows("question")
        groups = []
        theme_ids = set()
        for theme_form in self.ordered_rows("theme"):
            theme_id = theme_form.instance.pk
            if theme_id:
                theme_ids.add(theme_id)
            members = [q for q in question_forms if theme_id and _theme_value(q) == theme_id]
            groups.append((theme_form, members))
        others = [q for q in question_forms if _theme_value(q) not in theme_ids]
        if self.formsets.get("question") is not None:
            groups.append((None, others))
        return groups

    def apply_move(self, raw: str) -> bool:
        """Apply a « monter / descendre » button (``"question-3-up"``: kind, row index, way).

        Swaps the row with its neighbour among the rows shown with it (questions: under the
        same theme). Returns False when the value names no row.
        """
        try:
            kind, index, way = raw.rsplit("-", 2)
            index = int(index)
        except ValueError:
            return False
        if kind not in ORDERED_KINDS or kind not in self.formsets or way not in ("up", "down"):
            return False
        if kind == "question":
            lists = [members for _theme, members in self.theme_groups()]
        else:
            lists = [self.ordered_rows(kind)]
        prefix = f"{kind}-{index}"
        for rows in lists:
            rows = [row for row in rows if _kept(row)]
            where = next((i for i, row in enumerate(rows) if row.prefix == prefix), None)
            if where is None:
                continue
            other = where - 1 if way == "up" else where + 1
            if 0 <= other < len(rows):
                a, b = rows[where], rows[other]
                a.cleaned_data["position"], b.cleaned_data["position"] = (
                    _position(b),
                    _position(a),
                )
            return True
        return False

    def submission(self) -> SectionSubmission:
        """The valid POST as a ``SectionSubmission`` (call ``is_valid`` first)."""
        form = self.form
        section_values = {name: form.cleaned_data[name] for name in form._meta.fields}
        result = SectionSubmission(
            section=Row(
                instance=self.section,
                values=section_values,
                fingerprint=form.cleaned_data.get("fingerprint"),
                changed=bool(set(form.changed_data) & set(section_values)),
            )
        )
        if "objective" in form.fields and "objective" in form.changed_data:
            result.objective = form.cleaned_data["objective"]
            result.objective_fingerprint = form.cleaned_data.get("objective_fingerprint")
        for theme_form, question_forms in self.theme_groups():
            questions = [_row(q) for q in question_forms if _meaningful(q)]
            if theme_form is None:
                result.unthemed_questions = questions
                continue
            if not _meaningful(theme_form):
                continue
            result.themes.append(
                ThemeRows(
                    theme=_row(theme_form),
                    questions=questions,
                    pasted=pasted_lines(theme_form.cleaned_data.get("pasted", "")),
                )
            )
        for kind, attribute in (
            ("proposal", "proposals"),
            ("contact", "contacts"),
            ("step", "next_steps"),
            ("calendar", "calendar_entries"),
            ("note", "footnotes"),
        ):
            setattr(result, attribute, [_row(row) for row in self.ordered_rows(kind) if _meaningful(row)])
        return result

    def rebind_stale(self, current) -> list:
        """After ``StaleEdit``: the same POST with the stale record's fingerprint replaced by the
        current one (saving again is then a choice), and the form that shows it."""
        data = self.data.copy()
        target = None
        if current.__class__ is MinutesSection:
            data["section-fingerprint"] = record_fingerprint(current)
            target = "section"
        elif (
            "objective_fingerprint" in self.form.fields
            and current.pk == self.section.workstream_id
            and (current.__class__.__name__ == "Workstream")
        ):
            data["section-objective_fingerprint"] = record_fingerprint(current)
            target = "section"
        else:
            for formset in self.formsets.values():
                for row in formset.forms:
                    if row.instance.__class__ is current.__class__ and row.instance.pk == current.pk:
                        data[f"{row.prefix}-fingerprint"] = record_fingerprint(current)
                        target = row.prefix
        return data, target


def _theme_value(form) -> int | None:
    value = form["theme"].value()
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _position(form) -> int:
    return form.cleaned_data.get("position") or 0


def _kept(form) -> bool:
    return form.instance.pk is not None or form.has_changed()


def _meaningful(form) -> bool:
    """A stored row, or a new row with something typed in it."""
    return form.instance.pk is not None or (form.has_changed() and not form.cleaned_data.get("DELETE"))


def _row(form) -> Row:
    values = {name: form.cleaned_data.get(name) for name in form._meta.fields}
    return Row(
        instance=form.instance,
        values=values,
        fingerprint=form.cleaned_data.get("fingerprint"),
        changed=form.has_changed(),
        delete=bool(form.cleaned_data.get("DELETE")) and form.instance.pk is not None,
    )
