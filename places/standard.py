"""The national standard of digital-mediation places (« standard-mediation-num », LaMednum).

The Table Schema is ``schemas/mediation-num-1.0.1.json`` (its source and version are in it):
field names, types, required fields, patterns and value lists. Multi-value fields hold their
values separated by ``|``, as the schema's patterns say. This module reads the value lists
from that file so that the forms, the filters and the validation never drift apart.
"""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

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


# What a reader sees of the standard's values: a translated label (French typography, English
# on English pages). The stored, imported and exported values stay the schema's own text.
VALUE_LABELS = {
    # services
    "Aide aux démarches administratives": _("Aide aux démarches administratives"),
    "Maîtrise des outils numériques du quotidien": _("Maîtrise des outils numériques du quotidien"),
    "Insertion professionnelle via le numérique": _("Insertion professionnelle via le numérique"),
    "Utilisation sécurisée du numérique": _("Utilisation sécurisée du numérique"),
    "Parentalité et éducation avec le numérique": _("Parentalité et éducation avec le numérique"),
    "Loisirs et créations numériques": _("Loisirs et créations numériques"),
    "Compréhension du monde numérique": _("Compréhension du monde numérique"),
    "Accès internet et matériel informatique": _("Accès internet et matériel informatique"),
    "Acquisition de matériel informatique à prix solidaire": _(
        "Acquisition de matériel informatique à prix solidaire"
    ),
    # publics_specifiquement_adresses
    "Jeunes": _("Jeunes"),
    "Étudiants": _("Étudiants"),
    "Familles et/ou enfants": _("Familles et/ou enfants"),
    "Seniors": _("Seniors"),
    "Femmes": _("Femmes"),
    # prise_en_charge_specifique
    "Surdité": _("Surdité"),
    "Handicaps moteurs": _("Handicaps moteurs"),
    "Handicaps mentaux": _("Handicaps mentaux"),
    "Illettrisme": _("Illettrisme"),
    "Langues étrangères (anglais)": _("Langues étrangères (anglais)"),
    "Langues étrangères (autres)": _("Langues étrangères (autres)"),
    "Déficience visuelle": _("Déficience visuelle"),
    # frais_a_charge
    "Gratuit": _("Gratuit"),
    "Gratuit sous condition": _("Gratuit sous condition"),
    "Payant": _("Payant"),
    # modalites_acces
    "Se présenter": _("Se présenter"),
    "Téléphoner": _("Téléphoner"),
    "Contacter par mail": _("Contacter par e-mail"),
    "Prendre un RDV en ligne": _("Prendre un rendez-vous en ligne"),
    "Ce lieu n'accueille pas de public": _("Ce lieu n’accueille pas de public"),
    "Envoyer un mail avec une fiche de prescription": _("Envoyer un e-mail avec une fiche de prescription"),
    # modalites_accompagnement
    "En autonomie": _("En autonomie"),
    "Accompagnement individuel": _("Accompagnement individuel"),
    "Dans un atelier collectif": _("Dans un atelier collectif"),
    "À distance": _("À distance"),
}
# The fields whose values a page shows through VALUE_LABELS (tests check every value has one).
LABELLED_FIELDS = (
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "modalites_acces",
    "modalites_accompagnement",
)


def label(value: str) -> str:
    """The reader's label of one of the standard's values (the value itself if unknown)."""
    return str(VALUE_LABELS.get(value, value))


def choices(name: str) -> list[tuple[str, str]]:
    """Form choices for a closed multi-value field: the standard's value, its translated label."""
    return [(value, VALUE_LABELS.get(value, value)) for value in field_values(name)]
