"""Scale the demo up to a city's few years of use: sittings, members, editions, registrations.

Rows are cloned from the demo's own records (the reference sitting, its minutes and
attendance, a councillor, a past edition) so that they carry every field the models ask
for, whatever fields the apps add later. Each part is guarded: when a model is missing
(registrations arrive with the PDIN issue) the part is skipped and the reason returned.
"""

from __future__ import annotations

import copy
import datetime
import random

from django.apps import apps
from django.db import transaction
from django.db.models.base import ModelState


def _clone(instance, **changes):
    """An unsaved copy of ``instance`` with ``changes`` applied (no primary key)."""
    twin = copy.copy(instance)
    twin._state = ModelState()
    twin.pk = None
    if hasattr(twin, "id"):
        twin.id = None
    for name, value in changes.items():
        setattr(twin, name, value)
    return twin


@transaction.atomic
def scale_up(
    *, seed, sittings: int = 40, members: int = 500, editions: int = 60, registrations: int = 5000
) -> list[str]:
    """Bring the database to at least these totals; return one line per part done or skipped."""
    rng = random.Random(2025)  # noqa: S311 -- reproducible data, not security
    notes = [
        _members(members, rng),
        _sittings(seed, sittings),
        _editions(editions),
        _registrations(registrations),
    ]
    return notes


def _members(total: int, rng: random.Random) -> str:
    Member = apps.get_model("members", "Member")
    Participation = apps.get_model("workstreams", "Participation")
    template = (
        Member.objects.filter(mandate_start__isnull=False, mandate_end__isnull=True).order_by("pk").first()
    )
    missing = total - Member.objects.count()
    if missing > 0:
        sectors = [c for c, _ in Member._meta.get_field("sector").choices if c] or [""]
        Member.objects.bulk_create(
            _clone(
                template,
                user=None,
                first_name=f"Prénom{i}",
                last_name=f"Bench{i:04d}",
                sector=rng.choice(sectors),
                contact_email="",
            )
            for i in range(missing)
        )
    # Each member follows one or two work axes: participant counts grow with the council.
    workstreams = list(apps.get_model("workstreams", "Workstream").objects.order_by("pk"))
    sample = Participation.objects.order_by("pk").first()
    joined = set(Participation.objects.values_list("workstream_id", "member_id"))
    rows = []
    for member_id in Member.objects.filter(last_name__startswith="Bench").values_list("pk", flat=True):
        for workstream in rng.sample(workstreams, k=min(2, len(workstreams))):
            if (workstream.pk, member_id) not in joined and sample is not None:
                rows.append(_clone(sample, workstream_id=workstream.pk, member_id=member_id))
    Participation.objects.bulk_create(rows, ignore_conflicts=True)
    return f"members: {Member.objects.count()} ({len(rows)} axis participations added)"


def _sittings(seed, total: int) -> str:
    Meeting = apps.get_model("meetings", "Meeting")
    Minutes = apps.get_model("meetings", "Minutes")
    Attendance = apps.get_model("meetings", "Attendance")
    reference, minutes = seed.meeting, seed.minutes
    attendances = list(Attendance.objects.filter(meeting=reference))
    created = 0
    week = 0
    while Meeting.objects.count() < total:
        week += 1
        shift = datetime.timedelta(weeks=week * 3)
        meeting = _clone(
            reference,
            starts_at=reference.starts_at - shift,
            ends_at=reference.ends_at - shift if reference.ends_at else None,
        )
        meeting.save()
        Attendance.objects.bulk_create(_clone(a, meeting_id=meeting.pk) for a in attendances)
        copy_ = _clone(minutes, meeting_id=meeting.pk, issued_on=minutes.issued_on - shift, pdf="")
        copy_.save()
        created += 1
    published = Minutes.objects.filter(status=minutes.status).count()
    return f"sittings: {Meeting.objects.count()} ({created} added, {published} minutes {minutes.status})"


def _editions(total: int) -> str:
    Edition = apps.get_model("pdin", "Edition")
    past = Edition.objects.filter(date__isnull=False, date__lt=datetime.date(2025, 1, 1)).order_by("-date")
    template = past.first() or Edition.objects.order_by("pk").first()
    if template is None:
        return "editions: none in the demo, skipped"
    number = Edition.objects.filter(series=template.series).order_by("-number").first().number
    added = 0
    while Edition.objects.count() < total:
        number += 1
        added += 1
        day = datetime.date(2014, 1, 15) + datetime.timedelta(days=40 * added)
        _clone(
            template, number=number, title=f"Édition d’archive n° {number}", date=day, date_end=None
        ).save()
    return f"editions: {Edition.objects.count()} ({added} added)"


def _registrations(total: int) -> str:
    try:
        Registration = apps.get_model("pdin", "Registration")
    except LookupError:
        return "registrations: no pdin.Registration model yet, skipped"
    Edition = apps.get_model("pdin", "Edition")
    editions = list(Edition.objects.order_by("pk"))
    statuses = {value for value, _ in Registration._meta.get_field("status").choices}
    missing = total - Registration.objects.count()
    rows = []
    for i in range(max(missing, 0)):
        edition = editions[i % len(editions)]
        rows.append(
            Registration(
                edition=edition,
                status="confirmed" if "confirmed" in statuses else sorted(statuses)[0],
                name=f"Participant·e {i}",
                email=f"bench{i}@example.org",
            )
        )
    Registration.objects.bulk_create(rows, batch_size=1000)
    return f"registrations: {Registration.objects.count()} ({len(rows)} added over {len(editions)} editions)"
