"""notify(): persist notifications, then push them to the recipients' sockets once the transaction commits.

realtime knows no domain app: callers hand it recipients, a kind, a text and a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from realtime.groups import user_group
from realtime.models import Notification


def notify(
    recipients: Iterable[Any],
    kind: str,
    text: str,
    url: str = "",
    actor: Any | None = None,
) -> list[Notification]:
    """Write one Notification per distinct active recipient (the actor is never told of their own act)."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, text=text[:500], url=url[:500], actor=actor))
    if not rows:
        return []
    # SQLite (3.35+) and PostgreSQL both return the new ids from a bulk insert.
    created = Notification.objects.bulk_create(rows)
    messages = [(row.recipient_id, row.as_message()) for row in created]
    transaction.on_commit(lambda: _push(messages))
    return created


def _push(messages: list[tuple[int, dict[str, object]]]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    send = async_to_sync(layer.group_send)
    for user_id, message in messages:
        send(user_group(user_id), {"type": "notification.push", "message": message})


def disconnect_user(user_id: int, reason: str = "ended") -> None:
    """Close every socket of a user (deactivated, logged out) once the transaction commits."""

    def _send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(user_group(user_id), {"type": "session.ended", "reason": reason})

    transaction.on_commit(_send)
