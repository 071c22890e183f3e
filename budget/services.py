"""Writes of the budget app: import a SCDL « budget » file, tag the digital lines, explain the groups."""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import frictionless
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cln_portal.markup import french_quotes
from members.services import audit_record

from .audit_actions import BUDGET_GROUPS_SAVED, BUDGET_IMPORTED, BUDGET_LINES_TAGGED
from .models import Budget, BudgetLine, DigitalCategory, DigitalGroup

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "scdl-budget-0.8.1.json"
# Larger files are refused before reading (a city's file is a few thousand rows, < 2 Mo).
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class BudgetImportResult:
    """What an import did: the budget created (``None`` when nothing could be imported), the
    rows kept, and the rows skipped (``{"line", "field", "message"}``, in French)."""

    budget: Budget | None
    imported: int = 0
    errors: list[dict] = field(default_factory=list)


def _error_message(error) -> str:
    """A French sentence for one frictionless cell error."""
    cell = getattr(error, "cell", "")
    if error.type == "type-error":
        field_type = _SCHEMA_TYPES.get(getattr(error, "field_name", ""), "")
        return _("la valeur « %(value)s » n’est pas du type attendu (%(type)s).") % {
            "value": cell,
            "type": {
                "number": _("nombre, avec un point décimal"),
                "year": _("année sur quatre chiffres"),
            }.get(field_type, field_type),
        }
    if error.type == "constraint-error":
        constraints = (error.field_name and _SCHEMA_CONSTRAINTS.get(error.field_name)) or {}
        if "enum" in error.note and constraints.get("enum"):
            return _("la valeur « %(value)s » n’est pas admise (valeurs possibles : %(values)s).") % {
                "value": cell,
                "values": ", ".join(french_quotes(v) for v in constraints["enum"]),
            }
        if "required" in error.note:
            return _("la valeur est obligatoire.")
        if "pattern" in error.note:
            return _("la valeur « %(value)s » n’a pas la forme attendue (%(pattern)s).") % {
                "value": cell,
                "pattern": constraints.get("pattern", ""),
            }
        if "Length" in error.note:
            return _("la valeur « %(value)s » n’a pas la longueur attendue.") % {"value": cell}
    if error.type == "extra-cell":
        return _("la ligne a plus de cellules que l’en-tête.")
    if error.type == "missing-cell":
        return _("la ligne a moins de cellules que l’en-tête.")
    return _("la ligne ne respecte pas le schéma (%(type)s).") % {"type": error.type}


def _schema() -> frictionless.Schema:
    return frictionless.Schema.from_descriptor(str(SCHEMA_PATH))


_SCHEMA_CONSTRAINTS = {f.name: f.constraints for f in _schema().fields}
_SCHEMA_TYPES = {f.name: f.type for f in _schema().fields}


def _amount(row, stage: str) -> Decimal:
    """The line's amount in euros: realised for a compte administratif, voted otherwise."""
    value = row["BGT_MTREAL"] if stage == "compte administratif" else row["BGT_MTPREV"]
    return Decimal(value or 0).quantize(Decimal("0.01"))


