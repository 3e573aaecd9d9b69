"""The Redis cache used with REDIS_URL fails open when Redis is unreachable."""

import pytest

from realtime.cache import FailOpenRedisCache


@pytest.fixture
def dead_cache():
    return FailOpenRedisCache("redis://127.0.0.1:1/0", {})


def test_reads_miss_and_writes_are_dropped(dead_cache):
    assert dead_cache.get("key", "fallback") == "fallback"
    assert dead_cache.add("key", 1) is False
    dead_cache.set("key", 1)
    assert dead_cache.get_many(["key"]) == {}


def test_incr_behaves_like_a_missing_key(dead_cache):
    with pytest.raises(ValueError):
        dead_cache.incr("key")
