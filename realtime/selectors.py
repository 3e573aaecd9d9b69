"""Read paths for notifications: always the one user's own rows."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from realtime import kinds
from realtime.models import Delivery, Notification, NotificationPreference

REPLAY_LIMIT = 500
BADGE_LIMIT = 99  # the header shows "99+" beyond this


def replay_for(user_id: int, after: int) -> list[dict[str, object]]:
    """Up to REPLAY_LIMIT of the user's notifications with an id above after, oldest first."""
    missed = Notification.objects.filter(recipient_id=user_id, id__gt=after).order_by("id")[:REPLAY_LIMIT]
    return [row.as_message() for row in missed]


def replay_and_unread(user_id: int, after: int) -> tuple[list[dict[str, object]], int]:
    """A resume's reads in one trip to the database thread: what was missed, and the unread count."""
    return replay_for(user_id, after), unread_count_for(user_id)


def replay_and_unread_many(asks: list[tuple[int, int]]) -> list[tuple[list[dict[str, object]], int]]:
    """replay_and_unread for many (user id, after) at once, as sockets resuming together ask it: two
    queries for every first ask of a user, and the single reads for a second tab's ask in the batch."""
    first: dict[int, int] = {}
    for user_id, after in asks:
        first.setdefault(user_id, after)
    missed: dict[int, list[dict[str, object]]] = {user_id: [] for user_id in first}
    if first:
        wanted = Q()
        for user_id, after in first.items():
            wanted |= Q(recipient_id=user_id, id__gt=after)
        rows = (
            Notification.objects.filter(wanted)
            .annotate(place=Window(RowNumber(), partition_by=F("recipient_id"), order_by=F("id").asc()))
            .filter(place__lte=REPLAY_LIMIT)
            .order_by("recipient_id", "id")
        )
        for row in rows:
            missed[row.recipient_id].append(row.as_message())
    unread = dict(
        Notification.objects.filter(recipient_id__in=list(first), read_at__isnull=True)
        .values("recipient_id")
        .annotate(unread=Count("id"))
        .values_list("recipient_id", "unread")
    )
    answers = []
    for user_id, after in asks:
        if first[user_id] == after:
            answers.append((missed[user_id], unread.get(user_id, 0)))
        else:
            answers.append(replay_and_unread(user_id, after))
    return answers


def unread_count_for(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


def unread_count(user: Any) -> int:
    return unread_count_for(user.pk)


def badge(user: Any) -> tuple[int, int]:
    """(unread count up to BADGE_LIMIT + 1, newest id) for the page header, which every page shows.
    Each half reads its own index: an aggregate over both would read every notification the person
    ever had, and the count stops past what the badge shows ("99+"), so someone following busy
    threads, with thousands unread, costs every page no more than anyone else. One statement, in
    SQL both databases take, since building the two querysets cost every page more than running them."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    recipient = connection.ops.quote_name(str(Notification._meta.get_field("recipient").column))
    read_at = connection.ops.quote_name(str(Notification._meta.get_field("read_at").column))
    pk = connection.ops.quote_name(str(Notification._meta.pk.column))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {recipient} = %s"  # noqa: S608
            f" AND {read_at} IS NULL LIMIT %s) AS capped),"
            f" (SELECT {pk} FROM {table} WHERE {recipient} = %s ORDER BY {pk} DESC LIMIT 1)",
            [user.pk, BADGE_LIMIT + 1, user.pk],
        )
        unread, newest = cursor.fetchone()
    return unread, newest or 0


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
