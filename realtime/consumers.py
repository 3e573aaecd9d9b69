"""The notification socket: authenticate, join the user's group, relay, and replay on resume."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from realtime import selectors
from realtime.groups import user_group

CLOSE_UNAUTHENTICATED = 4401
CLOSE_SESSION_ENDED = 4403


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user_id = user.pk
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        group = getattr(self, "group", None)
        if group:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "error": "expected a JSON object"})
            return
        if content.get("type") == "resume":
            after = content.get("after", 0)
            if isinstance(after, bool) or not isinstance(after, int) or after < 0:
                await self.send_json({"type": "error", "error": "'after' must be a notification id"})
                return
            missed, unread = await database_sync_to_async(selectors.replay_for)(self.user_id, after)
            for message in missed:
                await self.send_json(message)
            await self.send_json({"type": "unread", "count": unread})
            return
        await self.send_json({"type": "error", "error": "unknown message type"})

    async def decode_json(self, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def notification_push(self, event: dict[str, Any]) -> None:
        await self.send_json(event["message"])

    async def session_ended(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_SESSION_ENDED)
