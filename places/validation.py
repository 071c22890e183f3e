"""Validation of rows against the standard's Table Schema, with frictionless.

Every import and every export goes through ``validate_rows``: frictionless checks types,
required fields, patterns (the closed value lists), lengths and the uniqueness of ``id``;
each error becomes a ``RowProblem`` with the file's line, the field and a French message.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import standard


@dataclass(frozen=True)
class RowProblem:
    """One invalid cell: ``line`` of the file (the header is line 1), ``field`` (column), French ``message``."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("Ligne %(line)s, champ « %(field)s » : %(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


def _schema():
    # Imported here: frictionless takes seconds to import, and only imports and exports need it.
    from frictionless import Schema

    descriptor = {
        key: value
        for key, value in standard.schema_descriptor().items()
        if key in ("fields", "primaryKey", "missingValues")
    }
    # "enumValues" is ours (the list each pattern is built from): frictionless needs only the pattern.
    descriptor["fields"] = [
        {key: value for key, value in field.items() if key != "enumValues"} for field in descriptor["fields"]
    ]
    return Schema.from_descriptor(descriptor)


def _message(error, value: str) -> str:
    """A French message for one frictionless error on ``value``."""
    field_name = getattr(error, "field_name", "") or ""
    note = getattr(error, "note", "") or ""
    if error.type == "constraint-error" and '"required"' in note:
        return _("valeur obligatoire manquante.")
    if error.type == "constraint-error" and '"pattern"' in note:
        allowed = standard.field_values(field_name) if field_name in _closed_fields() else []
        if allowed:
            unknown = [v for v in standard.split_values(value) if v not in allowed] or [value]
            return _("« %(values)s » ne fait pas partie des valeurs du standard (séparées par « | »).") % {
                "values": " | ".join(unknown)
            }
        pattern = re.search(r'"pattern" is "(.*)"', note)
        return _("« %(value)s » ne suit pas le format du standard (%(pattern)s).") % {
            "value": value,
            "pattern": pattern.group(1) if pattern else "",
        }
    if error.type == "constraint-error" and '"maxLength"' in note:
        return _("texte trop long (%(count)s caractères).") % {"count": len(value)}
    if error.type in ("unique-error", "primary-key"):
        return _("identifiant « %(value)s » déjà présent plus haut dans le fichier.") % {"value": value}
    if error.type == "type-error":
        kind = {"number": _("un nombre (point décimal)"), "date": _("une date AAAA-MM-JJ")}.get(
            _field_type(field_name), _("une valeur du bon type")
        )
        return _("« %(value)s » n’est pas %(kind)s.") % {"value": value, "kind": kind}
    return _("valeur refusée par le standard (%(note)s).") % {"note": note or error.type}


def _closed_fields() -> set[str]:
    return {f["name"] for f in standard.schema_descriptor()["fields"] if f.get("enumValues")}


def _field_type(name: str) -> str:
    for field in standard.schema_descriptor()["fields"]:
        if field["name"] == name:
            return field["type"]
    return "string"


def validate_rows(numbered: list[tuple[int, dict]]) -> list[RowProblem]:
    """The problems of ``numbered`` (``(line, {column: text})`` pairs), in line order.

    Missing columns count as empty cells (so a missing required column is reported on each
    row); columns outside the standard are not looked at.
    """
    if not numbered:
        return []
    from frictionless import Resource

    names = standard.field_names()
    table = [names] + [[(row.get(name) or "").strip() for name in names] for _line, row in numbered]
    resource = Resource(data=table, schema=_schema())
    report = resource.validate(limit_errors=100_000)
    problems = []
    for task in report.tasks:
        for error in task.errors:
            row_number = getattr(error, "row_number", None)
            if row_number is None:
                continue
            line, row = numbered[row_number - 2]
            field_name = getattr(error, "field_name", "") or "id"
            value = (row.get(field_name) or "").strip()
            problems.append(RowProblem(line=line, field=field_name, message=_message(error, value)))
    return sorted(problems, key=lambda p: (p.line, names.index(p.field) if p.field in names else 0))
