"""Bounds how many HTTP requests run Django's synchronous code at once in one process.

Each request's sync work gets a thread of its own under ASGI; two hundred simultaneous requests
would mean two hundred threads fighting over the GIL, holding SQLite's write lock while starved
(until "database is locked") and opening a PostgreSQL connection each. Waiting requests queue here,
in the event loop, where they cost nothing; WebSocket traffic is not affected.
"""

from __future__ import annotations

import asyncio
from typing import Any


class ConcurrencyLimit:
    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit
        self._semaphore: asyncio.Semaphore | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.limit)
        async with self._semaphore:
            await self.app(scope, receive, send)
