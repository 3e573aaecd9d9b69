"""A Redis cache that fails open: when Redis is down, reads miss and writes are dropped, with a warning.

With REDIS_URL the hub uses one Redis for the channel layer and the cache (rate-limit counters,
allauth's login throttling). The database is the truth; a Redis outage must not turn every POST into
a 500, so cache errors are logged and treated as a miss (the issue's Redis-outage test covers it).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


class FailOpenRedisCache(RedisCache):
    def _guard(self, operation: str, default: Any, call: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except OUTAGE:
            logger.warning("Redis cache unavailable during %s; treating it as a miss", operation)
            return default

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guard("get", default, super().get, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._guard("get_many", {}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._guard("has_key", False, super().has_key, key, version)

    def add(self, key: Any, value: Any, timeout: Any = 300, version: Any = None) -> Any:
        return self._guard("add", False, super().add, key, value, timeout, version)

    def set(self, key: Any, value: Any, timeout: Any = 300, version: Any = None) -> Any:
        return self._guard("set", None, super().set, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = 300, version: Any = None) -> Any:
        return self._guard("set_many", [], super().set_many, data, timeout, version)

    def touch(self, key: Any, timeout: Any = 300, version: Any = None) -> Any:
        return self._guard("touch", False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._guard("delete", False, super().delete, key, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._guard("delete_many", None, super().delete_many, keys, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        try:
            return super().incr(key, delta, version)
        except OUTAGE:
            logger.warning("Redis cache unavailable during incr; treating the key as missing")
            raise ValueError(f"Key '{key}' not found (Redis unavailable)")
