"""The kinds of e-mail the portal sends, registered by the apps that send them.

The outbox knows no feature app: each app declares its kinds in its ``AppConfig.ready``
(as Django's admin registers models), with a French label, whether a member may turn it
off, and the rule that decides at send time whether the recipient is still concerned.
A new kind therefore needs no migration of this app: ``Notification.kind`` takes its
choices from :func:`kind_choices`, a callable Django evaluates when it needs them.

Apps may also register what every e-mail's template context needs from them
(:func:`register_context`): the members app provides ``council``, the outbox never
imports it.

The audit history belongs to the members app, above this one: members registers its
writer (:func:`register_audit_writer`), and this app's services record through
:func:`audit_write` the actions listed in :data:`AUDIT_ACTIONS`, which members registers
with the rest.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def always(notification) -> bool:
    """The "still concerned" rule of kinds asked for by the person (registrations, accounts)."""
    return True


@dataclass(frozen=True)
class KindSpec:
    """One kind of e-mail.

    - ``value``: stored in ``Notification.kind`` (at most 30 characters, never renamed:
      rows and preferences refer to it);
    - ``label``: French, lower case, shown in the outbox and on the preferences page;
    - ``mandatory``: a member cannot turn it off (statutory notices, what a person asked for);
    - ``opt_in``: off until the member turns it on (the weekly digest);
    - ``preferences_order``: its place on the member's preferences page, or None to leave
      it off the page;
    - ``help_text``: one French sentence under its label on that page;
    - ``still_concerned``: ``(notification) -> bool``, called just before sending; False
      marks the row "skipped" (a member who left gets nothing more).
    """

    value: str
    label: Any
    mandatory: bool = False
    opt_in: bool = False
    preferences_order: int | None = None
    help_text: Any = ""
    still_concerned: Callable[[Any], bool] = always


_kinds: dict[str, KindSpec] = {}
_context: dict[str, Callable[[], Any]] = {}


def register(spec: KindSpec) -> KindSpec:
    """Declare a kind; registering the same value twice with another spec is an error.

    Raises ``ImproperlyConfigured`` on a clash, so two apps cannot silently share a kind.
    Returns the spec, so an app can keep it as a constant.
    """
    if len(spec.value) > 30:
        raise ImproperlyConfigured(f"Notification kind {spec.value!r} is longer than 30 characters.")
    known = _kinds.get(spec.value)
    if known is not None and known != spec:
        raise ImproperlyConfigured(f"Notification kind {spec.value!r} is registered twice.")
    _kinds[spec.value] = spec
    return spec


def get(kind: str) -> KindSpec:
    """The spec of ``kind``; raises ``KeyError`` for a kind no app registered."""
    return _kinds[kind]


def is_known(kind: str) -> bool:
    return kind in _kinds


def kinds() -> list[KindSpec]:
    """Every registered kind, in registration order."""
    return list(_kinds.values())


def kind_choices() -> list[tuple[str, Any]]:
    """``(value, label)`` of every kind: the choices of ``Notification.kind`` (a callable, no migration)."""
    return [(spec.value, spec.label) for spec in _kinds.values()]


def label(kind: str) -> Any:
    """The French label of ``kind``, or the raw value for a kind no longer registered (old rows)."""
    spec = _kinds.get(kind)
    return spec.label if spec else kind


def is_mandatory(kind: str) -> bool:
    spec = _kinds.get(kind)
    return bool(spec and spec.mandatory)


def email_by_default(kind: str) -> bool:
    """Whether ``kind`` is sent when the member has made no choice (no preference row)."""
    spec = _kinds.get(kind)
    return not (spec and spec.opt_in)


def preference_kinds() -> list[KindSpec]:
    """The kinds a member sees on the preferences page, in their declared order."""
    shown = [spec for spec in _kinds.values() if spec.preferences_order is not None]
    return sorted(shown, key=lambda spec: spec.preferences_order)


def register_context(name: str, provider: Callable[[], Any]) -> None:
    """Give every e-mail's template context ``name``, computed by ``provider()`` when a caller
    did not pass it (the members app provides ``council``)."""
    _context[name] = provider


def context_providers() -> dict[str, Callable[[], Any]]:
    return dict(_context)


# --- Audit history ---------------------------------------------------------------------

# The actions this app writes into the audit history: (value, French label).
AUDIT_PREFERENCES_CHANGED = "notification_preferences_changed"
AUDIT_OUTBOX_RETRIED = "notification_retried"
AUDIT_ACTIONS = (
    (AUDIT_PREFERENCES_CHANGED, _("choix des e-mails modifiés")),
    (AUDIT_OUTBOX_RETRIED, _("e-mail renvoyé depuis la boîte d’envoi")),
)

_audit_writer: Callable[..., Any] | None = None


def register_audit_writer(writer: Callable[..., Any]) -> None:
    """Give the outbox the audit history's writer: ``writer(*, actor, action, member, about, changes)``."""
    global _audit_writer  # noqa: PLW0603 -- one writer for the process, set once in AppConfig.ready
    _audit_writer = writer


def audit_write(*, actor, action: str, member=None, about=None, changes: dict | None = None) -> None:
    """Record one action of this app in the audit history (through the registered writer).

    Raises ``ImproperlyConfigured`` when no writer is registered: an actor is never
    silently dropped.
    """
    if _audit_writer is None:
        raise ImproperlyConfigured("No audit writer is registered (members.apps.MembersConfig.ready).")
    _audit_writer(actor=actor, action=action, member=member, about=about, changes=changes)
