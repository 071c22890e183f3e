"""Open data of the programme: ``editions.csv`` / ``editions.json``, and an OpenAgenda export.

Licence Ouverte 2.0 (Etalab), the French public-sector default. The schema of each field
is ``FIELDS`` below and is printed on the ``/donnees/`` page. Demonstration editions are
left out. Dates keep their precision: "2022-09" for a month, "2026-02-13" for a day,
"2025-01-17/2025-01-31" (an ISO 8601 interval) for a range.
"""

import csv
import datetime
import io

from django.utils.translation import gettext_lazy as _

from cln_portal.dates import DatePrecision
from cln_portal.links import absolute_url
from cln_portal.schedule import due_at

from .models import Edition

LICENCE = {
    "name": "Licence Ouverte / Open Licence version 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

# (field, type, description): the schema of editions.csv and editions.json, in column order.
FIELDS = [
    (
        "serie",
        "texte",
        _("Identifiant de la série d’événements : « pdin », « cafes-ia »…"),
    ),
    ("numero", "entier", _("Numéro de l’édition dans sa série.")),
    ("titre", "texte", _("Titre (thème) de l’édition.")),
    ("sous_titre", "texte", _("Sous-titre, éventuellement vide.")),
    (
        "date",
        "texte (ISO 8601)",
        _(
            "Date à la précision connue : « AAAA-MM » pour un mois, "
            "« AAAA-MM-JJ » pour un jour, "
            "« AAAA-MM-JJ/AAAA-MM-JJ » pour une période ; vide si la date n’est pas fixée."
        ),
    ),
    ("precision_date", "texte", _("« mois », « jour » ou « periode ».")),
    ("heure_debut", "texte (HH:MM)", _("Heure de début, heure de Paris ; vide si inconnue.")),
    ("lieu", "texte", _("Nom du lieu.")),
    ("adresse", "texte", _("Adresse du lieu, code postal et ville.")),
    ("quartier", "texte", _("Quartier du lieu, éventuellement vide.")),
    ("theme", "texte", _("Thème de classement, éventuellement vide.")),
    (
        "participants",
        "entier",
        _("Nombre de participant·es une fois l’édition tenue ; vide si inconnu ou à venir."),
    ),
    ("url", "URL", _("Page de l’édition sur le portail.")),
]

_PRECISION = {DatePrecision.MONTH: "mois", DatePrecision.DAY: "jour", DatePrecision.RANGE: "periode"}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell that a spreadsheet would read as a formula gets a leading apostrophe (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def date_with_precision(edition: Edition) -> str:
    if edition.date is None:
        return ""
    if edition.date_precision == DatePrecision.MONTH:
        return edition.date.strftime("%Y-%m")
    if edition.date_precision == DatePrecision.RANGE and edition.date_end:
        return f"{edition.date.isoformat()}/{edition.date_end.isoformat()}"
    return edition.date.isoformat()


def edition_record(edition: Edition) -> dict:
    """One edition as an open-data record (keys of ``FIELDS``)."""
    venue = edition.venue
    return {
        "serie": edition.series.slug,
        "numero": edition.number,
        "titre": edition.title,
        "sous_titre": edition.subtitle,
        "date": date_with_precision(edition),
        "precision_date": _PRECISION.get(edition.date_precision, edition.date_precision),
        "heure_debut": edition.start_time.strftime("%H:%M") if edition.has_time else "",
        "lieu": venue.name if venue else "",
        "adresse": venue.full_address if venue else "",
        "quartier": venue.neighbourhood if venue else "",
        "theme": edition.theme.name if edition.theme else "",
        "participants": edition.participants_count,
        "url": absolute_url(edition.get_absolute_url()),
    }


def editions_csv(editions) -> str:
    """CSV (RFC 4180, comma, UTF-8 without BOM, header row), cells neutralised against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _type, _doc in FIELDS])
    for edition in editions:
        record = edition_record(edition)
        writer.writerow(
            ["" if record[name] is None else neutralise(record[name]) for name, _type, _doc in FIELDS]
        )
    return buffer.getvalue()


def editions_json(editions) -> dict:
    """``{"licence": …, "schema": [...], "editions": [records]}``; numbers as JSON numbers."""
    return {
        "licence": LICENCE,
        "schema": [{"name": name, "type": kind, "description": str(doc)} for name, kind, doc in FIELDS],
        "editions": [edition_record(edition) for edition in editions],
    }


def _timings(edition: Edition) -> list[dict]:
    """OpenAgenda's ``timings``: one ``{begin, end}`` per day, ISO 8601 with the Paris offset."""
    if edition.has_time:
        return [{"begin": edition.starts_at.isoformat(), "end": edition.ends_at.isoformat()}]
    timings = []
    day = edition.date
    while day <= edition.date_last_day:
        begin = due_at(day=day, at=datetime.time(0, 0))
        end = due_at(day=day, at=datetime.time(23, 59))
        timings.append({"begin": begin.isoformat(), "end": end.isoformat()})
        day += datetime.timedelta(days=1)
    return timings


def openagenda_json(editions) -> dict:
    """The editions with a day, as OpenAgenda event import fields (multilingual ``fr`` values).

    Fields: ``uid`` (ours, stable), ``title``, ``description`` (≤ 200 characters, as
    OpenAgenda requires), ``longDescription``, ``keywords``, ``timings``, ``location``
    (``name``, ``address``, ``postalCode``, ``city``), ``conditions``, ``registration``,
    ``attendanceMode`` (1 = on site), ``links``. Month-only editions have no timings and are
    left out.
    """
    events = []
    for edition in editions:
        if edition.date is None or edition.date_precision == DatePrecision.MONTH:
            continue
        url = absolute_url(edition.get_absolute_url())
        venue = edition.venue
        description = edition.subtitle or edition.title
        event = {
            "uid": f"pdin-edition-{edition.pk}",
            "title": {"fr": f"{edition.label} – {edition.title}"[:140]},
            "description": {"fr": description[:200]},
            "longDescription": {"fr": edition.description or description},
            "keywords": {
                "fr": [k for k in [edition.series.name, edition.theme.name if edition.theme else ""] if k]
            },
            "timings": _timings(edition),
            "conditions": {"fr": "Gratuit, sur inscription" if edition.capacity else "Gratuit"},
            "registration": [{"type": "link", "value": url + "#inscription"}] if edition.capacity else [],
            "attendanceMode": 1,
            "links": [{"link": url}],
        }
        if venue:
            event["location"] = {
                "name": venue.name,
                "address": venue.full_address,
                "postalCode": venue.postal_code,
                "city": venue.city,
                "countryCode": "FR",
            }
        events.append(event)
    return {"licence": LICENCE, "events": events}
