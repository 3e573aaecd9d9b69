"""channels_redis with group_send_many(): one notification to many users in a few round trips.

channels_redis sends to one group at a time, four round trips each (expire the group, read it,
expire the channel keys, an EVAL to add the message), so a notification to 1,000 members took
~4,000 round trips. group_send_many() reads every group in one pipeline and adds every message in
one EVAL per Redis host. Scores grow strictly within a process, so one user's messages keep their
order. Built on channels_redis 4.3's internals (_group_key, _map_channel_keys_to_connection,
connection); tests/realtime/test_redis_layer.py and test_redis_two_processes.py cover it.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from channels_redis.core import RedisChannelLayer

logger = logging.getLogger(__name__)

# KEYS: channel keys (may repeat); ARGV: n messages, n capacities, n scores, then the expiry.
BULK_SEND_LUA = """
local n = #KEYS
local expiry = ARGV[3 * n + 1]
local over_capacity = 0
for i = 1, n do
    if redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') < tonumber(ARGV[n + i]) then
        redis.call('ZADD', KEYS[i], ARGV[2 * n + i], ARGV[i])
        redis.call('EXPIRE', KEYS[i], expiry)
    else
        over_capacity = over_capacity + 1
    end
end
return over_capacity
"""


class BulkRedisChannelLayer(RedisChannelLayer):
    _last_score = 0.0

    def _next_score(self) -> float:
        score = max(time.time(), self._last_score + 1e-6)
        self._last_score = score
        return score

    async def group_send_many(self, sends: Iterable[tuple[str, dict[str, Any]]]) -> None:
        sends = list(sends)
        for group, _message in sends:
            assert self.require_valid_group_name(group), "Group name not valid"
        # 1. Every group's members, one pipeline per host.
        by_host: dict[int, list[int]] = defaultdict(list)
        for index, (group, _message) in enumerate(sends):
            by_host[self.consistent_hash(group)].append(index)
        members: dict[int, list[str]] = {}
        expired = int(time.time()) - self.group_expiry
        for host, indexes in by_host.items():
            pipe = self.connection(host).pipeline()
            for index in indexes:
                key = self._group_key(sends[index][0])
                pipe.zremrangebyscore(key, min=0, max=expired)
                pipe.zrange(key, 0, -1)
            results = await pipe.execute()
            for position, index in enumerate(indexes):
                members[index] = [name.decode("utf8") for name in results[2 * position + 1]]
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
            connection = self.connection(host)
            pipe = connection.pipeline()
            for channel_key in set(channel_keys):
                pipe.zremrangebyscore(channel_key, min=0, max=stale)
            await pipe.execute()
            over = await connection.eval(
                BULK_SEND_LUA,
                len(channel_keys),
                *channel_keys,
                *payloads[host],
                *capacities[host],
                *scores[host],
                self.expiry,
            )
            if over:
                logger.warning("%s message(s) not queued: channel over capacity", over)
