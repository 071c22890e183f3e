"""Reads of the members app, each in a fixed number of queries."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import (
    AuditEntry,
    Council,
    ErasureRequest,
    ErasureStatus,
    Invitation,
    Member,
    User,
)


def council_get() -> Council | None:
    """The deployment's council, or None before ``seed_demo`` or the admin has created it."""
    return Council.objects.select_related("followed_by").first()


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
        Member.objects.select_related("user")
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
            found[f"{label}:{obj.pk}"] = AuditObject(
                label=f"{model._meta.verbose_name} «\u00a0{obj}\u00a0»", url=url
            )
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


def _value(instance: models.Model, field: models.Field) -> Any:
    value = getattr(instance, field.attname)
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{field.name}_display")())
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def _record(instance: models.Model, *, skip: set[str] = frozenset()) -> dict[str, Any]:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name in BULKY_FIELDS or field.name in skip:
            continue
        data[str(field.verbose_name)] = _value(instance, field)
    return data


def _related_sections(instance: models.Model, *, skip_models: tuple = ()) -> list[dict[str, Any]]:
    """Every row of any app that points at ``instance`` by a foreign key, grouped by model.

    Read from the model graph, so the export follows new models (positioning answers,
    registrations…) without a change here.
    """
    sections = []
    for relation in instance._meta.related_objects:
        if relation.many_to_many or relation.related_model in skip_models:
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: instance})
        # Our own foreign key is the subject of the export: no need to repeat it on every row.
        records = [_record(row, skip={relation.field.name}) for row in rows]
        if records:
            sections.append(
                {
                    "title": str(model._meta.verbose_name_plural),
                    "model": model._meta.label_lower,
                    "rows": records,
                }
            )
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
        "generated_at": timezone.localtime().isoformat(),
        "account": _record(user, skip={"is_superuser"}),
        "account_data": [
            s for s in _related_sections(user, skip_models=skip) if s["model"] not in {"members.auditentry"}
        ],
        "person": _record(member) if member else None,
        "person_data": _related_sections(member) if member else [],
    }
