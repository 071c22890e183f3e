"""The actions of the audit history, registered by the apps that write them.

``AuditEntry.action`` takes its choices from :func:`action_choices`, a callable Django
evaluates when it needs them, so an app adding an action needs no migration of this app
(as ``notifications.registry`` does for e-mail kinds). The members app registers its own
actions with the model (``members.models.AuditAction``); the feature apps register theirs
in their ``AppConfig.ready`` with a French label. The writer is
``members.services.audit_record``.

This module imports nothing from the app: ``models.py`` imports it.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# The longest value ``AuditEntry.action`` stores.
ACTION_MAX_LENGTH = 40

_actions: dict[str, Any] = {}


def register_action(value: str, label: Any) -> str:
    """Declare an action (``label``: French, lower case, lazy); return ``value``.

    Registering the same value again with the same label is harmless; with another label,
    or a value longer than ``ACTION_MAX_LENGTH``, raises ``ImproperlyConfigured``.
    """
    if len(value) > ACTION_MAX_LENGTH:
        raise ImproperlyConfigured(f"Audit action {value!r} is longer than {ACTION_MAX_LENGTH} characters.")
    known = _actions.get(value)
    if known is not None and str(known) != str(label):
        raise ImproperlyConfigured(f"Audit action {value!r} is registered twice.")
    _actions[value] = label
    return value


def register_actions(choices: Iterable[tuple[str, Any]]) -> None:
    """Declare several ``(value, label)`` actions at once."""
    for value, label in choices:
        register_action(value, label)


def action_choices() -> list[tuple[str, Any]]:
    """``(value, label)`` of every action: the choices of ``AuditEntry.action`` (no migration)."""
    return list(_actions.items())


def action_label(value: str) -> Any:
    """The French label of ``value``, or the raw value for an action no longer registered."""
    return _actions.get(value, value)
