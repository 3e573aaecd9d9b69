"""The one registry of personal data.

Every model that points at a user registers each of those fields here once, saying what a person's
own export ("my data", GDPR art. 15) shows of the rows that point at them; a test fails when a
user field of any of the hub's models is not registered. Models that keep a copy of a report's free
text (a notification's text, an escalation raised from it, a walk finding's response) register a
forget handler, and anonymising a report runs every handler, so no copy outlives the original.
Apps register in their AppConfig.ready() (partners is the base every app may import).
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

ANONYMISED_TEXT = "[anonymiserad]"

Row = Callable[[Any], dict[str, Any]]
Forget = Callable[[models.Model], Iterable[models.Model]]


@dataclass(frozen=True)
class Entry:
    model: type[models.Model]
    field: str  # the user field; "pk" for the user model itself
    app: str
    section: str
    fields: tuple[str, ...]
    row: Row | None
    related: tuple[str, ...]


_entries: list[Entry] = []
_forgetters: dict[type[models.Model], Forget] = {}


def register(
    model: type[models.Model],
    field: str,
    *,
    section: str,
    fields: Iterable[str] = (),
    row: Row | None = None,
    related: Iterable[str] = (),
) -> None:
    """Rows of `model` whose `field` is the person appear in their export under app → section, as
    `row(obj)` or as the id and `fields`."""
    key = (model, field)
    _entries[:] = [entry for entry in _entries if (entry.model, entry.field) != key]
    _entries.append(Entry(model, field, model._meta.app_label, section, tuple(fields), row, tuple(related)))


def forgets(model: type[models.Model], handler: Forget) -> None:
    """handler(obj) clears `model`'s copies of obj's free text and returns the objects it rewrote,
    whose own copies (e.g. notifications linking to them) are then forgotten in turn."""
    _forgetters[model] = handler


def entries() -> list[Entry]:
    return list(_entries)


def forgetters() -> dict[type[models.Model], Forget]:
    return dict(_forgetters)


def plain(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, dict, str, int, float, bool)) or value is None:
        return value
    return str(value)


def _rows(entry: Entry, user: Any) -> list[dict[str, Any]]:
    lookup = {"pk": user.pk} if entry.field == "pk" else {entry.field: user}
    queryset = entry.model._default_manager.filter(**lookup).order_by("pk")
    if entry.related:
        queryset = queryset.select_related(*entry.related)
    if entry.row is not None:
        return [entry.row(obj) for obj in queryset]
    return [{"id": obj.pk, **{name: plain(getattr(obj, name)) for name in entry.fields}} for obj in queryset]


def export(user: Any) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Everything the hub holds about the person, by app and section."""
    collected: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for entry in sorted(_entries, key=lambda entry: (entry.app, entry.section)):
        collected[entry.app][entry.section] = _rows(entry, user)
    return dict(collected)


def forget(obj: models.Model) -> int:
    """Run every forget handler for obj, then for what they rewrote; returns how many objects were
    rewritten. Call it inside the transaction that anonymises obj."""
    pending, seen, rewritten = [obj], set(), 0
    while pending:
        current = pending.pop()
        key = (current._meta.label, current.pk)
        if key in seen:
            continue
        seen.add(key)
        for handler in _forgetters.values():
            derived = list(handler(current))
            rewritten += len(derived)
            pending.extend(derived)
    return rewritten
