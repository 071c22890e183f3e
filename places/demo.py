"""Demo places for the seed's city (Roubaix), registered with ``cln_portal.demo``.

Invented records in the standard's shape (``id`` starting with ``demo-``, source
« Démonstration »): the addresses are the seed's venues and plausible streets, the SIRETs
are not real. They are linked to PDIN edition #1 (« recenser l’offre de médiation
numérique ») and to the health axis, so the crawl reaches every page of the app.
"""

import datetime

from pdin.models import Edition
from workstreams.models import Workstream

from .models import Place

HEALTH_AXIS = "inclusion-numerique-sante"

PLACES = [
    {
        "standard_id": "demo-roubaix-grand-plage",
        "pivot": "21590512800011",
        "nom": "Médiathèque La Grand-Plage – espace numérique",
        "adresse": "2 rue Pierre Motte",
        "latitude": "50.690470",
        "longitude": "3.178210",
        "telephone": "+33320000101",
        "courriels": "numerique@grand-plage.example.org",
        "site_web": "https://www.example.org/grand-plage",
        "horaires": "Tu-Fr 13:00-18:00; Sa 10:00-18:00; PH off",
        "presentation_resume": "Postes en accès libre, ateliers d’initiation et aide aux démarches en ligne.",
        "services": "Accès internet et matériel informatique|Maîtrise des outils numériques du quotidien|"
        "Aide aux démarches administratives",
        "publics_specifiquement_adresses": "Seniors",
        "prise_en_charge_specifique": "Surdité|Déficience visuelle",
        "frais_a_charge": "Gratuit",
        "modalites_acces": "Se présenter|Téléphoner",
        "modalites_accompagnement": "En autonomie|Dans un atelier collectif",
        "fiche_acces_libre": "https://acceslibre.beta.gouv.fr/app/59-roubaix/a/bibliotheque-mediatheque/erp/demo-grand-plage/",
        "neighbourhood": "Centre",
        "how_to_get_there": "Métro ligne 2, station Grand-Place (5 minutes à pied).",
        "date_maj": datetime.date(2026, 9, 15),
        "itinerance": "Fixe",
    },
    {
        "standard_id": "demo-roubaix-france-services",
        "pivot": "21590512800029",
        "nom": "France Services de Roubaix",
        "adresse": "17 Grand’Place",
        "latitude": "50.690900",
        "longitude": "3.181600",
        "telephone": "+33320000102",
        "courriels": "franceservices@example.org",
        "horaires": "Mo-Fr 08:30-12:00,13:30-17:00; PH off",
        "presentation_resume": "Accompagnement aux démarches (CAF, impôts, santé, retraite) sur rendez-vous ou sans.",
        "services": "Aide aux démarches administratives|Utilisation sécurisée du numérique",
        "prise_en_charge_specifique": "Langues étrangères (anglais)|Illettrisme",
        "frais_a_charge": "Gratuit",
        "dispositif_programmes_nationaux": "France Services|Aidants Connect",
        "modalites_acces": "Se présenter|Téléphoner|Prendre un RDV en ligne",
        "modalites_accompagnement": "Accompagnement individuel",
        "prise_rdv": "https://www.rdv-solidarites.fr/",
        "neighbourhood": "Centre",
        "how_to_get_there": "Métro ligne 2, station Grand-Place ; accès de plain-pied.",
        "date_maj": datetime.date(2026, 6, 2),
        "itinerance": "Fixe",
    },
    {
        "standard_id": "demo-roubaix-4-quartiers",
        "pivot": "44930000000037",
        "nom": "Centre social des 4 Quartiers – point numérique",
        "adresse": "30 rue de l’Ouest",
        "latitude": "50.687300",
        "longitude": "3.165900",
        "telephone": "+33320000103",
        "horaires": "Mo,We,Fr 14:00-17:30; PH off",
        "presentation_resume": "Permanences avec un conseiller numérique, ateliers parents-enfants.",
        "services": "Maîtrise des outils numériques du quotidien|Parentalité et éducation avec le numérique|"
        "Aide aux démarches administratives",
        "publics_specifiquement_adresses": "Familles et/ou enfants",
        "prise_en_charge_specifique": "Langues étrangères (autres)|Illettrisme",
        "frais_a_charge": "Gratuit sous condition",
        "dispositif_programmes_nationaux": "Conseillers numériques",
        "modalites_acces": "Téléphoner|Envoyer un mail avec une fiche de prescription",
        "modalites_accompagnement": "Accompagnement individuel|Dans un atelier collectif",
        "neighbourhood": "Quatre Quartiers",
        "how_to_get_there": "Bus ligne 32, arrêt Ouest.",
        "date_maj": datetime.date(2025, 11, 20),
        "itinerance": "Fixe",
    },
    {
        "standard_id": "demo-roubaix-condition-publique",
        "pivot": "44930000000045",
        "nom": "La Condition Publique – atelier de réemploi",
        "adresse": "14 place Faidherbe",
        "latitude": "50.682600",
        "longitude": "3.169000",
        "horaires": "We 14:00-18:00; Sa 10:00-13:00",
        "presentation_resume": "Ordinateurs reconditionnés à prix solidaire et initiation à leur prise en main.",
        "services": "Acquisition de matériel informatique à prix solidaire|Loisirs et créations numériques",
        "frais_a_charge": "Payant",
        "modalites_acces": "Se présenter",
        "modalites_accompagnement": "Dans un atelier collectif",
        "neighbourhood": "Épeule",
        "how_to_get_there": "Métro ligne 2, station Épeule-Montesquieu.",
        "date_maj": datetime.date(2026, 2, 10),
        "itinerance": "Fixe",
    },
]


def load(*, seed=None) -> None:
    """Create or update the demo places and their links (idempotent)."""
    health_axis = Workstream.objects.filter(slug=HEALTH_AXIS).first()
    first_edition = Edition.objects.filter(series__slug="pdin", number=1).first()
    for values in PLACES:
        values = {
            "commune": "Roubaix",
            "code_postal": "59100",
            "code_insee": "59512",
            "source": "Démonstration",
            **values,
        }
        place, _ = Place.objects.update_or_create(standard_id=values.pop("standard_id"), defaults=values)
        if health_axis is not None and "Aide aux démarches administratives" in place.services_list:
            place.workstreams.add(health_axis)
        if first_edition is not None:
            place.editions.add(first_edition)
