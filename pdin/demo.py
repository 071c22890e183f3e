"""Demo records of this app beyond the reference sitting, loaded by ``seed_demo``.

``load`` must be idempotent (find by natural key, save nothing unchanged) and must not
depend on other apps' demo loaders, which run in the order members, meetings,
workstreams, pdin.

What it adds: themes for the reference editions #1–#11 (so the programme filter has
something to filter), and a demonstration edition (``is_demo``) of the PDIN, dated four
weeks after the day ``seed_demo`` runs (a Friday, like #11), open for registration with
60 places, with a programme, so that registration can be tried. Run again on a later
day, the demonstration edition keeps its date while it is more than a week away, and is
moved four weeks ahead otherwise. It never falls on a fixed French public holiday (moved
a week later, see ``FIXED_PUBLIC_HOLIDAYS``) and is held at a venue of the reference data
that has a street address (``DEMO_VENUE``), so its map link points somewhere.

It adds four proposals of themes and venues from residents (``DEMO_PROPOSALS``): three
published, one signed with the resident's consent, and one waiting for moderation, so the
public proposals page, the support form and the staff's queue have something to show. One
published proposal has a long unbroken word and URL, as residents type them: the quality
crawl checks that the page still fits 320 px.

It also says how to get to the two venues of the town centre and how accessible they are
(``VENUE_PRACTICAL``), where staff have left these empty: demonstration text, for staff to
check and replace with what the venue itself states. The other venues stay empty, so the
demo shows what a page without them says (whom to call).
"""

import datetime

from django.utils import timezone

from cln_portal.dates import DatePrecision

from .models import (
    ContributorKind,
    Edition,
    EventSeries,
    Proposal,
    ProposalKind,
    ProposalPublication,
    SequenceKind,
    Theme,
    Venue,
)

DEMO_CAPACITY = 60
# (title, kind, why, name shown with consent or "", publication)
DEMO_PROPOSALS = (
    (
        "Un petit-déjeuner au centre social du quartier Nord",
        ProposalKind.VENUE,
        "Beaucoup d’habitant·es du quartier ne viennent pas jusqu’au centre-ville.",
        "Léa Martin",
        ProposalPublication.PUBLISHED,
    ),
    (
        "Les démarches de santé en ligne",
        ProposalKind.THEME,
        "Prendre rendez-vous, lire ses résultats : on nous le demande souvent à l’accueil.",
        "",
        ProposalPublication.PUBLISHED,
    ),
    (
        "Ateliers sur ameli.fr/assure/adresses-et-contacts/points-d-accueil-numerique-handicap",
        ProposalKind.THEME,
        "Voir https://www.service-public.fr/particuliers/vosdroits/demarches-en-ligne-accessibilite-numerique",
        "",
        ProposalPublication.PUBLISHED,
    ),
    (
        "L’intelligence artificielle et l’emploi",
        ProposalKind.THEME,
        "",
        "",
        ProposalPublication.PENDING,
    ),
)

# A venue of ``sessions.demo.reference.VENUES`` with a street address (17 Grand’Place).
DEMO_VENUE = "hotel-de-ville"

# Fixed French public holidays, as (month, day) (Code du travail, art. L3133-1). Easter
# Monday, Ascension and Whit Monday move every year and never fall on a Friday.
FIXED_PUBLIC_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)})

THEMES = {
    "mediation": "Médiation numérique",
    "egalite": "Égalité femmes-hommes",
    "parentalite": "Parentalité et éducation",
    "creativite": "Culture et créativité",
    "associations": "Vie associative",
    "acces-aux-droits": "Accès aux droits",
    "environnement": "Numérique responsable",
    "sante": "Santé",
    "cybersecurite": "Cybersécurité et médias",
    "emploi": "Emploi et formation",
    "ia": "Intelligence artificielle",
}

# Reference edition number → theme key.
EDITION_THEMES = {
    1: "mediation",
    2: "egalite",
    3: "parentalite",
    4: "creativite",
    5: "associations",
    6: "acces-aux-droits",
    7: "environnement",
    8: "sante",
    9: "cybersecurite",
    10: "emploi",
    11: "ia",
}

DEMO_EDITION = {
    "title": "Édition de démonstration : l’IA au guichet, accompagner les démarches",
    "subtitle": "Une édition fictive pour essayer l’inscription en ligne",
    "description": (
        "Cette édition **n’existe pas** : elle sert à essayer l’inscription, la liste d’attente "
        "et l’agenda. Les e-mails partent vers la console du serveur de développement."
    ),
    "start_time": datetime.time(8, 30),
    "end_time": datetime.time(11, 0),
    "capacity": DEMO_CAPACITY,
    "registration_open": True,
    "date_precision": DatePrecision.DAY,
}

