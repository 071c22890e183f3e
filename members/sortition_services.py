"""Writes of a draw by lot (``SortitionDraw``): prepare, publish, draw, cancel, link a mandate.

Every step writes the audit history (``services.audit_record``) with the acting account;
the rules of the draw itself are in ``members.sortition`` (pure, no database). Each service
raises a ``ValidationError`` with a French message the staff page shows.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cln_portal.dates import format_datetime_fr, format_day_fr

from . import sortition
from .models import AuditAction, DrawStatus, Member, SortitionDraw, User
from .services import audit_record


def seats_parse(text: str) -> dict[str, int]:
    """Read seats typed as ``nord=2 sud=1`` (spaces, commas, semicolons or lines between);
    raises ``ValidationError`` (French) on an item that is not ``stratum=number``."""
    seats: dict[str, int] = {}
    for item in text.replace(",", " ").replace(";", " ").split():
        stratum, sign, count = item.partition("=")
        if not sign or not stratum or not count.isdigit():
            raise ValidationError(
                _(
                    "« %(item)s » : écrivez chaque strate sous la forme « strate=nombre », par exemple « nord=2 »."
                )
                % {"item": item}
            )
        seats[stratum] = int(count)
    return dict(sorted(seats.items()))


def seats_text(seats: dict[str, int]) -> str:
    """``{"nord": 2, "sud": 1}`` → ``"nord=2 sud=1"`` (also the verifier's arguments)."""
    return " ".join(f"{stratum}={count}" for stratum, count in sorted(seats.items()))


def _pool(text: str) -> list[sortition.Candidate]:
    try:
        return sortition.parse_pool(text)
    except sortition.PoolError as error:
        raise ValidationError({"pool_text": str(error)}) from error


def _require(draw: SortitionDraw, status: str, message: str) -> None:
    if draw.status != status:
        raise ValidationError(message)


@transaction.atomic
def draw_create(
    *,
    actor: User | None,
    title: str,
    pool_text: str,
    seats: dict[str, int] | None = None,
    randomness_source: str = "",
    seed_available_at: datetime.datetime | None = None,
) -> SortitionDraw:
    """A draw in preparation, its pool stored as the canonical text (``sortition.canonical_text``)."""
    candidates = _pool(pool_text)
    draw = SortitionDraw(
        title=title.strip(),
        pool_text=sortition.canonical_text(candidates),
        seats=seats or {},
        randomness_source=randomness_source.strip(),
        seed_available_at=seed_available_at,
        created_by=actor,
    )
    draw.full_clean()
    draw.save()
    audit_record(
        actor=actor,
        action=AuditAction.DRAW_CREATED,
        about=draw,
        changes={"candidates": [None, len(candidates)], "seats": [None, draw.seats]},
    )
    return draw


@transaction.atomic
def draw_update(*, actor: User | None, draw: SortitionDraw, **values: Any) -> SortitionDraw:
    """Change a draw in preparation (title, pool, seats, source, time of the seed).

    Refused once the list is published: the published hash must keep matching the list;
    a different pool is a new draw, with a new hash.
    """
    draw = SortitionDraw.objects.select_for_update().get(pk=draw.pk)
    if draw.status != DrawStatus.DRAFT:
        raise ValidationError(
            _(
                "La liste de ce tirage est publiée : elle ne peut plus changer. "
                "Créez un nouveau tirage avec la nouvelle liste ; il aura une nouvelle empreinte."
            )
        )
    if "pool_text" in values:
        values["pool_text"] = sortition.canonical_text(_pool(values["pool_text"]))
    changes = {}
    for field, value in values.items():
        old = getattr(draw, field)
        if old != value:
            changes[field] = [
                old if field != "pool_text" else sortition.pool_sha256(old),
                value if field != "pool_text" else sortition.pool_sha256(value),
            ]
            setattr(draw, field, value)
    if not changes:
        return draw
    draw.full_clean()
    draw.save()
    audit_record(actor=actor, action=AuditAction.DRAW_UPDATED, about=draw, changes=changes)
    return draw


@transaction.atomic
def draw_publish(
    *, actor: User | None, draw: SortitionDraw, now: datetime.datetime | None = None
) -> SortitionDraw:
    """Freeze and publish the list, its SHA-256, the seats, the algorithm and the source of randomness.

    The seed's time must be at least ``settings.SORTITION_MIN_NOTICE_DAYS`` days after now,
    every stratum must have at least as many people as seats.
    """
    now = now or timezone.now()
    draw = SortitionDraw.objects.select_for_update().get(pk=draw.pk)
    _require(draw, DrawStatus.DRAFT, _("Ce tirage est déjà publié ou annulé."))
    candidates = _pool(draw.pool_text)
    try:
        sortition.check_seats(candidates, draw.seats)
    except sortition.PoolError as error:
        raise ValidationError(str(error)) from error
    unknown = sorted(set(draw.seats) - set(sortition.strata_counts(candidates)))
    if unknown:
        raise ValidationError(
            _("Strate(s) absente(s) de la liste : %(strata)s.") % {"strata": ", ".join(unknown)}
        )
    if not draw.randomness_source:
        raise ValidationError(
            _("Indiquez la source publique du hasard (tirage de loterie daté ou tour drand).")
        )
    notice = settings.SORTITION_MIN_NOTICE_DAYS
    if draw.seed_available_at is None or draw.seed_available_at < now + datetime.timedelta(days=notice):
        raise ValidationError(
            _(
                "La valeur publique du hasard doit être connue au moins %(days)s jours après la publication "
                "de la liste : choisissez une date à partir du %(date)s."
            )
            % {
                "days": notice,
                "date": format_day_fr(now + datetime.timedelta(days=notice), weekday=False),
            }
        )
    draw.pool_sha256 = sortition.pool_sha256(draw.pool_text)
    draw.algorithm = sortition.ALGORITHM
    draw.algorithm_version = sortition.VERSION
    draw.published_at = now
    draw.status = DrawStatus.PUBLISHED
    draw.full_clean()
    draw.save()
    audit_record(
        actor=actor,
        action=AuditAction.DRAW_PUBLISHED,
        about=draw,
        changes={"pool_sha256": ["", draw.pool_sha256], "seats": [None, draw.seats]},
    )
    return draw


@transaction.atomic
def draw_perform(
    *,
    actor: User | None,
    draw: SortitionDraw,
    seed: str,
    seed_confirmation: str,
    witnesses: str = "",
    now: datetime.datetime | None = None,
) -> SortitionDraw:
    """Draw with the public value ``seed``, typed twice, once its announced time has passed.

    Stores ``result`` (``sortition.draw``) and the witnesses, then renders the report PDF
    after the commit (``members.tasks.sortition_report_render``).
    """
    now = now or timezone.now()
    draw = SortitionDraw.objects.select_for_update().get(pk=draw.pk)
    _require(draw, DrawStatus.PUBLISHED, _("Seul un tirage publié et pas encore effectué peut être tiré."))
    if now < draw.seed_available_at:
        raise ValidationError(
            _(
                "Trop tôt : la valeur publique du hasard n’est annoncée que pour le %(date)s. "
                "Saisissez-la une fois publiée."
            )
            % {"date": format_datetime_fr(draw.seed_available_at, weekday=False)}
        )
    seed = sortition.normalise_seed(seed)
    if not seed:
        raise ValidationError({"seed": _("Saisissez la valeur publique du hasard.")})
    if seed != sortition.normalise_seed(seed_confirmation):
        raise ValidationError(
            {
                "seed_confirmation": _(
                    "Les deux saisies de la graine diffèrent : vérifiez-la et saisissez-la à nouveau."
                )
            }
        )
    candidates = sortition.parse_pool(draw.pool_text)
    if sortition.pool_sha256(sortition.canonical_text(candidates)) != draw.pool_sha256:
        raise ValidationError(_("La liste ne correspond plus à son empreinte publiée : tirage impossible."))
    draw.result = sortition.draw(candidates, draw.seats, seed)
    draw.seed = seed
    draw.witnesses = witnesses.strip()
    draw.drawn_at = now
    draw.status = DrawStatus.DRAWN
    draw.full_clean()
    draw.save()
    audit_record(
        actor=actor,
        action=AuditAction.DRAW_DONE,
        about=draw,
        changes={"seed": ["", seed], "result": [None, draw.result]},
    )
    from .tasks import sortition_report_render  # the task module imports this one

    transaction.on_commit(lambda: sortition_report_render.delay(draw.pk))
    return draw


@transaction.atomic
def draw_cancel(*, actor: User | None, draw: SortitionDraw, reason: str) -> SortitionDraw:
    """Cancel a draw with a stated reason; it stays on record (never deleted)."""
    draw = SortitionDraw.objects.select_for_update().get(pk=draw.pk)
    if draw.status == DrawStatus.CANCELLED:
        return draw
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de l’annulation.")})
    old = draw.status
    draw.status = DrawStatus.CANCELLED
    draw.cancelled_at = timezone.now()
    draw.cancel_reason = reason
    draw.full_clean()
    draw.save()
    audit_record(
        actor=actor,
        action=AuditAction.DRAW_CANCELLED,
        about=draw,
        changes={"status": [old, draw.status], "reason": ["", reason]},
    )
    return draw


@transaction.atomic
def draw_mandate_link(*, actor: User | None, draw: SortitionDraw, member: Member, number: int) -> Member:
    """Record that ``member``'s mandate comes from ``draw``, where they had ``number``
    (drawn, or taken from the reserve list for a replacement)."""
    if draw.status != DrawStatus.DRAWN:
        raise ValidationError(_("Seul un tirage effectué peut donner un mandat."))
    numbers = {n for part in draw.result.values() for n in part["panel"] + part["reserve"]}
    if number not in numbers:
        raise ValidationError(
            {
                "number": _("Le numéro %(number)s n’est ni tiré ni en réserve dans ce tirage.")
                % {"number": number}
            }
        )
    taken = Member.objects.filter(sortition_draw=draw, sortition_number=number).exclude(pk=member.pk)
    if taken.exists():
        raise ValidationError({"number": _("Ce numéro est déjà lié à une autre personne.")})
    changes = {
        "sortition_draw": [member.sortition_draw_id, draw.pk],
        "sortition_number": [member.sortition_number, number],
    }
    member.sortition_draw = draw
    member.sortition_number = number
    member.full_clean()
    member.save(update_fields=["sortition_draw", "sortition_number"])
    audit_record(actor=actor, action=AuditAction.DRAW_MANDATE, member=member, about=draw, changes=changes)
    return member
