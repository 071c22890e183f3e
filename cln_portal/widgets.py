"""Form widgets shared by the apps."""

import datetime
import re

from django import forms

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDateInput(forms.DateInput):
    """``<input type="date">``, whose value must be a date written YYYY-MM-DD (HTML's rule).

    A browser without a date picker lets a person type « 31/02/2026 »; the form refuses it
    with a message, and the field comes back empty rather than with a value the HTML
    standard forbids there (the Nu checker flags it, and browsers drop it anyway).
    """

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value) -> str | None:
        if isinstance(value, str) and not _ISO_DAY.fullmatch(value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        return super().format_value(value)
