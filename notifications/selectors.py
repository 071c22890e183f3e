"""Reads of the outbox: members' e-mail choices and the staff outbox list."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from . import registry
from .models import Notification, NotificationPreference, NotificationStatus


@dataclass(frozen=True)
class PreferenceRow:
    """One line of the preferences page: ``label`` is French, ``by_email`` the current choice."""

    kind: str
    label: Any
    help_text: Any
    mandatory: bool
    by_email: bool


def preferences_of(*, member) -> list[PreferenceRow]:
    """Each kind shown on the preferences page with the member's current choice (one query).

    The kinds and their order are those the apps registered (``registry.preference_kinds``).
    """
    chosen = dict(NotificationPreference.objects.filter(member=member).values_list("kind", "by_email"))
    return [
        PreferenceRow(
            kind=spec.value,
            label=spec.label,
            help_text=spec.help_text,
            mandatory=spec.mandatory,
            by_email=True
            if spec.mandatory
            else chosen.get(spec.value, registry.email_by_default(spec.value)),
        )
        for spec in registry.preference_kinds()
    ]


def outbox_list(*, status: str = "", kind: str = "") -> QuerySet[Notification]:
    """The outbox for staff, newest first, optionally filtered; bodies are left out (deferred)."""
    queryset = Notification.objects.defer("body_text", "body_html", "attachments", "headers").order_by(
        "-created_at", "-pk"
    )
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def outbox_counts() -> dict[str, int]:
    """How many notifications are in each status, in one query: ``{"sent": 12, "failed": 1, …}``."""
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in NotificationStatus.values}
    return Notification.objects.aggregate(**aggregates)
