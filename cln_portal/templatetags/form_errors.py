"""The error summary of a page after a failed submit (RGAA 11.10, WCAG 3.3.1).

``{% collect_form_errors as form_errors %}`` gathers the errors of every bound form and
formset the view put in the template's context, in the order a person meets them: each
form's errors not tied to a field first, then its fields in order. ``base.html`` uses it
once for every page: the title starts with « Erreur : » and ``_error_summary.html`` lists
each error as a link to its field, so no template has to remember it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField
from django.utils.functional import LazyObject

register = template.Library()

# How deep to look into the context's dicts, lists and tuples (the section editor passes
# ``formsets`` as a dict and ``theme_groups`` as a list of (form, [forms]) pairs).
_MAX_DEPTH = 4


@dataclass(frozen=True)
class FormError:
    """One error of the summary: the message, the field's label, and the id to link to.

    ``target`` is the id of the field's control (the first option of a radio or checkbox
    group), or "" for an error that belongs to no visible field (the form as a whole).
    """

    message: str
    label: str = ""
    target: str = ""


def _target(bound: BoundField) -> str:
    """The id of the control a link should lead to: the input, or the group's first option."""
    if bound.is_hidden:
        return ""
    target = bound.id_for_label
    if not target and bound.auto_id:
        # Radio buttons: Django gives no id "for" the group; its first option is `<id>_0`.
        target = bound.field.widget.id_for_label(bound.auto_id, "0")
    return target or ""


def _form_errors(form: BaseForm, row: int | None = None) -> list[FormError]:
    if not form.is_bound or not form.errors:
        return []
    found = [FormError(str(message)) for message in form.non_field_errors()]
    for bound in form:
        label = str(bound.label or "").strip()
        if row is not None:
            label = f"{label} ({row})" if label else f"({row})"
        for message in bound.errors:
            found.append(FormError(str(message), label=label, target=_target(bound)))
    return found


def _formset_errors(formset: BaseFormSet) -> list[FormError]:
    if not formset.is_bound:
        return []
    found = [FormError(str(message)) for message in formset.non_form_errors()]
    for index, form in enumerate(formset.forms, start=1):
        found.extend(_form_errors(form, row=index))
    return found


def collect(values, seen: set[int] | None = None, depth: int = 0) -> list[FormError]:
    """The errors of the bound forms and formsets found in ``values`` (an iterable).

    Dicts, lists and tuples are looked into, ``_MAX_DEPTH`` levels deep; anything else
    (querysets, models, views, lazy objects) is left alone, so nothing is queried or computed. A form seen twice (a
    formset's form also listed on its own) counts once.
    """
    seen = set() if seen is None else seen
    found: list[FormError] = []
    for value in values:
        if id(value) in seen or isinstance(value, LazyObject):
            # A lazy value of the context (the CSRF token, the user, the council) is never a
            # form: looking inside would compute it for nothing.
            continue
        if isinstance(value, BaseFormSet):
            seen.add(id(value))
            seen.update(id(form) for form in value.forms)
            found.extend(_formset_errors(value))
        elif isinstance(value, BaseForm):
            seen.add(id(value))
            found.extend(_form_errors(value))
        elif depth < _MAX_DEPTH and isinstance(value, dict):
            found.extend(collect(value.values(), seen, depth + 1))
        elif depth < _MAX_DEPTH and isinstance(value, list | tuple):
            found.extend(collect(value, seen, depth + 1))
    return found


@register.simple_tag(takes_context=True)
def collect_form_errors(context) -> list[FormError]:
    """``{% collect_form_errors as form_errors %}``: every error of the page's forms."""
    return collect(context.flatten().values())


@register.inclusion_tag("_required_note.html")
def required_note(*forms) -> dict:
    """``{% required_note form other_form formset %}``: « Les champs marqués d’un astérisque (*)
    sont obligatoires. », once at the top of an HTML form, when one of its visible fields is
    required (crispy marks those with the asterisk). Put it once per ``<form>``."""
    return {"show": any(_has_required_field(item) for item in forms)}


def _has_required_field(item) -> bool:
    forms = item.forms if isinstance(item, BaseFormSet) else [item]
    return any(
        isinstance(form, BaseForm)
        and any(field.required and not field.widget.is_hidden for field in form.fields.values())
        for form in forms
    )
