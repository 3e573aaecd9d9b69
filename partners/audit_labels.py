"""What the audit log's codes mean to the person reading it.

Apps register their actions (and the keys of the details they record) with a translated label in
AppConfig.ready(); record() refuses an action that was never registered, so the log page never shows
a bare code. Details are shown as label and value, never as a Python dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.translation import gettext as _

Label = str | Promise

_ACTIONS: dict[str, Label] = {}
_FIELDS: dict[str, Label] = {}
# Actions named by what the admin changed: "admin.<model>.<add|change>".
ADMIN_PREFIX = "admin."


class UnknownAuditAction(LookupError):
    pass


def register(actions: Mapping[str, Label], fields: Mapping[str, Label] | None = None) -> None:
    _ACTIONS.update(actions)
    _FIELDS.update(fields or {})


def require(action: str) -> None:
    if action not in _ACTIONS and not action.startswith(ADMIN_PREFIX):
        raise UnknownAuditAction(f"audit action {action!r} is not registered (audit_labels.register)")


def registered() -> dict[str, Label]:
    return dict(_ACTIONS)


def choices() -> list[tuple[str, str]]:
    """Every registered action with its label, in the order a reader looks them up."""
    return sorted(((code, str(label)) for code, label in _ACTIONS.items()), key=lambda pair: pair[1])


def action_label(action: str) -> str:
    if action in _ACTIONS:
        return str(_ACTIONS[action])
    if action.startswith(ADMIN_PREFIX):
        model, _dot, verb = action[len(ADMIN_PREFIX) :].rpartition(".")
        text = (
            _("Set-up changed in the admin: %(model)s")
            if verb == "change"
            else _("Set-up added in the admin: %(model)s")
        )
        return text % {"model": model}
    return action


def field_label(key: str) -> str:
    return str(_FIELDS[key]) if key in _FIELDS else key.replace("_", " ").capitalize()


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "–"
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(str(key))}: {_value(item)}" for key, item in value.items())
    return str(localize(value))


def details(data: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """The recorded details as (label, value) pairs a person reads."""
    return [(field_label(key), _value(value)) for key, value in (data or {}).items()]
