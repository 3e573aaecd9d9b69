"""Who is on a socket: the login session named by the cookie, and its user, resolved once at connect.

Channels' AuthMiddlewareStack does this in three layers (cookies, session, auth) that each copy the
scope and stay suspended for the life of the socket, and its session layer wraps every outgoing
message to check whether the session needs saving. Sockets only read the session, so one layer does
the same with a fraction of the objects per open socket and nothing per message (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.http.cookie import parse_cookie
from django.utils.crypto import constant_time_compare

from realtime import access


def session_user(session: Any) -> Any:
    """The session's user as a request would get it (the session auth hash checked: a password
    change logs the session out), or None."""
    try:
        user_id = session[auth.SESSION_KEY]
        backend = auth.load_backend(session[auth.BACKEND_SESSION_KEY])
    except (KeyError, ImportError):
        return None
    user = backend.get_user(user_id)
    if user is None or not constant_time_compare(
        session.get(auth.HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    ):
        return None
    return user


def _resolve(session: Any) -> tuple[Any, tuple[str | None, float | None]]:
    # One trip to the database thread at connect: the session, its user and the account rules.
    user = session_user(session) or AnonymousUser()
    return user, (access.account_problem(user, session), access.seconds_left(session))


class SessionAuthMiddleware:
    """Sets scope["cookies"], scope["session"], scope["user"] (AnonymousUser without a valid login)
    and scope["account_state"] (realtime.access's verdict and the session's seconds left)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        cookies: dict[str, str] = {}
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                cookies = parse_cookie(value.decode("latin1"))
                break
        session = self.session_store(cookies.get(settings.SESSION_COOKIE_NAME))
        scope = dict(scope, cookies=cookies, session=session)
        scope["user"], scope["account_state"] = await database_sync_to_async(_resolve)(session)
        return await self.inner(scope, receive, send)
