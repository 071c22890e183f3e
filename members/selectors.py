"""Reads of the members app, each in a fixed number of queries."""

import copy
import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import connection, models
from django.db.models import Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cln_portal.dates import format_datetime_fr, format_day_fr

from . import sortition
from .models import (
    AuditEntry,
    Council,
    ErasureRequest,
    ErasureStatus,
    Invitation,
    Member,
    SortitionDraw,
    User,
)

# The council's record is read on every page (header, footer) and changes a few times a
# year: each process keeps a copy, tagged with a version number kept in the shared cache
# (Redis in production), which every save bumps (members.signals). A page then costs one
# cache read instead of a query, and a change made in one process is seen by all.
COUNCIL_VERSION_KEY = "members:council:version"
_council_copy: tuple[str, Council | None] | None = None


def council_version_bump() -> str:
    """Mark every process' copy of the council as stale; the new version."""
    version = uuid.uuid4().hex
    cache.set(COUNCIL_VERSION_KEY, version, timeout=None)
    return version


def council_get() -> Council | None:
    """The deployment's council, or None before ``seed_demo`` or the admin has created it.

    Read once per process while the version in the shared cache stays the same; a copy is
    returned, so a caller that edits it changes nobody else's. Inside a transaction (a
    service that may roll back, every test) it is read from the database and not kept:
    the copy never holds a row a rollback undoes.
    """
    return council_get_versioned()[1]


def council_get_versioned() -> tuple[str | None, Council | None]:
    """``(version, council)``: the council as ``council_get`` reads it, and the version of
    the copy in the shared cache that it comes from.

    The version is None when the record was read from the database without being kept
    (inside a transaction): whatever is derived from it must not be kept either. Anything
    derived from the council and kept per process (the pages' header and footer,
    ``home.templatetags.site_chrome``) is keyed by this version.
    """
    global _council_copy  # noqa: PLW0603 -- the per-process copy, see above
    version = cache.get(COUNCIL_VERSION_KEY)
    if version is not None and _council_copy is not None and _council_copy[0] == version:
        return version, copy.copy(_council_copy[1])
    council = Council.objects.select_related("followed_by").first()
    if connection.in_atomic_block:
        return None, council
    if version is None:
        cache.add(COUNCIL_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(COUNCIL_VERSION_KEY)
    _council_copy = (version, copy.copy(council))
    return version, council


STAFF_FILTERS = {
    "en-mandat": "in_mandate",
    "anciens": "former",
    "sans-compte": "no_account",
    "tous": "all",
}


def member_list_for_staff(*, which: str = "tous", search: str = "") -> QuerySet[Member]:
    """Every person for the staff list, filtered by ``which`` (a key of ``STAFF_FILTERS``).

    One query; each row carries ``pending_invitation`` (a pending invitation exists).
    """
    now = timezone.now()
    queryset = Member.objects.select_related("user").annotate(
        pending_invitation=models.Exists(
            Invitation.objects.filter(
                member=models.OuterRef("pk"),
                used_at__isnull=True,
                superseded_at__isnull=True,
                expires_at__gt=now,
            )
        )
    )
    kind = STAFF_FILTERS.get(which, "all")
    if kind == "in_mandate":
        queryset = queryset.in_mandate()
    elif kind == "former":
        queryset = queryset.former()
    elif kind == "no_account":
        queryset = queryset.filter(user__isnull=True)
    if search:
        queryset = queryset.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(user__email__icontains=search)
        )
    return queryset.order_by("last_name", "first_name")


def member_get_for_staff(*, pk: int) -> Member:
    """One person with account, earlier mandates and invitations; raises ``Member.DoesNotExist``."""
    return (
        Member.objects.select_related("user", "sortition_draw")
        .prefetch_related(
            "past_mandates", Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"))
        )
        .get(pk=pk)
    )


def invitation_list() -> QuerySet[Invitation]:
    """Invitations, newest first, with their person (one query)."""
    return Invitation.objects.select_related("member", "created_by").order_by("-created_at")


