"""channels_redis, with a fan-out sent and received in a few round trips instead of thousands.

Sending: channels_redis sends to one group at a time, four round trips each (expire the group, read
it, expire the channel keys, an EVAL to add the message), so a notification to 1,000 members took
~4,000 round trips. group_send_many() reads every group in one pipeline and adds every message in
one EVAL per Redis host. Scores grow strictly within a process, so one user's messages keep their
order.

Receiving: every socket of a process shares one Redis key, and channels_redis takes one message off
it per receive, with a lock handed between all waiting sockets and four round trips (restore a
backup queue, BZPOPMIN, back the message up, clear the backup). Here one reader per process key
waits for the first message and takes up to receive_batch more in the same round trip, then puts
each into its socket's Mailbox (realtime/layers.py). Delivery stays at most once, as in channels:
a message popped as the process stops is lost, and the client catches up on resume. If Redis
fails, every waiting receive raises, as it did with channels_redis, so sockets close and reconnect.

Built on channels_redis 4.3's internals (_group_key, _map_channel_keys_to_connection, connection,
non_local_name); tests/realtime/test_redis_layer.py and test_redis_two_processes.py cover it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from channels_redis.core import RedisChannelLayer

from realtime.layers import Mailbox

logger = logging.getLogger(__name__)

# KEYS: group keys; ARGV[1]: memberships from before this time have expired. Every group's members as
# one reply, a line per group with names separated by spaces (channel names contain neither): Python
# parsed thousands of small replies far slower than Redis produced them.
READ_GROUPS_LUA = """
local lines = {}
for i = 1, #KEYS do
    redis.call('ZREMRANGEBYSCORE', KEYS[i], 0, ARGV[1])
    lines[i] = table.concat(redis.call('ZRANGE', KEYS[i], 0, -1), ' ')
end
return table.concat(lines, '\\n')
"""

# KEYS: channel keys (may repeat); ARGV: n messages, n capacities, n scores, the expiry, and the time
# before which queued messages have expired (dropped from each key first, as channels_redis does).
BULK_SEND_LUA = """
local n = #KEYS
local expiry = ARGV[3 * n + 1]
local stale = ARGV[3 * n + 2]
local queued = {}
local over_capacity = 0
for i = 1, n do
    local key = KEYS[i]
    if queued[key] == nil then
        redis.call('ZREMRANGEBYSCORE', key, 0, stale)
        queued[key] = redis.call('ZCARD', key)
    end
    if queued[key] < tonumber(ARGV[n + i]) then
        redis.call('ZADD', key, ARGV[2 * n + i], ARGV[i])
        queued[key] = queued[key] + 1
    else
        over_capacity = over_capacity + 1
    end
end
for key, _count in pairs(queued) do
    redis.call('EXPIRE', key, expiry)
