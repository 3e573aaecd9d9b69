"""Who is on a socket: the login session named by the cookie, and its user, resolved once at connect.

Channels' AuthMiddlewareStack does this in three layers (cookies, session, auth) that each copy the
scope and stay suspended for the life of the socket, and its session layer wraps every outgoing
message to check whether the session needs saving. Sockets only read the session, so one layer does
the same with a fraction of the objects per open socket and nothing per message (docs/PERFORMANCE.md).
Sockets connecting at the same time are resolved together (realtime.batching): their sessions in one
query and their users in another.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.http.cookie import parse_cookie
from django.urls import URLPattern
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from realtime import access
from realtime.batching import Batched

AccountState = tuple[str | None, float | None]


def session_user(session: Any) -> Any:
    """The session's user as a request would get it (the session auth hash checked: a password
    change logs the session out), or None."""
    return _checked_user(session, None)


def _checked_user(session: Any, loaded: dict[tuple[str, Any], Any] | None) -> Any:
    try:
        user_id = session[auth.SESSION_KEY]
        backend_path = session[auth.BACKEND_SESSION_KEY]
        backend = auth.load_backend(backend_path)
    except (KeyError, ImportError):
        return None
    if loaded is not None and (backend_path, user_id) in loaded:
        user = loaded[(backend_path, user_id)]
    else:
        user = backend.get_user(user_id)
    if user is None or not constant_time_compare(
        session.get(auth.HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    ):
        return None
    return user


def _preloaded(store: Any, key: str, row: Any) -> Any:
    """A database session whose row was read with others; load() decodes it as Django would. (Not a
    subclass: the signing salt is named after the class.)"""
    session = store(key)

    def read_with_the_others() -> Any:
        if row is None:
            session._session_key = None  # as Django does for a missing or expired session
        return row

    session._get_session_from_db = read_with_the_others
    return session


def _sessions(store: Any, keys: list[str | None]) -> list[Any]:
    if store is not DatabaseSessionStore:
        return [store(key) for key in keys]  # another engine: each session read its own way
    wanted = {key for key in keys if key}
    current = store.get_model_class().objects.filter(session_key__in=wanted, expire_date__gt=timezone.now())
    rows = {row.session_key: row for row in current}
    return [_preloaded(store, key, rows.get(key)) if key else store(None) for key in keys]


def _users(sessions: list[Any]) -> dict[tuple[str, Any], Any]:
    """The sessions' users, one query per backend that can load many (partners.backends)."""
    wanted: dict[str, set[Any]] = {}
    for session in sessions:
        try:
            wanted.setdefault(session[auth.BACKEND_SESSION_KEY], set()).add(session[auth.SESSION_KEY])
        except KeyError:
            continue
    loaded: dict[tuple[str, Any], Any] = {}
    for path, ids in wanted.items():
        try:
            get_users = getattr(auth.load_backend(path), "get_users", None)
        except ImportError:
            continue
        if get_users is not None:
            users = get_users(ids)
            loaded.update({(path, user_id): users.get(user_id) for user_id in ids})
    return loaded


def resolve_sessions(keys: list[str | None]) -> list[tuple[Any, Any, AccountState]]:
    """For each session key: the session, its user (AnonymousUser without a valid login), and the
    account rules' verdict with the seconds the session has left; in one trip to the database."""
    sessions = _sessions(import_module(settings.SESSION_ENGINE).SessionStore, keys)
    loaded = _users(sessions)
    resolved = []
    for session in sessions:
        user = _checked_user(session, loaded) or AnonymousUser()
        resolved.append((session, user, access.account_state(user, session)))
    return resolved


_resolve = Batched(resolve_sessions)


class SessionAuthMiddleware:
    """Sets scope["cookies"], scope["session"], scope["user"] (AnonymousUser without a valid login)
    and scope["account_state"] (realtime.access's verdict and the session's seconds left).

    Wrap each consumer with it, innermost (with_login), so the scope it fills is the consumer's own:
    what the consumer drops after connecting is then held by nothing else for the socket's life."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        scope = dict(scope)
        await _fill(scope)  # in a frame of its own: nothing of it stays suspended with this one
        return await self.inner(scope, receive, send)


async def _fill(scope: dict[str, Any]) -> None:
    cookies: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            cookies = parse_cookie(value.decode("latin1"))
            break
    session, user, state = await _resolve(cookies.get(settings.SESSION_COOKIE_NAME))
    scope.update(cookies=cookies, session=session, user=user, account_state=state)


def with_login(patterns: list[Any]) -> list[Any]:
    """The socket routes with each consumer behind SessionAuthMiddleware."""
    return [
        URLPattern(
            pattern.pattern, SessionAuthMiddleware(pattern.callback), pattern.default_args, pattern.name
        )
        for pattern in patterns
    ]