def audit_list(*, member: Member | None = None) -> QuerySet[AuditEntry]:
    """The audit history, newest first, optionally of one person (one query)."""
    queryset = AuditEntry.objects.select_related("member")
    if member is not None:
        queryset = queryset.filter(member=member)
    return queryset


@dataclass(frozen=True)
class AuditObject:
    """What an audit entry is about, as the staff history shows it."""

    label: str
    url: str = ""  # its admin page, when it still exists and has one


def audit_with_objects(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries, each with ``about_object``: an ``AuditObject``, or None when it names none.

    One query per kind of object on the page (none when no entry names one). An object
    deleted since is shown by its key ("workstreams.workstream:3"), which the entry's
    ``changes`` explain.
    """
    entries = list(entries)
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        label, _, pk = entry.about.partition(":")
        if pk.isdigit():
            wanted[label].add(int(pk))
    found: dict[str, AuditObject] = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for obj in model._default_manager.filter(pk__in=pks):
            url = ""
            if admin.site.is_registered(model):
                try:
                    url = reverse(
                        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
                    )
                except NoReverseMatch:
                    url = ""
            found[f"{label}:{obj.pk}"] = AuditObject(label=f"{model._meta.verbose_name} « {obj} »", url=url)
    for entry in entries:
        entry.about_object = found.get(entry.about) or (
            AuditObject(label=entry.about) if entry.about else None
        )
    return entries


def erasure_pending() -> QuerySet[ErasureRequest]:
    """Erasure requests waiting for staff (one query)."""
    return (
        ErasureRequest.objects.filter(status=ErasureStatus.PENDING)
        .select_related("member")
        .order_by("requested_at")
    )


# -- Personal data export (RGPD art. 15 and 20)

# Fields never exported: secrets (token hashes, TOTP secrets, password hashes).
SECRET_FIELDS = {"password", "token_hash", "data", "key", "session_key", "session_data"}
# Bulky copies of what is elsewhere in the export (the e-mail's HTML twin, its headers).
BULKY_FIELDS = {"body_html", "headers", "attachments"}


# Labels Django makes up from an attribute name when a field has none ("created at"):
# the export prints French ones.
DEFAULT_LABELS = {
    "created_at": gettext_lazy("créé le"),
    "updated_at": gettext_lazy("modifié le"),
    "user": gettext_lazy("compte"),
    "member": gettext_lazy("personne"),
    "order": gettext_lazy("ordre"),
}
# Hidden relations that record an act of staff on other people's records (who published,
# decided, created): the council's history, holding other people's data, not the person's.
STAFF_ACT_FIELDS = frozenset(
    {"actor", "created_by", "decided_by", "published_by", "taken_up_by", "reopened_by", "confirmed_by"}
)


def _label(field: models.Field) -> str:
    """The field's French label: its ``verbose_name``, or, where Django made one up from the
    attribute name, the related model's name ("séance", not "meeting") or a known label."""
    if field.verbose_name != field.name.replace("_", " "):
        return str(field.verbose_name)
    if field.is_relation and field.related_model is not None:
        return str(field.related_model._meta.verbose_name)
    return str(DEFAULT_LABELS.get(field.name, field.verbose_name))


def _date(value: datetime.date | datetime.datetime) -> str:
    """A date as the portal prints it: « 3 février 2026 », « 3 février 2026 à 10 h » (Paris;
    ``cln_portal.dates``, in English when English is active)."""
    if isinstance(value, datetime.datetime):
        return format_datetime_fr(value, weekday=False)
    return format_day_fr(value, weekday=False)


def _value(instance: models.Model, field: models.Field) -> Any:
    value = getattr(instance, field.attname)
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(value, datetime.date):
        return _date(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def _record(
    instance: models.Model, *, skip: set[str] = frozenset(), many_to_many: bool = False
) -> dict[str, Any]:
    """One row as ``{French label: value}``; with ``many_to_many``, its own many-to-many
    fields too, as names separated by commas (the account's groups). Related rows leave theirs out:
    they would list other people (an axis' participants)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name in BULKY_FIELDS or field.name in skip:
            continue
        data[_label(field)] = _value(instance, field)
    if many_to_many:
        for field in instance._meta.many_to_many:
            if field.name not in skip:
                data[_label(field)] = ", ".join(
                    str(related) for related in getattr(instance, field.name).all()
                )
    return data


def _related_sections(instance: models.Model, *, skip_models: tuple = ()) -> list[dict[str, Any]]:
    """Every row of any app that points at ``instance``, grouped by relation.

    Read from the model graph, so the export follows new models (positioning answers,
    registrations…) without a change here: foreign keys and one-to-one fields, those
    without a reverse name (``related_name="+"``, e.g. the questions a person raised) and
    many-to-many fields (the questions a person follows). Left out: the through tables
    Django makes for many-to-many fields (their rows are the relation itself) and staff's
    acts on others' records (``STAFF_ACT_FIELDS``). A model reached by two relations gets
    one section each, titled "questions (posée par)", "questions (suivie par)".
    """
    relations = [
        relation
        for relation in instance._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and relation.related_model not in skip_models
        and not relation.related_model._meta.auto_created
        and not (relation.hidden and relation.field.name in STAFF_ACT_FIELDS)
    ]
    per_model: dict[type, int] = {}
    for relation in relations:
        per_model[relation.related_model] = per_model.get(relation.related_model, 0) + 1
    sections = []
    for relation in relations:
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: instance})
        # Our own foreign key is the subject of the export: no need to repeat it on every row.
        skip = set() if relation.many_to_many else {relation.field.name}
        records = [_record(row, skip=skip) for row in rows]
        if records:
            title = str(model._meta.verbose_name_plural)
            if per_model[model] > 1:
                title = f"{title} ({relation.field.verbose_name})"
            sections.append({"title": title, "model": model._meta.label_lower, "rows": records})
    return sections


def personal_data_export(*, user: User) -> dict[str, Any]:
    """All the portal holds about ``user`` and their person, as JSON-ready data.

    Shape: ``{"generated_at", "account": {...}, "account_data": [section…],
    "person": {...} | None, "person_data": [section…]}``; a section is
    ``{"title", "model", "rows": [{label: value}]}``. Secrets (password hash, invitation
    token hashes, TOTP secrets) are left out; labels are the French field names.
    """
    member = getattr(user, "member", None)
    skip = (Member,)
    return {
        "generated_at": _date(timezone.now()),
        "account": _record(user, skip={"is_superuser"}, many_to_many=True),
        "account_data": [
            s for s in _related_sections(user, skip_models=skip) if s["model"] not in {"members.auditentry"}
        ],
        "person": _record(member, many_to_many=True) if member else None,
        "person_data": _related_sections(member) if member else [],
    }


def sortition_draws_public():
    """Draws whose list is published (drawn, waiting or cancelled), newest first."""
    return SortitionDraw.objects.filter(published_at__isnull=False).order_by("-published_at", "-pk")


def sortition_result_rows(draw) -> list[dict]:
    """The result of ``draw`` for pages and the PDF: one dict per stratum, in alphabetical order,
    ``{"stratum", "seats", "panel": [(rank, number, initials)], "reserve": [...]}``."""
    initials = {c.number: c.initials for c in sortition.parse_pool(draw.pool_text)} if draw.pool_text else {}
    rows = []
    for stratum, part in sorted((draw.result or {}).items()):
        panel = [(i, n, initials.get(n, "")) for i, n in enumerate(part["panel"], start=1)]
        start = len(panel) + 1
        reserve = [(i, n, initials.get(n, "")) for i, n in enumerate(part["reserve"], start=start)]
        rows.append({"stratum": stratum, "seats": len(panel), "panel": panel, "reserve": reserve})
    return rows


def sortition_strata_rows(draw) -> list[dict]:
    """``[{"stratum", "candidates", "seats"}]`` for the pool of ``draw``, strata in alphabetical order."""
    counts = sortition.strata_counts(sortition.parse_pool(draw.pool_text)) if draw.pool_text else {}
    strata = sorted(set(counts) | set(draw.seats or {}))
    return [
        {"stratum": s, "candidates": counts.get(s, 0), "seats": (draw.seats or {}).get(s, 0)} for s in strata
    ]