end
return over_capacity
"""


class BulkRedisChannelLayer(RedisChannelLayer):
    _last_score = 0.0
    receive_batch = 1000
    send_slice = 200
    sweep_interval = 10.0
    # Under redis-py's default 5 s socket timeout, so an idle wait never reads as a broken connection.
    receive_wait = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._mailboxes: dict[str, Mailbox] = {}
        self._readers: dict[str, asyncio.Task[None]] = {}
        self._receivers = 0
        self._swept = time.monotonic()

    async def receive(self, channel: str) -> dict[str, Any]:
        if "!" not in channel:
            return await super().receive(channel)
        assert self.require_valid_channel_name(channel), "Channel name not valid"
        mailbox = self._mailboxes.get(channel)
        if mailbox is None:
            mailbox = self._mailboxes[channel] = Mailbox()
        self._receivers += 1
        try:
            self._start_reader(self.non_local_name(channel))
            while True:
                expires, message = await mailbox.get()
                if expires >= time.time():
                    return message
        finally:
            self._receivers -= 1
            if not mailbox.items and mailbox.waiter is None and self._mailboxes.get(channel) is mailbox:
                del self._mailboxes[channel]

    def _start_reader(self, process_channel: str) -> None:
        assert process_channel.endswith(self.client_prefix + "!"), "Wrong client prefix"
        loop = asyncio.get_running_loop()
        reader = self._readers.get(process_channel)
        if reader is None or reader.done() or reader.get_loop() is not loop:
            self._readers[process_channel] = loop.create_task(
                self._read(self.consistent_hash(process_channel), self.prefix + process_channel)
            )

    async def _read(self, index: int, key: str) -> None:
        """Move messages from this process's Redis key into its sockets' mailboxes while any wait."""
        connection = self.connection(index)
        try:
            while self._receivers:
                pipe = connection.pipeline(transaction=False)
                pipe.bzpopmin(key, timeout=self.receive_wait)
                pipe.zpopmin(key, self.receive_batch)
                first, rest = await pipe.execute()
                popped = ([(first[1], first[2])] if first else []) + list(rest)
                for payload, score in popped:
                    self._deliver(self.deserialize(payload), float(score) + self.expiry)
                self._sweep()
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.warning("Receiving from Redis failed (%s); waiting sockets are closed", error)
            for mailbox in list(self._mailboxes.values()):
                mailbox.fail(ConnectionError(f"channel layer receive failed: {error}"))

    def _deliver(self, message: dict[str, Any], expires: float) -> None:
        targets = message.pop("__asgi_channel__", None)
        if isinstance(targets, str):
            targets = [targets]
        for position, channel in enumerate(targets or ()):
            mailbox = self._mailboxes.get(channel)
            if mailbox is None:
                mailbox = self._mailboxes[channel] = Mailbox()
            mailbox.put((expires, message if position == 0 else dict(message)))

    def _sweep(self) -> None:
        """Forget mailboxes nobody has received from since their oldest message expired (gone sockets)."""
        if time.monotonic() - self._swept < self.sweep_interval:
            return
        self._swept = time.monotonic()
        now = time.time()
        for channel, mailbox in list(self._mailboxes.items()):
            if mailbox.waiter is None and (not mailbox.items or mailbox.items[0][0] < now):
                del self._mailboxes[channel]

    async def close_pools(self) -> None:
        loop = asyncio.get_running_loop()
        readers = [reader for reader in self._readers.values() if reader.get_loop() is loop]
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        self._readers.clear()
        await super().close_pools()

    def _next_score(self) -> float:
        score = max(time.time(), self._last_score + 1e-6)
        self._last_score = score
        return score

    async def group_send_many(self, sends: Iterable[tuple[str, dict[str, Any]]]) -> None:
        sends = list(sends)
        for group, _message in sends:
            assert self.require_valid_group_name(group), "Group name not valid"
        # 1. Every group's members, one EVAL per host.
        by_host: dict[int, list[int]] = defaultdict(list)
        for index, (group, _message) in enumerate(sends):
            by_host[self.consistent_hash(group)].append(index)
        members: dict[int, list[str]] = {}
        expired = int(time.time()) - self.group_expiry
        for host, indexes in by_host.items():
            keys = [self._group_key(sends[index][0]) for index in indexes]
            reply = await self.connection(host).eval(READ_GROUPS_LUA, len(keys), *keys, expired)
            for index, line in zip(indexes, reply.decode("utf8").split("\n"), strict=True):
                members[index] = line.split()
        # 2. Every message to every channel key, in order, one EVAL per host.
        keys: dict[int, list[Any]] = defaultdict(list)
        payloads: dict[int, list[Any]] = defaultdict(list)
        capacities: dict[int, list[int]] = defaultdict(list)
        scores: dict[int, list[float]] = defaultdict(list)
        for index, (_group, message) in enumerate(sends):
            if not members[index]:
                continue
            per_host, key_message, key_capacity = self._map_channel_keys_to_connection(
                members[index], message
            )
            for host, channel_keys in per_host.items():
                for channel_key in channel_keys:
                    keys[host].append(channel_key)
                    payloads[host].append(key_message[channel_key])
                    capacities[host].append(key_capacity[channel_key])
                    scores[host].append(self._next_score())
        stale = int(time.time()) - int(self.expiry)
        for host, channel_keys in keys.items():
            # In slices, so the receiving processes start on the first while the rest is queued.
            over = 0
            for start in range(0, len(channel_keys), self.send_slice):
                end = start + self.send_slice
                over += await self.connection(host).eval(
                    BULK_SEND_LUA,
                    len(channel_keys[start:end]),
                    *channel_keys[start:end],
                    *payloads[host][start:end],
                    *capacities[host][start:end],
                    *scores[host][start:end],
                    self.expiry,
                    stale,
                )
            if over:
                logger.warning("%s message(s) not queued: channel over capacity", over)