DEMO_SEQUENCES = [
    (SequenceKind.PLENARY, datetime.time(8, 30), "Accueil café et tour de table"),
    (SequenceKind.PLENARY, datetime.time(9, 0), "Retour d’expérience : un chatbot municipal à l’essai"),
    (SequenceKind.INTERACTIVE, datetime.time(9, 45), "Ateliers de 10 à 12 personnes : cas pratiques"),
    (SequenceKind.INTERACTIVE, datetime.time(10, 40), "Restitution et suites à donner"),
]

# Venue slug → (how to get there, accessibility), Markdown; set only where empty.
VENUE_PRACTICAL = {
    "hotel-de-ville": (
        "Métro ligne 2, station «\u00a0Roubaix Grand-Place\u00a0», à deux minutes à pied. "
        "Entrez par la porte principale, sur la Grand’Place.",
        "Entrée de plain-pied par la porte principale, ascenseur vers les salles des étages, "
        "toilettes adaptées au rez-de-chaussée. Une boucle magnétique peut être installée "
        "sur demande\u00a0: dites-le en vous inscrivant.",
    ),
    "grand-plage": (
        "Métro ligne 2, station «\u00a0Roubaix Grand-Place\u00a0», puis la rue Pierre Motte "
        "(cinq minutes à pied).",
        "Entrée de plain-pied, ascenseur vers tous les étages, toilettes adaptées.",
    ),
}

DEMO_CONTRIBUTORS = [
    (ContributorKind.SPEAKER, "Service Participation citoyenne", "Ville"),
    (ContributorKind.PARTNER, "Les Assembleurs", "Coopérative régionale de l’inclusion numérique"),
]


def _save_changes(instance, values: dict) -> None:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save()


def is_public_holiday(day: datetime.date) -> bool:
    """Whether ``day`` is one of the fixed French public holidays."""
    return (day.month, day.day) in FIXED_PUBLIC_HOLIDAYS


def _demo_date(today: datetime.date) -> datetime.date:
    """Four weeks ahead, on the Friday of that week, a week later while that is a holiday."""
    day = today + datetime.timedelta(weeks=4)
    day += datetime.timedelta(days=(4 - day.weekday()) % 7)
    while is_public_holiday(day):
        day += datetime.timedelta(weeks=1)
    return day


def load(*, seed) -> None:
    """Add this app's demo records. ``seed`` is a ``sessions.demo.DemoSeedResult``
    (``meeting``, ``minutes``, ``people`` by key of ``sessions.demo.reference.PEOPLE``)."""
    themes = {}
    for slug, name in THEMES.items():
        theme = Theme.objects.filter(slug=slug).first() or Theme.objects.create(slug=slug, name=name)
        _save_changes(theme, {"name": name})
        themes[slug] = theme

    for slug, (directions, accessibility) in VENUE_PRACTICAL.items():
        venue = Venue.objects.filter(slug=slug).first()
        if venue is not None:
            _save_changes(
                venue,
                {
                    "public_transport": venue.public_transport or directions,
                    "accessibility": venue.accessibility or accessibility,
                },
            )

    series = EventSeries.objects.filter(slug="pdin").first()
    if series is None:
        return
    for edition in Edition.objects.filter(series=series, number__in=EDITION_THEMES, is_demo=False):
        _save_changes(edition, {"theme": themes[EDITION_THEMES[edition.number]]})

    today = timezone.localdate()
    venue = (
        Venue.objects.filter(slug=DEMO_VENUE).first()
        or Venue.objects.exclude(address="").order_by("pk").first()
        or Venue.objects.order_by("pk").first()
    )
    edition = Edition.objects.filter(series=series, is_demo=True).first()
    if edition is None:
        last = (
            Edition.objects.filter(series=series).order_by("-number").values_list("number", flat=True).first()
        )
        edition = Edition.objects.create(
            series=series,
            number=(last or 0) + 1,
            is_demo=True,
            date=_demo_date(today),
            venue=venue,
            theme=themes["ia"],
            **DEMO_EDITION,
        )
    else:
        values = {**DEMO_EDITION, "venue": venue}
        if (
            edition.date is None
            or edition.date < today + datetime.timedelta(weeks=1)
            or is_public_holiday(edition.date)
        ):
            values["date"] = _demo_date(today)
        _save_changes(edition, values)

    if not edition.sequences.exists():
        for order, (kind, start, title) in enumerate(DEMO_SEQUENCES):
            edition.sequences.create(kind=kind, start_time=start, title=title, order=order)
    if not edition.contributors.exists():
        for order, (kind, name, affiliation) in enumerate(DEMO_CONTRIBUTORS):
            edition.contributors.create(kind=kind, name=name, affiliation=affiliation, order=order)

    for title, kind, why, name, publication in DEMO_PROPOSALS:
        if not Proposal.objects.filter(series=series, title=title).exists():
            Proposal.objects.create(
                series=series,
                kind=kind,
                title=title,
                description=why,
                proposer_name=name,
                show_name=bool(name),
                from_public_form=True,
                publication=publication,
            )
