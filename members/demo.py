"""Demo records of this app beyond the reference sitting, loaded by ``seed_demo``.

``load`` must be idempotent (find by natural key, save nothing unchanged) and must not
depend on other apps' demo loaders, which run in the order members, meetings,
workstreams, pdin.

What it adds: a former member whose mandate ended (Sylvie Caron, councillor for the Sud
sector, left in October 2025, before the sitting of 28 November: she is in no attendance
list of it), and, when demo accounts are asked for, her account (to see what a former
member gets: ``ancienne.membre@example.org`` / ``demo-ancienne-cln``) and verified
allauth addresses for the demo accounts. The staff demo account is asked to set up a
second factor (TOTP) at its first login, like every staff account. The invited person
without account is the reference's Denis Mallet (DSI), kept without account here.

The council's phone number, when the record has none, gets ``DEMO_COUNCIL_PHONE``: a number
of the range ARCEP keeps for fiction (03 53 01 xx xx), so that the home page and every
footer show how to call the service without sending anyone to a real line.

Also the draw by lot of June 2025 that gave the councillors their mandates (48 volunteers
in five sectors, 12 seats; the seed is a fictitious value, said so on the page), each
councillor's mandate linked to it.
"""

import datetime
import hashlib
import zoneinfo

from allauth.account.models import EmailAddress

from . import sortition, sortition_services
from .models import Council, Member, Role, Sector, SortitionDraw, TitleForm, User

# In the range ARCEP keeps for films and books (03 53 01 xx xx): never a real subscriber.
DEMO_COUNCIL_PHONE = "03 53 01 42 17"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

FORMER_MEMBER = {
    "first_name": "Sylvie",
    "last_name": "Caron",
    "role": Role.COUNCILLOR,
    "sector": Sector.SUD,
    "title_form": TitleForm.FEMININE,
    "mandate_start": datetime.date(2025, 7, 1),
    "mandate_end": datetime.date(2025, 10, 31),
    "mandate_end_reason": "démission (déménagement hors de la ville)",
}
FORMER_MEMBER_ACCOUNT = {"email": "ancienne.membre@example.org", "password": "demo-ancienne-cln"}


def _former_member() -> Member:
    lookup = {"first_name": FORMER_MEMBER["first_name"], "last_name": FORMER_MEMBER["last_name"]}
    defaults = {k: v for k, v in FORMER_MEMBER.items() if k not in lookup}
    member = Member.objects.filter(**lookup).first()
    if member is None:
        return Member.objects.create(**lookup, **defaults)
    changed = [name for name, value in defaults.items() if getattr(member, name) != value]
    if changed:
        for name in changed:
            setattr(member, name, defaults[name])
        member.save(update_fields=changed)
    return member


def _verified_address(user: User) -> None:
    """Demo accounts are created outside allauth: record their address as verified once."""
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def load(*, seed) -> None:
    """Add this app's demo records. ``seed`` is a ``sessions.demo.DemoSeedResult``
    (``meeting``, ``minutes``, ``people`` by key of ``sessions.demo.reference.PEOPLE``)."""
    former = _former_member()
    _draw(former)

    council = Council.objects.order_by("pk").first()
    if council is not None and not council.phone:
        council.phone = DEMO_COUNCIL_PHONE
        council.save(update_fields=["phone"])

    guest = seed.people.get("denis-mallet")
    if guest is not None and guest.user_id is not None:
        # The invited person takes part without an account (members and accounts issue).
        guest.user = None
        guest.save(update_fields=["user"])

    if not seed.accounts:
        return
    for email, _password, _staff in seed.accounts:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            _verified_address(user)
    user = User.objects.filter(email__iexact=FORMER_MEMBER_ACCOUNT["email"]).first()
    if user is None:
        user = User.objects.create_user(
            email=FORMER_MEMBER_ACCOUNT["email"], password=FORMER_MEMBER_ACCOUNT["password"]
        )
    elif not user.check_password(FORMER_MEMBER_ACCOUNT["password"]):
        user.set_password(FORMER_MEMBER_ACCOUNT["password"])
        user.save(update_fields=["password"])
    _verified_address(user)
    if former.user_id != user.pk:
        former.user = user
        former.save(update_fields=["user"])


