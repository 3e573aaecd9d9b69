"""Many sockets asking the database the same kind of question at once, answered in one trip.

After a deploy every browser reconnects within seconds. One trip to the database thread per socket
(to resolve its session, then again to replay what it missed) meant thousands of thread hops and
thousands of compiled queries, queued behind each other until Daphne gave up on the handshakes it
had not accepted within its timeout. A Batched function takes the keys asked while the previous
trip ran and answers them together: a quiet hub sees batches of one and no added wait; a storm sees
batches of hundreds (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from channels.db import database_sync_to_async

Key = TypeVar("Key", bound=Hashable)
Result = TypeVar("Result")

BATCH_LIMIT = 250


class Batched(Generic[Key, Result]):
    """await batched(key): the result of many(keys)[i] for the key, where many answers a list of keys
    in order, run in the database thread for all the keys waiting at the time."""

    def __init__(self, many: Callable[[list[Key]], Sequence[Result]], limit: int = BATCH_LIMIT) -> None:
        self.many = many
        self.limit = limit
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: list[tuple[Key, asyncio.Future[Result]]] = []
        self._draining = False

    async def __call__(self, key: Key) -> Result:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (tests run one each): nothing carries over
            self._loop, self._waiting, self._draining = loop, [], False
        future: asyncio.Future[Result] = loop.create_future()
        self._waiting.append((key, future))
        if not self._draining:
            self._draining = True
            loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[: self.limit], self._waiting[self.limit :]
                batch = [(key, future) for key, future in batch if not future.done()]  # gone meanwhile
                if not batch:
                    continue
                try:
                    results = await database_sync_to_async(self.many)([key for key, _ in batch])
                except Exception as error:  # each asker sees the failure, as a trip of its own would
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self._draining = False
