"""Writes of the places app: import from the national standard, local corrections.

An import reads a CSV or JSON file in the standard (``places/standard.py``), keeps the rows
of one commune (by INSEE code or by name), validates them with frictionless against the
Table Schema, and creates or updates places by the standard's ``id``. An invalid row is
reported with its line and field, in French, and skipped; the other rows are imported.
"""

import csv
import datetime
import io
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.services import audit_record

from . import audit_actions, standard
from .models import Place
from .validation import RowProblem, validate_rows

# The standard's columns stored as they are (``id`` goes to ``standard_id``).
_COPIED = [name for name in standard.field_names() if name != "id"]
# At most this many bytes are read from an uploaded or downloaded file (the national export
# of ~19,000 places is about 25 MB).
MAX_IMPORT_BYTES = 60 * 1024 * 1024


@dataclass
class ImportReport:
    """What an import did: counts, the rows it skipped and why (French messages)."""

    rows_read: int = 0
    other_communes: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len({problem.line for problem in self.problems})

    def summary(self) -> str:
        """One French sentence with the counts."""
        return _(
            "%(read)s lignes lues, %(other)s d’une autre commune ; %(created)s lieux créés, "
            "%(updated)s mis à jour, %(unchanged)s inchangés, %(kept)s gardés tels que corrigés "
            "localement ; %(skipped)s lignes écartées."
        ) % {
            "read": self.rows_read,
            "other": self.other_communes,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept": self.kept_local,
            "skipped": self.skipped,
        }


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a commune name (« Roubaix » = « ROUBAIX »)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def read_rows(*, content: bytes, filename: str = "") -> list[dict]:
    """The records of a CSV or JSON file in the standard, as ``{column: text}`` dicts.

    JSON: a list of records, or an object whose ``data`` (or ``lieux``) is that list. CSV:
    UTF-8 (with or without BOM), comma-separated, header on the first line (the standard's
    file format); a semicolon-separated file is accepted too. Raises ``ValidationError``
    (French) for a file that is neither.
    """
    text_start = content.lstrip()[:1]
    if filename.lower().endswith(".json") or text_start in (b"[", b"{"):
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ValidationError(
                _("Ce fichier JSON est illisible : %(error)s.") % {"error": error}
            ) from error
        if isinstance(data, dict):
            data = data.get("data", data.get("lieux"))
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ValidationError(_("Le fichier JSON doit contenir une liste de lieux."))
        return [{key: "" if value is None else str(value) for key, value in item.items()} for item in data]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("Le fichier CSV doit être encodé en UTF-8.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise ValidationError(
            _("La première ligne du fichier doit nommer les colonnes du standard (dont « id »).")
        )
    return [{key: value or "" for key, value in row.items() if key is not None} for row in reader]


def _in_commune(row: dict, *, commune: str, insee: str) -> bool:
    if not commune and not insee:
        return True
    if insee and row.get("code_insee", "").strip():
        return row["code_insee"].strip() == insee
    return bool(commune) and _fold(row.get("commune", "")) == _fold(commune)


def _values(row: dict) -> dict:
    """A valid row's columns as ``Place`` field values."""
    values = {}
    for name in _COPIED:
        raw = (row.get(name) or "").strip()
        if name in ("latitude", "longitude"):
            values[name] = Decimal(raw).quantize(Decimal("0.000001")) if raw else None
        elif name == "date_maj":
            values[name] = datetime.date.fromisoformat(raw)
        else:
            values[name] = raw
    return values


@transaction.atomic
def places_import(*, rows: list[dict], commune: str = "", insee: str = "", actor=None) -> ImportReport:
    """Import ``rows`` (``read_rows``) of one commune; return what was done.

    Rows of another commune (``insee`` compared with ``code_insee``, else ``commune`` by name,
    accents and case aside) are counted and left out. The others are validated against the
    standard's Table Schema (frictionless): an invalid row is reported (line numbers count
    the header as line 1, as in the CSV file) and skipped. A valid row updates the place of
    the same ``id``, or creates one; a place corrected locally (``edited_locally``) is kept
    as it is unless the row's ``date_maj`` is later than the place's. ``neighbourhood``,
    ``how_to_get_there`` and the links to editions and axes are ours and never touched.
    """
    report = ImportReport(rows_read=len(rows))
    numbered = []
    for line, row in enumerate(rows, start=2):
        if _in_commune(row, commune=commune, insee=insee):
            numbered.append((line, row))
        else:
            report.other_communes += 1
    extra = sorted({key for _line, row in numbered for key in row} - set(standard.field_names()))
    if extra:
        report.notes.append(
            _("Colonnes hors du standard ignorées : %(columns)s.") % {"columns": ", ".join(extra)}
        )
    report.problems = validate_rows(numbered)
    invalid = {problem.line for problem in report.problems}
    existing = {
        p.standard_id: p for p in Place.objects.filter(standard_id__in=[r.get("id") for _l, r in numbered])
    }
    for line, row in numbered:
        if line in invalid:
            continue
        values = _values(row)
        place = existing.get(row["id"].strip())
        if place is None:
            place = Place.objects.create(standard_id=row["id"].strip(), **values)
            existing[place.standard_id] = place
            report.created += 1
            continue
        if place.edited_locally and values["date_maj"] <= place.date_maj:
            report.kept_local += 1
            continue
        changed = [name for name, value in values.items() if getattr(place, name) != value]
        if not changed and not place.edited_locally:
            report.unchanged += 1
            continue
        for name in changed:
            setattr(place, name, values[name])
        place.edited_locally = False
        place.save()
        report.updated += 1
    if actor is not None:
        audit_record(actor=actor, action=audit_actions.IMPORTED, changes={"résumé": ["", report.summary()]})
    return report


def place_fields_from_form(cleaned_data: dict) -> dict:
    """Form values (lists for multi-value fields) as ``Place`` field values (``"A|B"``)."""
    return {
        name: standard.join_values(value) if isinstance(value, list | tuple) else value
        for name, value in cleaned_data.items()
    }


@transaction.atomic
def place_save(*, place: Place, values: dict, editions=None, workstreams=None, actor) -> Place:
    """Save a staff member's correction of ``place``: it is marked as corrected locally.

    ``date_maj`` becomes today (the standard's « date de mise à jour »), so the export tells
    the national cartography that this version is the newer one. Raises ``ValidationError``.
    """
    for name, value in values.items():
        setattr(place, name, value)
    place.edited_locally = True
    place.date_maj = timezone.localdate()
    place.full_clean()
    from .selectors import place_record

    problems = validate_rows([(2, place_record(place))])
    if problems:
        raise ValidationError([problem.message for problem in problems])
    place.save()
    if editions is not None:
        place.editions.set(editions)
    if workstreams is not None:
        place.workstreams.set(workstreams)
    audit_record(actor=actor, action=audit_actions.PLACE_SAVED, about=place)
    # The corrected fiche is rendered ahead of its first download (about a second).
    from . import tasks

    tasks.render_fiche_pdf.delay_on_commit(place.pk)
    return place
