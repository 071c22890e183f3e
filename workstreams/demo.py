"""Demo records of this app beyond the reference sitting, loaded by ``seed_demo``.

``load`` must be idempotent (find by natural key, save nothing unchanged) and must not
depend on other apps' demo loaders, which run in the order members, meetings,
workstreams, pdin.

The seed announces a positioning form sent the first week of December 2025, with a
deadline on 18 December 2025, covering the six axes. The demo holds that campaign,
already closed and confirmed, with invented answers for most council members (the seed
gives none), so that members are participants and pilots of the axes.
"""

import datetime

from cln_portal.schedule import due_at

from .models import (
    AnsweringService,
    PositioningCampaign,
    PositioningChoice,
    PositioningResponse,
    Workstream,
    WorkstreamKind,
)
from .services import participations_from_choices

CAMPAIGN = {
    "title": "Préparation de l’assemblée du CLN de janvier",
    "introduction": (
        "Ce formulaire recueille, pour chacun des six axes de travail présentés le 28 novembre 2025, "
        "vos souhaits d’implication, vos disponibilités pour les temps de travail collectifs et vos "
        "suggestions complémentaires."
    ),
    "opens_on": datetime.date(2025, 12, 1),
    "deadline": datetime.date(2025, 12, 18),
    "max_axes_per_member": 3,
    "min_participants_per_axis": 2,
}
CONFIRMED_AT = due_at(day=datetime.date(2025, 12, 19), at=datetime.time(10, 0))

# Axes in the order of sessions.demo.reference.WORKSTREAMS.
AXES = [
    "programmation-pdin",
    "budget-numerique-2025",
    "agent-conversationnel",
    "numerique-responsable",
    "inclusion-numerique-sante",
    "cme-medias-reseaux-sociaux",
]
P, C, F, N = "pilot", "contribute", "follow", "not_now"
# Invented answers: person key → (level per axis, availability, suggestions).
ANSWERS = {
    "anais-garnier": ([P, F, C, N, N, N], ["tue_evening", "thu_evening"], ""),
    "amina-belkacem": ([C, N, F, C, C, N], ["tue_evening", "sat_morning"], ""),
    "julien-morel": ([N, C, P, C, N, N], ["tue_evening", "wed_evening"], ""),
    "melissa-achour": ([C, N, N, N, P, F], ["thu_evening", "sat_morning"], ""),
    "nadia-amrani": (
        [F, N, N, N, C, P],
        ["wed_afternoon", "sat_morning"],
        "Associer les enfants du CME à une édition du PDIN.",
    ),
    "pauline-de-kermarec": ([C, C, N, F, N, N], ["tue_evening", "thu_evening"], ""),
    "karim-ouali": ([N, F, C, P, N, N], ["tue_evening"], ""),
    "yanis-berrada": ([C, N, C, N, N, C], ["tue_evening", "thu_evening", "sat_morning"], ""),
    "hicham-el-idrissi": ([N, C, N, C, F, N], ["wed_evening"], ""),
}

# What the seed says of the two referrals (saisines); the seed names no due date.
REFERRALS = {
    "agent-conversationnel": {
        "referred_by": "Ville de Roubaix",
        "referral_question": (
            "Quel avis le conseil donne-t-il sur l’expérimentation d’un agent conversationnel fondé "
            "sur l’intelligence artificielle pour l’accueil et l’information des usagers ?"
        ),
    },
    "numerique-responsable": {
        "referred_by": "Ville de Roubaix",
        "referral_question": (
            "Comment le conseil peut-il contribuer à la stratégie numérique responsable de la Ville, "
            "prévue par la loi REEN de 2021 ?"
        ),
    },
}


def _set(instance, values: dict) -> None:
    """Save ``instance`` only when one of ``values`` differs (loading twice changes nothing)."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)


def load(*, seed) -> None:
    """Add this app's demo records. ``seed`` is a ``sessions.demo.DemoSeedResult``
    (``meeting``, ``minutes``, ``people`` by key of ``sessions.demo.reference.PEOPLE``)."""
    axes = {w.slug: w for w in Workstream.objects.filter(slug__in=AXES)}
    for slug, values in REFERRALS.items():
        if slug in axes and axes[slug].kind in (
            WorkstreamKind.REFERRAL_APPLICATION,
            WorkstreamKind.REFERRAL_STRATEGIC,
        ):
            _set(axes[slug], values)
    campaign = PositioningCampaign.objects.filter(title=CAMPAIGN["title"]).first()
    if campaign is None:
        campaign = PositioningCampaign.objects.create(**CAMPAIGN)
    else:
        _set(campaign, CAMPAIGN)
    wanted = [axes[slug] for slug in AXES if slug in axes]
    if set(campaign.workstreams.all()) != set(wanted):
        campaign.workstreams.set(wanted)
    for key, (levels, availability, suggestions) in ANSWERS.items():
        member = seed.people.get(key)
        if member is None:
            continue
        response = PositioningResponse.objects.filter(campaign=campaign, member=member).first()
        values = {"availability": availability, "suggestions": suggestions}
        if response is None:
            response = PositioningResponse.objects.create(campaign=campaign, member=member, **values)
        else:
            _set(response, values)
        existing = {c.workstream_id: c for c in response.choices.all()}
        for slug, level in zip(AXES, levels, strict=True):
            if slug not in axes:
                continue
            choice = existing.get(axes[slug].pk)
            if choice is None:
                PositioningChoice.objects.create(response=response, workstream=axes[slug], level=level)
            else:
                _set(choice, {"level": level})
    participations_from_choices(campaign=campaign)
    # The service that answers the seed's questions on the chatbot, in the directory.
    AnsweringService.objects.get_or_create(
        name="Direction des systèmes d’information (DSI)", defaults={"emails": "dsi@example.org"}
    )
    if campaign.confirmed_at is None:
        staff = seed.people.get("damien-verhaeghe")
        campaign.confirmed_at = CONFIRMED_AT
        campaign.confirmed_by = staff.user if staff is not None else None
        campaign.save(update_fields=["confirmed_at", "confirmed_by"])
