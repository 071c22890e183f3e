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
"""

import datetime

from allauth.account.models import EmailAddress

from .models import Council, Member, Role, Sector, TitleForm, User

# In the range ARCEP keeps for films and books (03 53 01 xx xx): never a real subscriber.
DEMO_COUNCIL_PHONE = "03 53 01 42 17"

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