# -- The council's draw by lot (June 2025, at a PDIN edition), issue 14.

DRAW_TITLE = "Tirage au sort des membres du conseil, juin 2025"
DRAW_SOURCE = "drand (réseau « quicknet »), tour n° 13 160 000 — valeur fictive : données de démonstration"
# A fixed, invented value in the shape of a drand round's randomness (64 hexadecimal digits).
DRAW_SEED = hashlib.sha256(b"cln-demo-tirage-juin-2025").hexdigest()
DRAW_PUBLISHED = datetime.datetime(2025, 6, 2, 10, 0, tzinfo=PARIS)
DRAW_SEED_AT = datetime.datetime(2025, 6, 13, 9, 0, tzinfo=PARIS)
DRAW_AT = datetime.datetime(2025, 6, 13, 9, 30, tzinfo=PARIS)
DRAW_WITNESSES = "Damien Verhaeghe, chargé de mission\nMartine Grabowski-Servais, co-présidente"
# 48 volunteers at the PDIN of June 2025, by sector, and the seats: one per councillor of the reference.
DRAW_STRATA = {"centre": 11, "est": 9, "nord": 12, "ouest": 6, "sud": 10}


def _draw_pool(councillors: list[Member]) -> tuple[str, dict[str, int]]:
    """A pool whose drawn numbers carry the reference councillors' initials (demo only)."""
    strata = [s for s in DRAW_STRATA for _ in range(DRAW_STRATA[s])]
    # Volunteers registered in no particular order of sector.
    strata = [strata[(i * 17) % len(strata)] for i in range(len(strata))]
    by_sector: dict[str, list[Member]] = {}
    for member in councillors:
        by_sector.setdefault(member.sector, []).append(member)
    seats = {sector: len(by_sector.get(sector, [])) for sector in DRAW_STRATA}
    placeholder = [sortition.Candidate(n, "X.", s) for n, s in enumerate(strata, start=1)]
    result = sortition.draw(placeholder, seats, DRAW_SEED)
    initials = {}
    for sector, part in result.items():
        for number, member in zip(part["panel"], by_sector.get(sector, []), strict=False):
            initials[number] = f"{member.first_name[0]}. {member.last_name[0]}."
    letters = "ABCDEFGHIJLMNOPRSTV"
    candidates = [
        sortition.Candidate(
            c.number,
            initials.get(c.number, f"{letters[c.number % 19]}. {letters[(c.number * 7) % 19]}."),
            c.stratum,
        )
        for c in placeholder
    ]
    return sortition.canonical_text(candidates), seats


def _draw(former: Member) -> None:
    if SortitionDraw.objects.filter(title=DRAW_TITLE).exists():
        return
    # The reference's councillors, and the former member (drawn too, she left in October).
    people = {m.pk: m for m in Member.objects.filter(role=Role.COUNCILLOR).exclude(sector="")}
    people[former.pk] = former
    councillors = sorted(people.values(), key=lambda m: (m.last_name, m.first_name))
    if not councillors:
        return
    pool_text, seats = _draw_pool(councillors)
    draw = sortition_services.draw_create(
        actor=None,
        title=DRAW_TITLE,
        pool_text=pool_text,
        seats=seats,
        randomness_source=DRAW_SOURCE,
        seed_available_at=DRAW_SEED_AT,
    )
    draw = sortition_services.draw_publish(actor=None, draw=draw, now=DRAW_PUBLISHED)
    draw = sortition_services.draw_perform(
        actor=None,
        draw=draw,
        seed=DRAW_SEED,
        seed_confirmation=DRAW_SEED,
        witnesses=DRAW_WITNESSES,
        now=DRAW_AT,
    )
    by_initials = {}
    for line in draw.pool_text.splitlines():
        number, initials, _stratum = line.split(";")
        by_initials.setdefault(initials, []).append(int(number))
    panel = {n for part in draw.result.values() for n in part["panel"]}
    for member in councillors:
        numbers = [
            n for n in by_initials.get(f"{member.first_name[0]}. {member.last_name[0]}.", []) if n in panel
        ]
        for number in numbers:
            if not Member.objects.filter(sortition_draw=draw, sortition_number=number).exists():
                sortition_services.draw_mandate_link(actor=None, draw=draw, member=member, number=number)
                break
