"""The notification socket: authenticate, join the user's groups, relay, and replay on resume.

Protocol and close codes: docs/REALTIME.md. A socket starts delivering live notifications once the
client has sent its first "resume": the replay reads the database (everything committed so far) and
every live push after it is filtered against the highest id already sent, so a client sees each
notification once, in order, without gaps.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import time
from importlib import import_module
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings

from realtime import access, selectors
from realtime.batching import Batched
from realtime.groups import session_group, user_group
from realtime.middleware import session_user

CLOSE_UNAUTHENTICATED = 4401
CLOSE_SESSION_ENDED = 4403
CLOSE_RATE_LIMITED = 4429

_INVALID = object()

# Sockets resuming at the same time (after a deploy, all of them) read their rows in one trip.
_replay_and_unread = Batched(selectors.replay_and_unread_many)


class TokenBucket:
    """rate tokens a second, up to burst; each client message takes one."""

    __slots__ = ("rate", "burst", "tokens", "stamp")

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class RateLimitedJsonConsumer(AsyncJsonWebsocketConsumer):
    """JSON socket that rate-limits client messages and answers bad input with an error, never a crash."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Channels' consumer loop, leaner: long-lived pumps instead of new tasks per message.

        channels.utils.await_many_dispatch creates a task and an asyncio.wait() for every message;
        with one notification to 1,000 sockets that bookkeeping was a large part of the event loop's
        work. Here the websocket is read in this task and the channel layer in one more, each
        dispatching in arrival order while a lock keeps handlers one at a time, as channels does.
        """
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.base_send = send
        lock = asyncio.Lock()

        async def pump(source: Any) -> None:
            while True:
                message = await source()
                async with lock:
                    await self.dispatch(message)

        if self.channel_layer is None:
            with contextlib.suppress(StopConsumer):
                await pump(receive)
            return
        self.channel_name = await self.channel_layer.new_channel()
        self.channel_receive = functools.partial(self.channel_layer.receive, self.channel_name)
        layer_pump = asyncio.ensure_future(pump(self.channel_receive))
        socket_pump = asyncio.current_task()
        assert socket_pump is not None

        def stop_if_failed(task: asyncio.Task[None]) -> None:
            if not task.cancelled() and task.exception() is not None:
                socket_pump.cancel()

        layer_pump.add_done_callback(stop_if_failed)
        try:
            await pump(receive)
        except StopConsumer:
            pass
        except asyncio.CancelledError:
            error = None if not layer_pump.done() or layer_pump.cancelled() else layer_pump.exception()
            if error is None:
                raise
            if not isinstance(error, StopConsumer):
                raise error from None
        finally:
            layer_pump.remove_done_callback(stop_if_failed)
            layer_pump.cancel()
            await asyncio.gather(layer_pump, return_exceptions=True)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Like channels' dispatch, without its close_old_connections() hop before every message.

        Channels runs that through sync_to_async on the one thread-sensitive executor thread, so a
        notification to 1,000 sockets queued 1,000 thread hops behind the HTTP views (the main cost
        found by profiling, docs/PERFORMANCE.md). Our consumers touch the database only through
        database_sync_to_async, which closes old connections itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        if not hasattr(self, "bucket"):
            self.bucket = TokenBucket(settings.REALTIME_SOCKET_RATE, settings.REALTIME_SOCKET_BURST)
        if not self.bucket.take():
            await self.close(code=CLOSE_RATE_LIMITED)
            return
        if text_data is None:
            await self.send_error("expected a text frame with a JSON object")
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_error("malformed JSON")
            return
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_error("expected a JSON object with a 'type'")
            return
        await self.receive_json(content, **kwargs)

    async def send_error(self, error: str) -> None:
        await self.send_json({"type": "error", "error": error})


def _fresh_account_state(session_key: str | None) -> tuple[str | None, float | None]:
    """The account state as a new request would see it: the session re-read from its store and its
    user re-read with the session auth hash checked (a password change logs the session out)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return access.account_state(session_user(session), session)


class AccountSocket(RateLimitedJsonConsumer):
    """The base of every socket: the account must pass the same rules as over HTTP (realtime.access),
    at connect and again whenever its session would expire; the socket joins the user's and the
    session's groups, so deactivation, logout and "end other sessions" close it; client messages
    are rate-limited. Subclasses say who else may not join (admit) and which groups to add."""

    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        user = self.scope.get("user")
        session = self.scope.get("session")
        # Worked out with the user by realtime.middleware; asked here when a test built the scope.
        state = self.scope.pop("account_state", None)
        problem, left = (
            state if state is not None else await database_sync_to_async(access.account_state)(user, session)
        )
        if problem is not None:
            unauthenticated = problem == "unauthenticated"
            await self.close(code=CLOSE_UNAUTHENTICATED if unauthenticated else CLOSE_SESSION_ENDED)
            return
        self.user_id = user.pk
        self.session_key = getattr(session, "session_key", None)
        extra = await self.admit(user)
        if extra is None:
            return
        groups = [user_group(user.pk), *extra]
        if self.session_key:
            groups.append(session_group(self.session_key))
        # Keep only ids: a thousand idle sockets should not each hold a User, a session object and
        # the handshake's headers.
        for key in ("user", "session", "cookies", "headers"):
            self.scope.pop(key, None)
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()
        self._watch_expiry(left)

    async def admit(self, user: Any) -> list[str] | None:
        """Extra groups to join, or None after closing the socket (no permission)."""
        return []

    def _watch_expiry(self, left: float | None) -> None:
        if left is None:
            return
        loop = asyncio.get_running_loop()
        self._expiry = loop.call_later(max(left, 0) + 1, lambda: asyncio.ensure_future(self._recheck()))

    async def _recheck(self) -> None:
        problem, left = await database_sync_to_async(_fresh_account_state)(self.session_key)
        if problem is not None:
            await self.close(code=CLOSE_SESSION_ENDED)
            return
        self._watch_expiry(left)

    async def disconnect(self, code: int) -> None:
        expiry = getattr(self, "_expiry", None)
        if expiry is not None:
            expiry.cancel()
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def notification_push(self, event: dict[str, Any]) -> None:
        """The user's group also carries notifications; only the notification socket relays them."""

    async def session_ended(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_SESSION_ENDED)


class NotificationConsumer(AccountSocket):
    async def admit(self, user: Any) -> list[str] | None:
        self.resumed = False
        self.last_sent = 0
        return []

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        if content["type"] != "resume":
            await self.send_error("unknown message type")
            return
        after = content.get("after", 0)
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            await self.send_error("'after' must be a notification id")
            return
        # Only ever the socket user's own rows: an id of someone else's notification just means
        # "everything of mine after that number".
        self.resumed = True
        after = max(after, self.last_sent)
        while True:
            missed, unread = await _replay_and_unread((self.user_id, after))
            for message in missed:
                await self.send_json(message)
            if missed:
                after = int(missed[-1]["id"])  # type: ignore[call-overload]
                self.last_sent = after
            if len(missed) < selectors.REPLAY_LIMIT:
                break
        await self.send_json({"type": "unread", "count": unread})

    async def notification_push(self, event: dict[str, Any]) -> None:
        """Relay one notification, already encoded by notify() (the wire format of as_message())."""
        # Before the first resume the replay will include it; at or below last_sent it went out already.
        if not self.resumed or event["id"] <= self.last_sent:
            return
        self.last_sent = event["id"]
        await self.send(text_data=event["json"])
