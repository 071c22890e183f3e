"""CSV import of invitations: all rows or none, with a French message for each bad row.

The file has one person per line and the columns ``prénom``, ``nom``, ``e-mail``,
``secteur``, ``rôle``, ``début du mandat`` (header names are matched without case,
accents, spaces or hyphens; comma or semicolon separated; UTF-8 or Windows-1252, as a
spreadsheet saves it). Dates as ``15/01/2026`` or ``2026-01-15``.
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from cln_portal.markup import french_quotes

from .models import Role, Sector
from .services import email_taken, person_invite

MAX_BYTES = 1024 * 1024
MAX_ROWS = 500

# Canonical column → header spellings accepted (normalised: lower case, no accents, no separators).
COLUMNS = {
    "first_name": {"prenom", "firstname"},
    "last_name": {"nom", "nomdefamille", "lastname"},
    "email": {"email", "mail", "courriel", "adresseemail", "adressemail"},
    "sector": {"secteur", "sector"},
    "role": {"role"},
    "mandate_start": {"debutdumandat", "debutmandat", "datededebut", "debut", "mandatestart"},
}
COLUMN_LABELS = {
    "first_name": "prénom",
    "last_name": "nom",
    "email": "e-mail",
    "sector": "secteur",
    "role": "rôle",
    "mandate_start": "début du mandat",
}


def _norm(value: str) -> str:
    """Lower case, without accents, spaces, hyphens, dots, apostrophes or inclusive dots."""
    value = unicodedata.normalize("NFKD", value.strip().lower())
    value = "".join(c for c in value if not unicodedata.combining(c))
    return "".join(c for c in value if c.isalnum())


SECTORS = {_norm(str(label)): value for value, label in Sector.choices} | {
    value: value for value in Sector.values
}
ROLES = {
    **{_norm(str(label)): value for value, label in Role.choices},
    **{value: value for value in Role.values},
    "conseiller": Role.COUNCILLOR,
    "conseillere": Role.COUNCILLOR,
    "observateur": Role.OBSERVER,
    "observatrice": Role.OBSERVER,
    "observateurassocie": Role.OBSERVER,
    "observatriceassociee": Role.OBSERVER,
    "copresident": Role.CO_CHAIR,
    "copresidente": Role.CO_CHAIR,
    "chargedemission": Role.OFFICER,
    "chargeedemission": Role.OFFICER,
    "invite": Role.GUEST,
    "invitee": Role.GUEST,
}


@dataclass
class ImportRow:
    """One line of the file: its number (as a spreadsheet counts, header = 1), values, errors."""

    line: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """What the import did: ``file_errors`` (the file as a whole), ``rows``, and whether it was saved."""

    file_errors: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    imported: bool = False

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.bad_rows and bool(self.rows)


def _decode(data: bytes) -> str | None:
    if b"\x00" in data:
        return None  # binary: a spreadsheet, a PDF, an image
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _parse_date(value: str) -> datetime.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 (a date, not a time)
        except ValueError:
            continue
    return None


def invitations_parse(data: bytes, *, filename: str = "") -> ImportResult:
    """Read and check the whole file without saving anything."""
    result = ImportResult()
    if filename and not filename.lower().endswith((".csv", ".txt")):
        result.file_errors.append(
            _(
                "Le fichier « %(name)s » n’est pas un fichier CSV : enregistrez le tableau au format CSV (.csv)."
            )
            % {"name": filename}
        )
        return result
    if len(data) > MAX_BYTES:
        result.file_errors.append(
            _("Le fichier dépasse 1 Mo : importez au plus %(n)s personnes à la fois.") % {"n": MAX_ROWS}
        )
        return result
    text = _decode(data)
    if text is None:
        result.file_errors.append(
            _("Ce fichier n’est pas un fichier CSV lisible : enregistrez le tableau au format CSV (.csv).")
        )
        return result
    if not text.strip():
        result.file_errors.append(_("Le fichier est vide."))
        return result
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error:
        result.file_errors.append(_("Ce fichier n’est pas un fichier CSV lisible."))
        return result
    positions: dict[str, int] = {}
    unknown = []
    for index, name in enumerate(header):
        key = next((column for column, spellings in COLUMNS.items() if _norm(name) in spellings), None)
        if key is None:
            if name.strip():
                unknown.append(name.strip())
        elif key in positions:
            result.file_errors.append(
                _("La colonne « %(name)s » apparaît deux fois.") % {"name": name.strip()}
            )
        else:
            positions[key] = index
    missing = [COLUMN_LABELS[c] for c in COLUMNS if c not in positions]
    if missing:
        message = _(
            "Colonnes manquantes : %(missing)s. La première ligne doit nommer les colonnes %(expected)s."
        ) % {
            "missing": ", ".join(french_quotes(m) for m in missing),
            "expected": ", ".join(french_quotes(label) for label in COLUMN_LABELS.values()),
        }
        if unknown:
            message += " " + _("Colonnes inconnues : %(unknown)s.") % {
                "unknown": ", ".join(french_quotes(u) for u in unknown)
            }
        result.file_errors.append(message)
    if result.file_errors:
        return result
    seen: dict[str, int] = {}
    try:
        for line_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(result.rows) >= MAX_ROWS:
                result.file_errors.append(
                    _("Le fichier compte plus de %(n)s personnes : découpez-le.") % {"n": MAX_ROWS}
                )
                return result
            row = ImportRow(line=line_number)
            raw = {
                key: (cells[index].strip() if index < len(cells) else "") for key, index in positions.items()
            }
            row.values["raw"] = raw
            _check_row(row, raw, seen)
            result.rows.append(row)
    except csv.Error as error:
        result.file_errors.append(
            _("Ce fichier n’est pas un fichier CSV lisible (%(error)s).") % {"error": error}
        )
        return result
    if not result.rows:
        result.file_errors.append(_("Le fichier ne contient aucune personne après la ligne des titres."))
    return result


def _check_row(row: ImportRow, raw: dict, seen: dict[str, int]) -> None:
    for key in ("first_name", "last_name"):
        if not raw[key]:
            row.errors.append(_("Le %(column)s est vide.") % {"column": COLUMN_LABELS[key]})
        elif len(raw[key]) > 100:
            row.errors.append(_("Le %(column)s dépasse 100 caractères.") % {"column": COLUMN_LABELS[key]})
    row.values["first_name"], row.values["last_name"] = raw["first_name"], raw["last_name"]

    email = raw["email"].lower()
    row.values["email"] = email
    if not email:
        row.errors.append(_("L’adresse e-mail est vide."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(_("L’adresse e-mail « %(email)s » n’est pas valide.") % {"email": raw["email"]})
        else:
            if email in seen:
                row.errors.append(
                    _("L’adresse %(email)s figure déjà ligne %(line)s.")
                    % {"email": email, "line": seen[email]}
                )
            else:
                seen[email] = row.line
                problem = email_taken(email)
                if problem:
                    row.errors.append(problem)

    role = ROLES.get(_norm(raw["role"])) if raw["role"] else Role.COUNCILLOR
    row.values["role"] = role
    if role is None:
        row.errors.append(
            _(
                "Rôle inconnu « %(role)s » : écrivez conseiller·ère, observateur·rice associé·e, co-président·e, "
                "chargé·e de mission, responsable de service ou invité·e."
            )
            % {"role": raw["role"]}
        )

    sector = SECTORS.get(_norm(raw["sector"])) if raw["sector"] else ""
    row.values["sector"] = sector or ""
    if sector is None:
        row.errors.append(
            _("Secteur inconnu « %(sector)s » : écrivez Nord, Sud, Est, Ouest ou Centre.")
            % {"sector": raw["sector"]}
        )
    elif not sector and role == Role.COUNCILLOR:
        row.errors.append(_("Le secteur est vide : un·e conseiller·ère est tiré·e au sort dans un secteur."))

    start = None
    if raw["mandate_start"]:
        start = _parse_date(raw["mandate_start"])
        if start is None:
            row.errors.append(
                _("La date de début du mandat « %(value)s » n’est pas une date (écrivez-la 15/01/2026).")
                % {"value": raw["mandate_start"]}
            )
    elif role != Role.GUEST:
        row.errors.append(_("La date de début du mandat est vide."))
    row.values["mandate_start"] = start


@transaction.atomic
def invitations_import(*, actor, data: bytes, filename: str = "") -> ImportResult:
    """Check the file, then invite every person in it, or nobody if one row is wrong.

    Everything runs in one transaction: an error raised while saving (an address taken
    meanwhile) rolls back the rows already saved and is reported on its row.
    """
    result = invitations_parse(data, filename=filename)
    if not result.ok:
        return result
    savepoint = transaction.savepoint()
    for row in result.rows:
        try:
            person_invite(
                actor=actor,
                first_name=row.values["first_name"],
                last_name=row.values["last_name"],
                email=row.values["email"],
                role=row.values["role"],
                sector=row.values["sector"],
                mandate_start=row.values["mandate_start"],
            )
        except ValidationError as error:
            row.errors.extend(error.messages)
    if result.bad_rows:
        transaction.savepoint_rollback(savepoint)
        return result
    transaction.savepoint_commit(savepoint)
    result.imported = True
    return result
