"""The ``autocomplete`` attribute of fields about a person (WCAG 1.3.5, RGAA 11.13).

A field that asks the person typing about themselves says its purpose with the HTML token
(``given-name``, ``email``…), so that browsers and assistive tools fill or explain it. A field
about someone else (staff recording a member, a guest, a venue's address) says ``off``: the
browser would otherwise offer the typist's own name or address there.
"""

from __future__ import annotations

from django import forms

# Field names used across the portal's forms → the HTML autofill token of their purpose.
PURPOSES = {
    "first_name": "given-name",
    "last_name": "family-name",
    "name": "name",
    "email": "email",
    "contact_email": "email",
    "phone": "tel",
    "address": "street-address",
    "postal_code": "postal-code",
    "city": "address-level2",
    "organisation": "organization",
    "position": "organization-title",
}


def mark_person_fields(form: forms.BaseForm, *, own: bool) -> None:
    """Set ``autocomplete`` on the fields of ``form`` named in ``PURPOSES``.

    ``own=True``: the form asks about the person filling it (their token); ``own=False``:
    about another person or a place (``off``). Call it from the form's ``__init__``; a
    field whose widget already says its purpose is left alone.
    """
    for name, field in form.fields.items():
        if name in PURPOSES and "autocomplete" not in field.widget.attrs:
            field.widget.attrs["autocomplete"] = PURPOSES[name] if own else "off"