@transaction.atomic
def budget_import(*, file: BinaryIO, file_name: str, actor=None) -> BudgetImportResult:
    """Import a SCDL « budget » CSV (schema 0.8.1, ``schemas/scdl-budget-0.8.1.json``).

    Every row is validated with frictionless against the schema; an invalid row is skipped and
    reported with its line (the header is line 1) and field, in French, and the others are
    kept. Staff's tags (digital, category, service) of the previous import of the same body
    are carried to the lines with the same section, flow, account, function and operation.

    Raises ``ValidationError`` (French) when the file cannot be read as that schema at all: not
    CSV, a missing column, no valid row, or rows of several bodies, years or steps.
    """
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            _("Le fichier dépasse 20 Mo : est-ce bien le budget d’une seule collectivité ?")
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Le fichier doit être un CSV encodé en UTF-8.")) from exc

    schema = _schema()
    rows, errors = [], []
    try:
        with frictionless.Resource(data, format="csv", encoding="utf-8", schema=schema) as resource:
            missing = [f.name for f in schema.fields if f.name not in (resource.labels or [])]
            if missing:
                raise ValidationError(
                    _("Ce fichier n’est pas au schéma SCDL « budget » : colonnes manquantes : %(columns)s.")
                    % {"columns": ", ".join(missing)}
                )
            for row in resource.row_stream:
                if row.valid:
                    rows.append((row.row_number, row.to_dict()))
                    continue
                for error in row.errors:
                    errors.append(
                        {
                            "line": row.row_number,
                            "field": getattr(error, "field_name", "") or "",
                            "message": _error_message(error),
                        }
                    )
    except frictionless.FrictionlessException as exc:
        raise ValidationError(
            _("Le fichier ne peut pas être lu comme un CSV au schéma SCDL « budget ».")
        ) from exc
    if not rows:
        raise ValidationError(_("Aucune ligne valide dans ce fichier : rien n’a été importé."))
    identities = {(r["BGT_SIRET"], r["BGT_ANNEE"], r["BGT_NATDEC"]) for _n, r in rows}
    if len(identities) > 1:
        raise ValidationError(
            _(
                "Le fichier mêle plusieurs collectivités, exercices ou étapes budgétaires : importez-les séparément."
            )
        )

    first = rows[0][1]
    previous = Budget.objects.filter(siret=first["BGT_SIRET"]).first()
    budget = Budget.objects.create(
        stage=first["BGT_NATDEC"],
        year=first["BGT_ANNEE"],
        siret=first["BGT_SIRET"],
        body_name=first["BGT_NOM"],
        file_name=file_name[:255],
        imported_by=actor,
        row_count=len(rows) + len({e["line"] for e in errors}),
        errors=errors,
    )
    lines = [
        BudgetLine(
            budget=budget,
            line_number=number,
            account=row["BGT_CONTNAT"],
            account_label=row["BGT_CONTNAT_LABEL"][:300],
            nature=row["BGT_NATURE"],
            nature_label=row["BGT_NATURE_LABEL"][:300],
            function=row["BGT_FONCTION"] or "",
            function_label=(row["BGT_FONCTION_LABEL"] or "")[:300],
            operation=(row["BGT_OPERATION"] or "")[:300],
            section=row["BGT_SECTION"],
            is_order=row["BGT_OPBUDG"] == "ordre",
            flow=row["BGT_CODRD"],
            amount=_amount(row, budget.stage),
        )
        for number, row in rows
    ]
    if previous is not None:
        tags = {
            line.tag_key: line
            for line in previous.lines.filter(is_digital=True).only(*_TAG_KEY_FIELDS, *_TAG_FIELDS)
        }
        for line in lines:
            tagged = tags.get(line.tag_key)
            if tagged is not None:
                for name in _TAG_FIELDS:
                    setattr(line, name, getattr(tagged, name))
    BudgetLine.objects.bulk_create(lines)
    audit_record(
        actor=actor,
        action=BUDGET_IMPORTED,
        about=budget,
        changes={"lignes": [None, len(lines)], "écartées": [None, len({e["line"] for e in errors})]},
    )
    return BudgetImportResult(budget=budget, imported=len(lines), errors=errors)


_TAG_FIELDS = ("is_digital", "category", "service")
_TAG_KEY_FIELDS = ("section", "flow", "account", "function", "operation")


@transaction.atomic
def budget_lines_tag(*, budget: Budget, tags: dict[int, dict], actor) -> int:
    """Save staff's tags on lines of ``budget``: ``{line pk: {"is_digital", "category", "service"}}``.

    A line not digital keeps no category; a digital line needs one (``ValidationError``
    otherwise, naming the line). Returns the number of lines changed; writes nothing and
    no audit row when nothing changed.
    """
    lines = {line.pk: line for line in budget.lines.filter(pk__in=tags)}
    changed = []
    for pk, values in tags.items():
        line = lines.get(pk)
        if line is None:
            continue
        is_digital = bool(values.get("is_digital"))
        category = values.get("category", "") if is_digital else ""
        service = (values.get("service") or "").strip()[:120]
        if is_digital and category not in DigitalCategory.values:
            raise ValidationError(
                _("Ligne %(line)s (%(label)s) : choisissez la catégorie de cette ligne numérique.")
                % {"line": line.line_number, "label": line.account_label}
            )
        if (line.is_digital, line.category, line.service) != (is_digital, category, service):
            line.is_digital, line.category, line.service = is_digital, category, service
            changed.append(line)
    if changed:
        BudgetLine.objects.bulk_update(changed, list(_TAG_FIELDS))
        audit_record(
            actor=actor,
            action=BUDGET_LINES_TAGGED,
            about=budget,
            changes={"lignes": [None, [line.line_number for line in changed]]},
        )
    return len(changed)


def digital_groups() -> list[DigitalGroup]:
    """One group per category, in the categories' order (created on first use)."""
    existing = {group.category: group for group in DigitalGroup.objects.all()}
    missing = [DigitalGroup(category=c) for c in DigitalCategory.values if c not in existing]
    if missing:
        DigitalGroup.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {group.category: group for group in DigitalGroup.objects.all()}
    return [existing[c] for c in DigitalCategory.values]


@transaction.atomic
def digital_group_save(*, group: DigitalGroup, explanation: str, questions, actor) -> bool:
    """Save a group's explanation and the questions it answers; ``False`` when nothing changed.

    ``questions``: ``workstreams.Question`` instances, already limited by the form to the
    budget axis's questions.
    """
    explanation = explanation.strip()
    wanted = {q.pk for q in questions}
    current = set(group.questions.values_list("pk", flat=True))
    if explanation == group.explanation and wanted == current:
        return False
    changes = {}
    if explanation != group.explanation:
        changes["explication"] = [group.explanation, explanation]
        group.explanation = explanation
        group.full_clean()
        group.save(update_fields=["explanation"])
    if wanted != current:
        changes["questions"] = [sorted(current), sorted(wanted)]
        group.questions.set(wanted)
    audit_record(actor=actor, action=BUDGET_GROUPS_SAVED, about=group, changes=changes)
    return True
