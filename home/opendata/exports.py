"""The open-data files: one record per row, CSV and JSON writers, and the list of datasets.

Each dataset's columns are the fields of its Table Schema (``schemas/<name>.json``), in
that order: the schema file is the one description of a file, served beside it and
checked by the tests with ``frictionless``. Values follow Table Schema's default formats:
dates ``AAAA-MM-JJ``, date-times ISO 8601 with the Paris offset, booleans ``true`` /
``false``, an empty cell for a missing value. CSV cells that a spreadsheet would run as a
formula get a leading apostrophe, as the PDIN editions' (``pdin.opendata.neutralise``).
"""

import csv
import datetime
import functools
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cln_portal.links import absolute_url
from pdin.opendata import LICENCE, neutralise

from . import selectors

SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"


@functools.cache
def schema(name: str) -> dict:
    """The Table Schema of dataset ``name`` (a dict read from ``schemas/<name>.json``)."""
    with (SCHEMAS_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def columns(name: str) -> list[str]:
    return [field["name"] for field in schema(name)["fields"]]


def _day(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def meeting_record(meeting) -> dict:
    """One sitting (``selectors.open_data_meetings``) as a row of ``seances``."""
    return {
        "identifiant": meeting.pk,
        "date": _day(meeting.starts_at),
        "heure_debut": timezone.localtime(meeting.starts_at).strftime("%H:%M"),
        "type": meeting.kind,
        "type_libelle": str(meeting.get_kind_display()),
        "intitule": meeting.title,
        "presents": meeting.n_present,
        "excuses": meeting.n_excused,
        "absents": meeting.n_absent,
        "quorum_requis": meeting.quorum_required,
        "quorum_atteint": meeting.quorum_reached,
        "compte_rendu_url": absolute_url(
            reverse("meetings:minutes_detail", args=[meeting.latest_public_minutes_id])
        ),
    }


def question_record(question) -> dict:
    """One public question as a row of ``questions`` (no person's name: services only)."""
    answered = question.answer.strip() != ""
    return {
        "identifiant": question.pk,
        "axe": question.workstream.title,
        "theme": question.theme.title if question.theme else "",
        "question": question.text,
        "etat": question.status,
        "seance_date": _day(question.raised_at.starts_at),
        "seance_identifiant": question.raised_at_id,
        "reponse": question.answer if answered else "",
        "service_reponse": question.answered_by_service if answered else "",
        "date_reponse": _date(question.answered_on) if answered else None,
        "seance_reponse_date": _day(question.answered_at_meeting.starts_at)
        if answered and question.answered_at_meeting
        else None,
    }


def opinion_record(referral) -> dict:
    """One adopted opinion as a row of ``avis``."""
    return {
        "identifiant": referral.slug,
        "intitule": referral.title,
        "nature": referral.kind,
        "saisi_par": referral.referred_by,
        "question_posee": referral.referral_question,
        "avis_attendu_le": _date(referral.opinion_due_on),
        "avis_adopte_le": _date(referral.opinion_adopted_on),
        "avis": referral.opinion_text,
        "pdf_sha256": referral.opinion_pdf_sha256 or None,
    }


def minutes_records(versions) -> list[dict]:
    """Public published versions as rows of ``comptes-rendus`` (``derniere_version`` per sitting)."""
    latest: dict[int, int] = {}
    for minutes in versions:
        latest[minutes.meeting_id] = max(latest.get(minutes.meeting_id, 0), minutes.version)
    return [
        {
            "identifiant": minutes.pk,
            "seance_identifiant": minutes.meeting_id,
            "seance_date": _day(minutes.meeting.starts_at),
            "titre": minutes.title,
            "version": minutes.version,
            "date_compte_rendu": _date(minutes.issued_on),
            "publie_le": timezone.localtime(minutes.published_at).isoformat(timespec="seconds")
            if minutes.published_at
            else None,
            "pdf_sha256": minutes.pdf_sha256 or None,
            "url": absolute_url(reverse("meetings:minutes_detail", args=[minutes.pk])),
            "pdf_url": absolute_url(reverse("meetings:minutes_pdf", args=[minutes.pk])),
            "derniere_version": minutes.version == latest[minutes.meeting_id],
        }
        for minutes in versions
    ]


@dataclass(frozen=True)
class Dataset:
    """One open-data file pair: ``name`` is the file stem and the schema's name."""

    name: str
    title: Promise
    description: Promise
    rows: Callable[[], list[dict]]
    # The day a row last changed, for the index page's "mise à jour"; None when unknown.
    updated: Callable[[list[dict]], str | None]


def _latest(*keys: str) -> Callable[[list[dict]], str | None]:
    def latest(rows: list[dict]) -> str | None:
        days = [str(row[key])[:10] for row in rows for key in keys if row.get(key)]
        return max(days) if days else None

    return latest


DATASETS = [
    Dataset(
        "seances",
        _("Séances du conseil"),
        _("Date, type, personnes présentes, excusées et absentes, quorum."),
        lambda: [meeting_record(m) for m in selectors.open_data_meetings()],
        _latest("date"),
    ),
    Dataset(
        "questions",
        _("Questions et réponses"),
        _("Questions posées en séance et réponses apportées par les services."),
        lambda: [question_record(q) for q in selectors.open_data_questions()],
        _latest("seance_date", "date_reponse"),
    ),
    Dataset(
        "avis",
        _("Avis rendus sur saisine"),
        _("Avis adoptés par le conseil sur les projets dont la municipalité l’a saisi."),
        lambda: [opinion_record(w) for w in selectors.open_data_opinions()],
        _latest("avis_adopte_le"),
    ),
    Dataset(
        "comptes-rendus",
        _("Versions publiées des comptes-rendus"),
        _("Chaque version publiée, avec l’empreinte SHA-256 de son PDF officiel et son adresse."),
        lambda: minutes_records(selectors.open_data_minutes()),
        _latest("publie_le", "date_compte_rendu"),
    ),
]

DATASETS_BY_NAME = {dataset.name: dataset for dataset in DATASETS}


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def to_csv(name: str, rows: list[dict]) -> str:
    """CSV (RFC 4180: comma, CRLF, quotes when needed; UTF-8 without BOM; a header row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = columns(name)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_cell(row[column]) for column in names])
    return buffer.getvalue()


def to_json(name: str, rows: list[dict]) -> dict:
    """``{"licence": …, "schema": <url>, "<name>": [rows]}``, as ``editions.json``; nulls for missing values."""
    return {
        "licence": LICENCE,
        "schema": absolute_url(reverse("home:open_data_schema", args=[name])),
        name: rows,
    }
