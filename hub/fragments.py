"""Page fragments cached per session, language and the hub's data version.

Any committed change to the hub's data (a save or delete of any model) moves the data version on,
so the next request renders afresh. Each app's data also has a version of its own: a fragment that
says which apps it reads (reads=("meetings", "partners")) is kept while other apps change, so a
dashboard panel of meetings stays cached while people post in the forum. What changes only with
the clock (due in 2 h, overdue since) is re-rendered after FRAGMENT_SECONDS at the latest; a
fragment that knows when the clock changes it (a week's round on Monday, a meeting when it ends,
or never) says so and is kept until then, KEPT_SECONDS at most. The key holds the session, never
only the user: a fragment may carry the session's CSRF token in a form. The cache is the hub's
(Redis with REDIS_URL, shared by all processes; in process otherwise, where a change made from
another process shows when the fragment expires).

A shared fragment (shared()) is one text for everyone whose page shows the same values: a post of a
thread or a row of a list, rendered once and then read by every person who sees it alike. Its key
is the values it shows, which the caller names in full (with what the person may do to it); it is
never kept when it holds a form's CSRF token.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone, translation

from partners import versions as data_versions

T = TypeVar("T")
FRAGMENT_SECONDS = 30
KEPT_SECONDS = 600
VERSION_KEY = "hub:data-version"
# Written on every request or by the fragments' own bookkeeping, or with every service action (the
# audit log), and shown in no cached fragment.
UNWATCHED = {
    "sessions.session",
    "usersessions.usersession",
    "hub.scheduledrun",
    "partners.auditevent",
    "partners.auditchainhead",
}
# Saves of these fields alone change nothing a fragment shows (Django stamps last_login at sign-in).
UNSHOWN_FIELDS = frozenset({"last_login"})
_MISSING = object()
# How a rendered form carries the session's CSRF token: text holding it is never shared.
CSRF_FIELD = 'name="csrfmiddlewaretoken"'


def _key(app_label: str | None) -> str:
    return VERSION_KEY if app_label is None else f"{VERSION_KEY}:{app_label}"


def versions(app_labels: Sequence[str] | None) -> tuple[int, ...]:
    """The versions of the given apps' data, in one read of the cache (None: of all the data)."""
    names = [_key(None)] if app_labels is None else [_key(label) for label in app_labels]
    return data_versions.current(names)


def bump(app_label: str | None = None) -> None:
    data_versions.bump(_key(None), *([] if app_label is None else [_key(app_label)]))


def _changed(sender: Any, **kwargs: Any) -> None:
    if sender._meta.label_lower in UNWATCHED:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and update_fields <= UNSHOWN_FIELDS:
        return
    data_versions.changed(_key(None), _key(sender._meta.app_label))


def watch() -> None:
    post_save.connect(_changed, dispatch_uid="hub.fragments.saved")
    post_delete.connect(_changed, dispatch_uid="hub.fragments.deleted")
    m2m_changed.connect(_changed, dispatch_uid="hub.fragments.m2m")


def seconds_until(changes_at: datetime | None) -> int:
    """How long a fragment stays true that the clock next changes at changes_at (None: never)."""
    if changes_at is None:
        return KEPT_SECONDS
    return max(1, min(KEPT_SECONDS, math.ceil((changes_at - timezone.now()).total_seconds())))


def cached(
    request: HttpRequest,
    name: str,
    render: Callable[[], T],
    reads: Sequence[str] | None = None,
    seconds: int | Callable[[T], int] = FRAGMENT_SECONDS,
) -> T:
    """render()'s value, kept for this session until the data it reads changes; reads: the apps whose
    data it shows (None: any change renders it afresh); seconds: at most how long, or a function of
    the value that says. A value of None is kept too."""
    session_key = request.session.session_key
    if not session_key:
        return render()
    version = ".".join(map(str, versions(reads)))
    key = f"hub:fragment:{name}:{session_key}:{translation.get_language()}:{version}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = render()
        cache.set(key, value, timeout=seconds(value) if callable(seconds) else seconds)
    return value  # type: ignore[return-value]


def shared(
    name: str,
    values: Sequence[Any],
    render: Callable[[], str],
    reads: Sequence[str] | None = (),
    seconds: int = KEPT_SECONDS,
) -> str:
    """render()'s text, one for everyone: keyed by name, every value the text shows (values: what it
    shows and what the reader may do to it, in full), the versions of the apps it reads (none by
    default: the values say it all), and the language and time zone it is shown in.
    Text with a CSRF token is rendered every time."""
    place = (translation.get_language(), timezone.get_current_timezone_name())
    shown = repr((name, place, versions(reads) if reads != () else (), *values))
    key = f"hub:shared:{name}:{hashlib.blake2b(shown.encode(), digest_size=20).hexdigest()}"
    text = cache.get(key)
    if text is None:
        text = render()
        if CSRF_FIELD not in text:
            cache.set(key, text, timeout=seconds)
    return text
