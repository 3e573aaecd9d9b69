"""notify(): persist notifications, then push them to the recipients' sockets once the transaction commits.

realtime knows no domain app: callers hand it recipients, a kind, a text and a link. The database is
the truth; the push is a best effort (a client that missed it catches up with "resume"), so a failing
channel layer is logged and never fails the caller's request.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from realtime.groups import session_group, user_group
from realtime.kinds import label_for, require
from realtime.messages import Message
from realtime.models import Delivery, Notification, NotificationPreference

logger = logging.getLogger(__name__)

Send = tuple[str, dict[str, Any]]
# Concurrent group sends on a layer without group_send_many (channels_redis).
SEND_CONCURRENCY = 32


class Written(NamedTuple):
    """One notification notify() wrote."""

    id: int
    recipient_id: int


def notify(
    recipients: Iterable[Any],
    kind: str,
    text: str | Message,
    url: str = "",
    actor: Any | None = None,
) -> list[Written]:
    """Write one Notification per distinct active recipient (the actor is never told of their own act).

    recipients is users or a queryset of users; a queryset never leaves the database (one
    INSERT ... SELECT), which matters when an organisation of a thousand members is told at once.
    Then, after commit, one hop onto the event loop sends to every recipient's group, and those who
    asked for it get an email. Nothing is sent after a rollback.
    """
    require(kind)
    actor_id = actor.pk if actor is not None else None
    message = text.dumps() if isinstance(text, Message) else ""
    text = text.in_hub_language() if isinstance(text, Message) else text
    text, url = text[:500], url[:500]
    created_at = timezone.now()
    ids: set[Any] = set()
    if not isinstance(recipients, QuerySet):
        ids = {user.pk for user in recipients if user is not None and user.is_active}
        ids.discard(actor_id)
        if not ids:
            return []
    with transaction.atomic():
        if isinstance(recipients, QuerySet):
            written = _insert_selected(recipients, kind, text, message, url, actor_id, created_at)
        else:
            written = _insert_values(sorted(ids), kind, text, message, url, actor_id, created_at)
        if not written:
            return []
        written.sort()
        wire = _wire_format(kind, text, url, created_at)
        sends = [
            (user_group(row.recipient_id), {"type": "notification.push", "id": row.id, "json": wire(row.id)})
            for row in written
        ]
        transaction.on_commit(lambda: push(sends))
        # Few people ask for email: read their ids rather than send every recipient's id to the database.
        by_email = set(
            NotificationPreference.objects.filter(kind=kind, delivery=Delivery.IMMEDIATE).values_list(
                "user_id", flat=True
            )
        )
        emailed = [row.id for row in written if row.recipient_id in by_email]
        if emailed:
            transaction.on_commit(lambda: email_immediately(emailed))
    return written


def _wire_format(kind: str, text: str, url: str, created_at: Any) -> Callable[[int], str]:
    """Notification.as_message() as JSON text for any id, encoded once per notify() rather than per row.

    Inside JSON strings every quote is escaped, so the first '"id": 0' is the key itself.
    """
    template = Notification(id=0, kind=kind, text=text, url=url, created_at=created_at).as_message()
    head, tail = json.dumps(template).split('"id": 0', 1)
    return lambda pk: f'{head}"id": {pk}{tail}'


_COLUMNS = ["recipient_id", "kind", "text", "message", "url", "actor_id", "created_at"]


def _insert_into() -> str:
    meta = Notification._meta
    quoted = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS)
    return f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({quoted})"


def _returning() -> str:
    return f"RETURNING {connection.ops.quote_name('id')}, {connection.ops.quote_name('recipient_id')}"


def _insert_selected(
    recipients: QuerySet[Any],
    kind: str,
    text: str,
    message: str,
    url: str,
    actor_id: int | None,
    created_at: Any,
) -> list[Written]:
    """INSERT ... SELECT ... RETURNING: the recipients' ids never travel to Python and back."""
    users = recipients.model._meta
    chosen = recipients.filter(is_active=True).order_by().values("pk")
    if actor_id is not None:
        chosen = chosen.exclude(pk=actor_id)
    subquery, subquery_params = chosen.query.get_compiler(using=chosen.db).as_sql()
    table, pk = connection.ops.quote_name(users.db_table), connection.ops.quote_name(users.pk.column)
    stamp = connection.ops.adapt_datetimefield_value(created_at)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_insert_into()} SELECT {table}.{pk}, %s, %s, %s, %s, %s, %s FROM {table} "  # noqa: S608
            f"WHERE {table}.{pk} IN ({subquery}) {_returning()}",
            [kind, text, message, url, actor_id, stamp, *subquery_params],
        )
        return [Written(*row) for row in cursor.fetchall()]


