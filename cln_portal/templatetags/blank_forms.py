"""``{{ form|crispy_blank }}``: crispy-forms' ``|crispy`` for a form nobody has filled in yet,
rendered once per process for each form class, language and set of fields (issue 17).

An axis page offers every member two empty forms (ask a question, make a proposal): built
through crispy's templates, one field at a time, they were an eighth of the page's CPU, for
the same HTML on every visit. The HTML of an unbound form depends only on what the key
holds: the form's class, prefix and ``auto_id``, the language, and for each field its
type, label, help text, required and disabled flags, initial value, widget and attributes,
and choices. A form that is bound (its errors are shown), has a crispy ``helper`` or
choices read from the database at render time (a ``ModelChoiceField`` without explicit
choices) is rendered by ``|crispy`` as usual. Nothing of the request is in the HTML: the
CSRF token is outside, in the page's ``<form>``.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import template
from django.forms import BaseForm
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language

register = template.Library()

# Per process: a few forms times the languages. Emptied when full (choices that change often).
_KEPT: dict[tuple, str] = {}
_MAX_KEPT = 256


def _signature(form: BaseForm) -> tuple | None:
    """What the crispy HTML of ``form`` depends on, or None when it must not be kept."""
    if form.is_bound or getattr(form, "helper", None) is not None:
        return None
    fields = []
    for name, field in form.fields.items():
        choices = getattr(field, "choices", None)
        if isinstance(choices, ModelChoiceIterator):
            return None  # read from the database when rendered: may change at any write
        widget = field.widget
        fields.append(
            (
                name,
                type(field).__name__,
                type(widget).__name__,
                str(field.label),
                str(field.help_text),
                field.required,
                field.disabled,
                repr(form.get_initial_for_field(field, name)),
                repr(sorted(widget.attrs.items())),
                None if choices is None else tuple((str(value), str(label)) for value, label in choices),
            )
        )
    return (type(form), form.prefix, form.auto_id, form.label_suffix, get_language(), tuple(fields))


@register.filter
def crispy_blank(form: BaseForm) -> str:
    """``form`` as ``|crispy`` renders it, from the process's copy when the form is blank."""
    key = _signature(form)
    if key is None:
        return as_crispy_form(form)
    html = _KEPT.get(key)
    if html is None:
        html = as_crispy_form(form)
        if len(_KEPT) >= _MAX_KEPT:
            _KEPT.clear()
        _KEPT[key] = html
    return html
