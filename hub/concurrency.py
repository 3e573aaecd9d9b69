"""Bounds how many HTTP requests run Django's synchronous code at once in one process.

Each request's sync work gets a thread of its own under ASGI; two hundred simultaneous requests
would mean two hundred threads fighting over the GIL, holding SQLite's write lock while starved
(until "database is locked") and opening a PostgreSQL connection each. Waiting requests queue here,
in the event loop, where they cost nothing; WebSocket traffic is not affected.

Sign-ins have a lane of their own: checking a password takes a quarter of a second of hashing by
design (partners.hashers runs it at low priority), so a burst of people signing in waits in its
lane instead of taking every slot from those reading pages.
"""

from __future__ import annotations

import asyncio
from typing import Any


class ConcurrencyLimit:
    def __init__(self, app: Any, limit: int, *, login_path: str = "", login_limit: int = 2) -> None:
        self.app = app
        self.limit = limit
        self.login_path = login_path
        self.login_limit = login_limit
        self._pages: asyncio.Semaphore | None = None
        self._logins: asyncio.Semaphore | None = None

    def _lane(self, scope: dict[str, Any]) -> asyncio.Semaphore:
        if self._pages is None or self._logins is None:
            self._pages = asyncio.Semaphore(self.limit)
            self._logins = asyncio.Semaphore(self.login_limit)
        if self.login_path and scope.get("method") == "POST" and scope.get("path") == self.login_path:
            return self._logins
        return self._pages

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self._lane(scope):
            await self.app(scope, receive, send)