def _insert_values(
    recipient_ids: list[int],
    kind: str,
    text: str,
    message: str,
    url: str,
    actor_id: int | None,
    created_at: Any,
) -> list[Written]:
    """One multi-row INSERT ... RETURNING per batch (SQLite 3.35+ and PostgreSQL).

    Django's bulk_create prepares every field of every object in Python; for a notification to a
    thousand members that was most of the request's time (docs/PERFORMANCE.md). Every row shares
    kind, text, url, actor and timestamp, so the values are adapted once.
    """
    stamp = connection.ops.adapt_datetimefield_value(created_at)
    max_params = connection.features.max_query_params or 999
    batch = max(1, min(500, max_params // len(_COLUMNS)))
    written: list[Written] = []
    with connection.cursor() as cursor:
        for start in range(0, len(recipient_ids), batch):
            chunk = recipient_ids[start : start + batch]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            params: list[Any] = []
            for recipient_id in chunk:
                params.extend((recipient_id, kind, text, message, url, actor_id, stamp))
            cursor.execute(f"{_insert_into()} VALUES {placeholders} {_returning()}", params)
            written.extend(Written(*row) for row in cursor.fetchall())
    return written


async def _send_all(layer: Any, sends: Sequence[Send]) -> None:
    group_send_many = getattr(layer, "group_send_many", None)
    if group_send_many is not None:
        await group_send_many(sends)
        return
    # Other layers (Redis): each group's messages in order, the groups concurrently.
    per_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for group, message in sends:
        per_group[group].append(message)

    # Bounded: redis-py's pool holds 100 connections and refuses more ("Too many connections"),
    # which lost all but ~99 of a 1,000-member fan-out before this limit (docs/PERFORMANCE.md).
    gate = asyncio.Semaphore(SEND_CONCURRENCY)

    async def in_order(group: str, messages: list[dict[str, Any]]) -> None:
        async with gate:
            for message in messages:
                await layer.group_send(group, message)

    results = await asyncio.gather(
        *(in_order(group, messages) for group, messages in per_group.items()), return_exceptions=True
    )
    failures = [result for result in results if isinstance(result, BaseException)]
    if failures:
        raise failures[0]


def push(sends: Sequence[Send]) -> None:
    """Send group messages from sync code in one hop; log and swallow a failing channel layer."""
    layer = get_channel_layer()
    if layer is None or not sends:
        return
    try:
        async_to_sync(_send_all)(layer, sends)
    except Exception:
        logger.exception(
            "Channel layer send failed for %d message(s); clients catch up on resume", len(sends)
        )


def disconnect_users(user_ids: Iterable[int], reason: str = "ended") -> None:
    """Close every socket of these users (deactivated, all sessions ended) once the transaction commits."""
    message = {"type": "session.ended", "reason": reason}
    sends = [(user_group(user_id), message) for user_id in user_ids]
    transaction.on_commit(lambda: push(sends))


def disconnect_session(session_key: str | None, reason: str = "logged_out") -> None:
    """Close only the sockets opened under one login session (a logout in one browser)."""
    if not session_key:
        return
    message = {"type": "session.ended", "reason": reason}
    transaction.on_commit(lambda: push([(session_group(session_key), message)]))


def mark_read(*, user: Any, notification_id: int) -> Notification | None:
    """Mark one of the user's own notifications read; None when it is not theirs."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: Any) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def set_preferences(*, user: Any, deliveries: dict[str, str]) -> None:
    """Store how each kind reaches the user; in-app only needs no row."""
    with transaction.atomic():
        for kind, delivery in deliveries.items():
            if delivery not in Delivery.values:
                raise ValueError(f"unknown delivery {delivery!r}")
            if delivery == Delivery.IN_APP:
                NotificationPreference.objects.filter(user=user, kind=kind).delete()
            else:
                NotificationPreference.objects.update_or_create(
                    user=user, kind=kind, defaults={"delivery": delivery}
                )


def _absolute(url: str) -> str:
    if url.startswith("/"):
        return settings.HUB_SITE_URL.rstrip("/") + url
    return url


def email_immediately(notification_ids: Sequence[int]) -> int:
    """Email each notification on its own and mark it emailed; a mail failure is logged, not raised."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient"):
        subject = _("Samverkan: %(kind)s") % {"kind": label_for(notification.kind)}
        body = f"{notification.text}\n\n{_absolute(notification.url)}\n"
        try:
            send_mail(subject, body, None, [notification.recipient.email])
        except Exception:
            logger.exception("Could not email notification %s", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def send_digests(*, now: Any = None) -> int:
    """One email per user with every digest-kind notification not yet emailed; marks what it sent.

    Running it twice sends nothing the second time (emailed_at is set in the same transaction as the
    user's batch is picked, after the mail went out).
    """
    now = now or timezone.now()
    preferences = NotificationPreference.objects.filter(delivery=Delivery.DIGEST).values_list(
        "user_id", "kind"
    )
    kinds_by_user: dict[int, set[str]] = defaultdict(set)
    for user_id, kind in preferences:
        kinds_by_user[user_id].add(kind)
    sent = 0
    for user_id, kinds in kinds_by_user.items():
        with transaction.atomic():
            pending = list(
                Notification.objects.select_related("recipient")
                .filter(
                    recipient_id=user_id,
                    recipient__is_active=True,
                    kind__in=kinds,
                    emailed_at__isnull=True,
                    read_at__isnull=True,
                    created_at__lte=now,
                )
                .order_by("id")
            )
            if not pending:
                continue
            recipient = pending[0].recipient
            lines = [f"- {row.text}\n  {_absolute(row.url)}" for row in pending]
            body = _("What happened in Samverkan since the last digest:") + "\n\n" + "\n".join(lines) + "\n"
            try:
                send_mail(_("Samverkan: daily digest"), body, None, [recipient.email])
            except Exception:
                logger.exception("Could not send the digest to user %s", user_id)
                continue
            Notification.objects.filter(pk__in=[row.pk for row in pending]).update(emailed_at=now)
            sent += 1
    return sent
