"""Reads of the places app: the public list with its filters, the open-data export."""

import csv
import datetime
import io

from django.db.models import Q, QuerySet

from cln_portal.compiled import CompiledQuery

from . import opening, standard
from .models import Place
from .validation import validate_rows


def has_value(field: str, value: str) -> Q:
    """Places whose multi-value ``field`` (``"A|B|C"``) holds exactly ``value``."""
    sep = standard.SEPARATOR
    return (
        Q(**{field: value})
        | Q(**{f"{field}__startswith": value + sep})
        | Q(**{f"{field}__endswith": sep + value})
        | Q(**{f"{field}__contains": sep + value + sep})
    )


# Filter parameter → multi-value column it filters.
FILTERS = {
    "service": "services",
    "prise_en_charge": "prise_en_charge_specifique",
    "frais": "frais_a_charge",
    "acces": "modalites_acces",
}


def places_list(
    *, filters: dict | None = None, open_now: bool = False, at: datetime.datetime | None = None
) -> list[Place]:
    """The places matching ``filters`` (keys of ``FILTERS`` and ``quartier``), by name; one query.

    ``open_now`` keeps the places open at ``at`` (default: now) according to their
    ``horaires``; each place's ``open_now`` attribute is set (True, False or None: unknown),
    and ``open_status``, the sentence that says so in the active language
    (``opening.status_display``).
    """
    queryset: QuerySet = Place.objects.all()
    for key, column in FILTERS.items():
        value = (filters or {}).get(key)
        if value:
            queryset = queryset.filter(has_value(column, value))
    neighbourhood = (filters or {}).get("quartier")
    if neighbourhood:
        queryset = queryset.filter(neighbourhood=neighbourhood)
    places = list(queryset)
    for place in places:
        place.open_now = opening.is_open(place.horaires, at)
        place.open_status = opening.status_display(place.horaires, at)
    if open_now:
        places = [place for place in places if place.open_now]
    return places


def neighbourhoods() -> list[str]:
    """The neighbourhoods that have places, in alphabetical order."""
    return list(
        Place.objects.exclude(neighbourhood="")
        .order_by("neighbourhood")
        .values_list("neighbourhood", flat=True)
        .distinct()
    )


def place_record(place: Place) -> dict:
    """A place as one row of the standard (``{column: text}``)."""
    record = {}
    for name in standard.field_names():
        value = place.standard_id if name == "id" else getattr(place, name)
        if value is None:
            value = ""
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        record[name] = str(value)
    return record


def places_csv() -> tuple[str, list]:
    """All places as a CSV in the standard, and the problems frictionless finds in it.

    The CSV follows the standard's file format: UTF-8, comma, header with every column in
    the schema's order, ``|`` between the values of a multi-value cell. The caller serves
    it only when the problem list is empty. Cells are not prefixed against spreadsheet
    formulas (as ``pdin.opendata`` does): the standard's telephone starts with « + », and a
    prefixed file would no longer be in the standard.
    """
    records = [place_record(place) for place in Place.objects.order_by("standard_id")]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=standard.field_names(), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    problems = validate_rows(list(enumerate(records, start=2)))
    return buffer.getvalue(), problems


# What a page linked to places prints of each (``places/_linked_places.html``).
LINKED_PLACE_FIELDS = ("nom", "adresse", "complement_adresse", "code_postal", "commune")
# Compiled once per process (cln_portal/compiled.py): the related manager's query was the
# costliest part of the edition page after issue 17's other work.
_LINKED = {
    "edition": CompiledQuery(
        lambda pk: Place.objects.filter(editions__id=pk).only(*LINKED_PLACE_FIELDS), pk=int
    ),
    "workstream": CompiledQuery(
        lambda pk: Place.objects.filter(workstreams__id=pk).only(*LINKED_PLACE_FIELDS), pk=int
    ),
}


def places_linked_to(record) -> list[Place]:
    """The places linked to ``record``, a PDIN edition or a work axis, by name (one query).

    Raises ``KeyError`` for a record of another model.
    """
    return _LINKED[record._meta.model_name].list(pk=record.pk)
