"""Read paths for notifications."""

from __future__ import annotations

from realtime.models import Notification

REPLAY_LIMIT = 500


def replay_for(user_id: int, after: int) -> tuple[list[dict[str, object]], int]:
    """Notifications the user has not seen on this socket, oldest first, and the unread count."""
    missed = Notification.objects.filter(recipient_id=user_id, id__gt=after).order_by("id")[:REPLAY_LIMIT]
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
    return [row.as_message() for row in missed], unread


def unread_count(user: object) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
