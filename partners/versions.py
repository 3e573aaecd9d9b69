"""Versions of the hub's data, kept in the hub's cache: a number per name that moves whenever that
data changes, so whatever was kept under the old number is read no more (hub.fragments' fragments,
the forum's readable categories). Redis with REDIS_URL, shared by every process; in process
otherwise, where a change made by another process is seen only when what was kept expires."""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.core.cache import cache
from django.db import transaction


def current(names: Sequence[str]) -> tuple[int, ...]:
    """The versions of the named data, in one read of the cache."""
    found = cache.get_many(names)
    for name in names:
        if name not in found:
            cache.add(name, _fresh(), timeout=None)
            found[name] = cache.get(name, 1)
    return tuple(int(found[name]) for name in names)


def _fresh() -> int:
    # A version made anew (first use, or the cache lost it) never equals one already used, so
    # nothing kept under an earlier life of the name is read again.
    return time.time_ns() // 1000


def bump(*names: str) -> None:
    for name in names:
        try:
            cache.incr(name)
        except ValueError:
            cache.set(name, _fresh(), timeout=None)


def changed(*names: str) -> None:
    """The named data changed: now, so this request's next read misses; and again at commit, so
    nothing read before the commit is kept under the new version."""
    bump(*names)
    transaction.on_commit(lambda: bump(*names))
