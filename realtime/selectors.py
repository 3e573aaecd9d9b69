"""Read paths for notifications: always the one user's own rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from realtime import kinds
from realtime.models import Delivery, Notification, NotificationPreference

REPLAY_LIMIT = 500


def replay_for(user_id: int, after: int) -> list[dict[str, object]]:
    """Up to REPLAY_LIMIT of the user's notifications with an id above after, oldest first."""
    missed = Notification.objects.filter(recipient_id=user_id, id__gt=after).order_by("id")[:REPLAY_LIMIT]
    return [row.as_message() for row in missed]


def replay_and_unread(user_id: int, after: int) -> tuple[list[dict[str, object]], int]:
    """A resume's reads in one trip to the database thread: what was missed, and the unread count."""
    return replay_for(user_id, after), unread_count_for(user_id)


def unread_count_for(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def unread_count(user: Any) -> int:
    return unread_count_for(user.pk)


def badge(user: Any) -> tuple[int, int]:
    """(unread count, newest id) for the page header. Two queries, each on its own index: one
    aggregate over both would read every notification the person ever had."""
    return unread_count_for(user.pk), last_notification_id(user)


def last_notification_id(user: Any) -> int:
    """The newest id the page knows, so a fresh tab resumes from here and toasts nothing old."""
    return Notification.objects.filter(recipient_id=user.pk).aggregate(last=Max("id"))["last"] or 0


def notifications_for(user: Any, *, kind: str = "", unread_only: bool = False) -> Any:
    notifications = Notification.objects.for_user(user).select_related("actor")
    if kind:
        notifications = notifications.filter(kind=kind)
    if unread_only:
        notifications = notifications.unread()
    return notifications


def kinds_received(user: Any) -> list[str]:
    return sorted(set(Notification.objects.for_user(user).values_list("kind", flat=True).distinct()))


def preferences_for(user: Any) -> list[tuple[str, str, str]]:
    """(kind, label, delivery) for every registered kind and every kind the user has received."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    every = {**{kind: str(label) for kind, label in kinds.registered().items()}}
    for kind in kinds_received(user):
        every.setdefault(kind, kinds.label_for(kind))
    return [(kind, every[kind], chosen.get(kind, Delivery.IN_APP)) for kind in sorted(every)]
