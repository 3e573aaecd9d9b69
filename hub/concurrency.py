"""Bounds how many HTTP requests run Django's synchronous code at once in one process, and on which
threads.

Under ASGI, Django gives each request's sync work a thread of its own, made for the request and
thrown away after it. Two hundred simultaneous requests would mean two hundred threads fighting over
the GIL, holding SQLite's write lock while starved (until "database is locked") and opening a
database connection each. Here a lane holds a few slots, each with one worker thread that lives as
long as the process; a request takes a free slot and its sync code runs on that slot's thread
(asgiref's ThreadSensitiveContext with an executor, which Django's own per-request context then
joins). So the threads, and with CONN_MAX_AGE their database connections, are made once and reused
(docs/PERFORMANCE.md). Waiting requests queue here, in the event loop, where they cost nothing;
WebSocket traffic is not affected.

Sign-ins have a lane of their own: checking a password costs hashing by design (partners.hashers
runs it at low priority), so a burst of people signing in waits in its lane instead of taking
every slot from those reading pages.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext


class Lane:
    """size requests at once, each on one of size long-lived worker threads."""

    def __init__(self, size: int, name: str) -> None:
        self.size = size
        self.name = name
        self._slots: asyncio.Semaphore | None = None
        self._free: list[ThreadPoolExecutor] = []

    async def run(self, app: Any, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
            # A thread starts on its first piece of work, so an idle lane costs nothing.
            self._free = [
                ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{self.name}-{slot}")
                for slot in range(self.size)
            ]
        async with self._slots:
            executor = self._free.pop()
            try:
                async with ThreadSensitiveContext(executor=executor):
                    await app(scope, receive, send)
            finally:
                # Work a cancelled request left running finishes on this thread before the next
                # request's, in order: the executor has one worker.
                self._free.append(executor)


class ConcurrencyLimit:
    def __init__(self, app: Any, limit: int, *, login_path: str = "", login_limit: int = 2) -> None:
        self.app = app
        self.login_path = login_path
        self.pages = Lane(limit, "http")
        self.logins = Lane(login_limit, "login")

    def _lane(self, scope: dict[str, Any]) -> Lane:
        if self.login_path and scope.get("method") == "POST" and scope.get("path") == self.login_path:
            return self.logins
        return self.pages

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self._lane(scope).run(self.app, scope, receive, send)
