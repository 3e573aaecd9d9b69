"""A single-process channel layer that delivers a group in linear time and never drops silently.

Channels' InMemoryChannelLayer walks every channel and every group on each receive (its expiry
cleanup), which makes one group_send to n sockets cost O(n²), and it drops messages silently when a
channel's queue of 100 is full. This layer keeps the same API (a real ``channels`` layer, swappable
for channels_redis in production) but:

- each channel has an unbounded mailbox (a deque and at most one waiting future, much lighter than
  an asyncio.Queue); passing ``capacity`` logs a warning instead of dropping, so a slow consumer is
  visible in the log and loses nothing;
- expiry is lazy: an expired message is skipped when it is received, and a channel whose oldest
  message has expired (its consumer is gone) is dropped from its groups when a send next finds it;
- group membership keeps a reverse index, so discarding a channel touches only its own groups;
- ``group_send_many`` sends several group messages in one call (one hop onto the event loop for a
  notification to many users).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import deque
from collections.abc import Iterable
from copy import deepcopy
from typing import Any

from channels.layers import BaseChannelLayer

logger = logging.getLogger(__name__)


class Mailbox:
    """The messages waiting on one channel: (expires, message) pairs, and the one receiver's future."""

    __slots__ = ("items", "waiter")

    def __init__(self) -> None:
        self.items: deque[tuple[float, dict[str, Any]]] = deque()
        self.waiter: asyncio.Future[None] | None = None

    def put(self, item: tuple[float, dict[str, Any]]) -> None:
        self.items.append(item)
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def fail(self, error: BaseException) -> None:
        """Raise error in the receiver waiting now, if any (its source of messages broke)."""
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)

    async def get(self) -> tuple[float, dict[str, Any]]:
        while not self.items:
            waiter = self.waiter = asyncio.get_running_loop().create_future()
            try:
                await waiter
            finally:
                if self.waiter is waiter:
                    self.waiter = None
        return self.items.popleft()


class LocalChannelLayer(BaseChannelLayer):
    extensions = ["groups", "flush"]

    def __init__(
        self,
        expiry: int = 60,
        group_expiry: int = 86400,
        capacity: int = 1000,
        channel_capacity: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(expiry=expiry, capacity=capacity, channel_capacity=channel_capacity, **kwargs)
        self.channel_capacity = self.compile_capacities(channel_capacity or {})
        self.group_expiry = group_expiry
        self.channels: dict[str, Mailbox] = {}
        self.groups: dict[str, dict[str, float]] = {}
        self.memberships: dict[str, set[str]] = {}
        self._warned: set[str] = set()

    # Channels

    def _queue(self, channel: str) -> Mailbox:
        queue = self.channels.get(channel)
        if queue is None:
            queue = self.channels[channel] = Mailbox()
        return queue

    def _put(self, channel: str, message: dict[str, Any], now: float) -> None:
        queue = self._queue(channel)
        if len(queue.items) >= self.get_capacity(channel):
            if channel not in self._warned:
                self._warned.add(channel)
                logger.warning(
                    "Channel %s holds %d messages: its consumer is slow", channel, len(queue.items)
                )
        elif self._warned:
            self._warned.discard(channel)
        queue.put((now + self.expiry, message))

    def _is_stale(self, channel: str, now: float) -> bool:
        queue = self.channels.get(channel)
        return bool(queue is not None and queue.items and queue.items[0][0] < now)

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "message is not a dict"
        assert "__asgi_channel__" not in message
        self.require_valid_channel_name(channel)
        self._put(channel, deepcopy(message), time.time())

    async def receive(self, channel: str) -> dict[str, Any]:
        queue = self.channels.get(channel)
        if queue is None:  # every name with a mailbox was checked when the mailbox was made
            self.require_valid_channel_name(channel)
            queue = self._queue(channel)
        try:
            while True:
                expires, message = await queue.get()
                if expires >= time.time():
                    return message
        finally:
            # A channel in no group (e.g. a health check's) is forgotten once drained; group members
            # keep their mailbox until they leave their last group.
            if not queue.items and channel not in self.memberships and self.channels.get(channel) is queue:
                del self.channels[channel]

    async def new_channel(self, prefix: str = "specific.") -> str:
        return f"{prefix}.local!{secrets.token_urlsafe(9).replace('-', '_')}"

    # Groups

    async def group_add(self, group: str, channel: str) -> None:
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)
        self.groups.setdefault(group, {})[channel] = time.time()
        self.memberships.setdefault(channel, set()).add(group)

    async def group_discard(self, group: str, channel: str) -> None:
        self.require_valid_group_name(group)
        self.require_valid_channel_name(channel)
        self._discard(group, channel)

    def _discard(self, group: str, channel: str) -> None:
        members = self.groups.get(group)
        if members is not None:
            members.pop(channel, None)
            if not members:
                del self.groups[group]
        joined = self.memberships.get(channel)
        if joined is not None:
            joined.discard(group)
            if not joined:
                del self.memberships[channel]
                queue = self.channels.get(channel)
                if queue is not None and not queue.items and queue.waiter is None:
                    del self.channels[channel]

    def _forget_channel(self, channel: str) -> None:
        for group in list(self.memberships.get(channel, ())):
            self._discard(group, channel)
        self.channels.pop(channel, None)
        self._warned.discard(channel)

    def _send_to_group(self, group: str, message: dict[str, Any], now: float) -> None:
        members = self.groups.get(group)
        if not members:
            return
        joined_after = now - self.group_expiry
        for channel, joined in list(members.items()):
            if joined < joined_after or self._is_stale(channel, now):
                self._forget_channel(channel)
                continue
            # One deep copy per send; each receiver gets its own top-level dict.
            self._put(channel, dict(message), now)

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_group_name(group)
        self._send_to_group(group, deepcopy(message), time.time())

    async def group_send_many(self, sends: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Send many (group, message) pairs at once, in order, linear in the total number of receivers.

        The caller hands the messages over and must not change them afterwards: unlike group_send,
        nothing is deep-copied (for a notification to a thousand members the copies cost as much as
        the rest of the send). Each receiver still gets its own top-level dict.
        """
        now = time.time()
        for group, message in sends:
            self.require_valid_group_name(group)
            self._send_to_group(group, message, now)

    # Flush extension

    async def flush(self) -> None:
        self.channels = {}
        self.groups = {}
        self.memberships = {}
        self._warned = set()

    async def close(self) -> None:
        pass
