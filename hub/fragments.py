"""Page fragments cached per session, language and the hub's data version.

Any committed change to the hub's data (a save or delete of any model, the audit record every
service writes included) moves the data version on, so the next request renders afresh; what
changes only with the clock (due in 2 h, overdue since) is re-rendered after FRAGMENT_SECONDS at
the latest. The key holds the session, never only the user: a fragment may carry the session's
CSRF token in a form. The cache is the hub's (Redis with REDIS_URL, shared by all processes; in
process otherwise, where a change made from another process shows after FRAGMENT_SECONDS).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import translation

T = TypeVar("T")
FRAGMENT_SECONDS = 30
VERSION_KEY = "hub:data-version"
# Written on every request or by the fragments' own bookkeeping, and shown in no cached fragment.
UNWATCHED = {"sessions.session", "usersessions.usersession", "hub.scheduledrun"}


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _changed(sender: Any, **kwargs: Any) -> None:
    if sender._meta.label_lower in UNWATCHED:
        return
    # Now, so this request's next read misses; and at commit, so nothing rendered from the data
    # before the commit stays cached under the new version.
    bump()
    transaction.on_commit(bump)


def watch() -> None:
    post_save.connect(_changed, dispatch_uid="hub.fragments.saved")
    post_delete.connect(_changed, dispatch_uid="hub.fragments.deleted")
    m2m_changed.connect(_changed, dispatch_uid="hub.fragments.m2m")


def cached(request: HttpRequest, name: str, render: Callable[[], T]) -> T:
    session_key = request.session.session_key
    if not session_key:
        return render()
    key = f"hub:fragment:{name}:{session_key}:{translation.get_language()}:{data_version()}"
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, timeout=FRAGMENT_SECONDS)
    return value
