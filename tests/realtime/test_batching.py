"""Batched: keys asked while a trip runs are answered together in the next one."""

import asyncio

import pytest

from realtime.batching import Batched

pytestmark = pytest.mark.django_db(transaction=True)


def test_keys_asked_at_once_are_answered_in_one_call_each_with_its_own_result():
    calls = []

    def many(keys):
        calls.append(list(keys))
        return [key * 10 for key in keys]

    batched = Batched(many)

    async def run():
        return await asyncio.gather(*(batched(key) for key in range(5)))

    assert asyncio.run(run()) == [0, 10, 20, 30, 40]
    assert calls == [[0, 1, 2, 3, 4]]


def test_keys_asked_during_a_trip_wait_for_the_next_one_and_batches_keep_to_the_limit():
    calls = []

    def many(keys):
        calls.append(list(keys))
        return keys

    batched = Batched(many, limit=2)

    async def run():
        first = asyncio.ensure_future(batched(0))
        await asyncio.sleep(0.05)
        return await asyncio.gather(first, *(batched(key) for key in range(1, 6)))

    assert asyncio.run(run()) == [0, 1, 2, 3, 4, 5]
    assert calls == [[0], [1, 2], [3, 4], [5]]


def test_a_failed_trip_fails_each_of_its_askers_and_the_next_trip_runs():
    def many(keys):
        if 0 in keys:
            raise RuntimeError("database gone")
        return keys

    batched = Batched(many)

    async def run():
        failed = await asyncio.gather(batched(0), batched(1), return_exceptions=True)
        return failed, await batched(2)

    failed, later = asyncio.run(run())
    assert [type(error) for error in failed] == [RuntimeError, RuntimeError] and later == 2


def test_an_asker_that_went_away_is_left_out_of_the_trip():
    calls = []

    def many(keys):
        calls.append(list(keys))
        return keys

    batched = Batched(many)

    async def run():
        gone = asyncio.ensure_future(batched(0))
        kept = asyncio.ensure_future(batched(1))
        await asyncio.sleep(0)
        gone.cancel()
        return await kept

    assert asyncio.run(run()) == 1
    assert calls == [[1]]
