"""Who is on a socket: the login session named by the cookie, and its user, resolved once at connect.

Channels' AuthMiddlewareStack does this in three layers (cookies, session, auth) that each copy the
scope and stay suspended for the life of the socket, and its session layer wraps every outgoing
message to check whether the session needs saving. Sockets only read the session, so one layer does
the same with a fraction of the objects per open socket and nothing per message (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from channels.auth import get_user
from django.conf import settings
from django.http.cookie import parse_cookie


class SessionAuthMiddleware:
    """Sets scope["cookies"], scope["session"] and scope["user"] (AnonymousUser without a valid login)."""

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
        scope["user"] = await get_user(scope)
        return await self.inner(scope, receive, send)
