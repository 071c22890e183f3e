"""The demo budget loaded by ``seed_demo``: the 2025 budget primitif of a city of ~100,000
inhabitants in the SCDL « budget » schema, whose expenses total 229,51 M€ as the seed says.

The file's lines are invented for the demonstration (only the total comes from the seed);
the tags, explanations and pinned questions below are what staff would enter. Idempotent:
the file is imported once (found by its name), tags and explanations are set in place.
"""

from pathlib import Path

from django.conf import settings

from workstreams.models import Question

from .models import Budget, DigitalCategory
from .services import budget_import, digital_groups

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "budget-primitif-2025.csv"
DSI = "Direction des systèmes d’information"
EDUCATION = "Direction de l’éducation"
SOLIDARITIES = "Direction des solidarités et de la politique de la ville"
COMMUNICATION = "Direction de la communication"
CULTURE = "Direction de la culture"
HR = "Direction des ressources humaines"

# (account, function) → (category, service): the digital lines of the demo file.
TAGS = {
    ("6156", "020"): (DigitalCategory.SOFTWARE, DSI),
    ("6262", "020"): (DigitalCategory.INFRASTRUCTURE, DSI),
    ("611", "020"): (DigitalCategory.INFRASTRUCTURE, DSI),
    ("611", "023"): (DigitalCategory.ONLINE, COMMUNICATION),
    ("6156", "321"): (DigitalCategory.ONLINE, CULTURE),
    ("6184", "020"): (DigitalCategory.ADMINISTRATION, HR),
    ("6218", "52"): (DigitalCategory.INCLUSION, SOLIDARITIES),
    ("6574", "52"): (DigitalCategory.INCLUSION, SOLIDARITIES),
    ("64131", "425"): (DigitalCategory.INCLUSION, SOLIDARITIES),
    ("6156", "212"): (DigitalCategory.SCHOOLS, EDUCATION),
    ("2183", "212"): (DigitalCategory.SCHOOLS, EDUCATION),
    ("2051", "020"): (DigitalCategory.SOFTWARE, DSI),
    ("2183", "020"): (DigitalCategory.INFRASTRUCTURE, DSI),
    ("21538", "020"): (DigitalCategory.INFRASTRUCTURE, DSI),
}

# category → (explanation, beginnings of the axis questions the group answers).
EXPLANATIONS = {
    DigitalCategory.INFRASTRUCTURE: (
        "Les réseaux, les télécommunications, l’hébergement des serveurs et les postes de travail des agents : "
        "ce qui fait fonctionner les services au quotidien.",
        ["Quelle part est spécifiquement dédiée au fonctionnement de la Direction"],
    ),
    DigitalCategory.SOFTWARE: (
        "Les licences et la maintenance des logiciels métiers (état civil, finances, ressources humaines…).",
        ["Qu’englobe exactement le « numérique municipal »"],
    ),
    DigitalCategory.ONLINE: (
        "Le site internet de la Ville, ses démarches en ligne et le portail des médiathèques.",
        ["Quels sont les sites web et applications numériques financés par la Ville"],
    ),
    DigitalCategory.INCLUSION: (
        "Les écrivains publics, les conseillers numériques et les associations de médiation numérique "
        "soutenues au titre du Contrat de ville et des solidarités.",
        [
            "Quel est le budget consacré à l’inclusion numérique",
            "Quel est le budget dédié aux écrivains publics",
            "Quelles sont les enveloppes budgétaires allouées aux actions financées par le Contrat de ville",
        ],
    ),
    DigitalCategory.SCHOOLS: (
        "L’équipement numérique des écoles (tableaux, classes mobiles) et l’espace numérique de travail.",
        [],
    ),
    DigitalCategory.ADMINISTRATION: ("La formation des agents aux outils numériques.", []),
}


def load(*, seed=None) -> Budget:
    """Import the demo file once, tag its digital lines, explain the groups and pin questions."""
    budget = Budget.objects.filter(file_name=DEMO_FILE.name).first()
    if budget is None:
        with DEMO_FILE.open("rb") as file:
            budget = budget_import(file=file, file_name=DEMO_FILE.name).budget
    for line in budget.lines.filter(flow="dépense"):
        category, service = TAGS.get((line.account, line.function), ("", ""))
        wanted = (bool(category), str(category), service)
        if (line.is_digital, line.category, line.service) != wanted:
            line.is_digital, line.category, line.service = wanted
            line.save(update_fields=["is_digital", "category", "service"])
    questions = Question.objects.filter(workstream__slug=settings.BUDGET_WORKSTREAM_SLUG)
    for group in digital_groups():
        explanation, texts = EXPLANATIONS[group.category]
        if group.explanation != explanation:
            group.explanation = explanation
            group.save(update_fields=["explanation"])
        wanted_questions = {q.pk for q in questions if any(q.text.startswith(text) for text in texts)}
        if set(group.questions.values_list("pk", flat=True)) != wanted_questions:
            group.questions.set(wanted_questions)
    return budget
