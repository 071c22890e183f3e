"""The national standard of digital-mediation places (« standard-mediation-num », LaMednum).

The Table Schema is ``schemas/mediation-num-1.0.1.json`` (its source and version are in it):
field names, types, required fields, patterns and value lists. Multi-value fields hold their
values separated by ``|``, as the schema's patterns say. This module reads the value lists
from that file so that the forms, the filters and the validation never drift apart.
"""

import json
from functools import cache
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "mediation-num-1.0.1.json"
SEPARATOR = "|"


@cache
def schema_descriptor() -> dict:
    """The Table Schema as a dict (read once)."""
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


def field_names() -> list[str]:
    """The standard's columns, in the schema's order (the export's header)."""
    return [field["name"] for field in schema_descriptor()["fields"]]


def field_values(name: str) -> list[str]:
    """The closed list of values of a multi-value field (``services``, ``frais_a_charge``…)."""
    for field in schema_descriptor()["fields"]:
        if field["name"] == name:
            return list(field.get("enumValues", []))
    raise KeyError(name)


def field_title(name: str) -> str:
    """The field's French title in the schema (« Prise en charge spécifique »)."""
    for field in schema_descriptor()["fields"]:
        if field["name"] == name:
            return field.get("title", name)
    return name


def split_values(text: str) -> list[str]:
    """``"A|B"`` → ``["A", "B"]``; empty parts dropped."""
    return [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]


def join_values(values) -> str:
    """``["A", "B"]`` → ``"A|B"``."""
    return SEPARATOR.join(value for value in values if value)


def choices(name: str) -> list[tuple[str, str]]:
    """Form choices for a closed multi-value field: the standard's values are their own labels."""
    return [(value, value) for value in field_values(name)]
