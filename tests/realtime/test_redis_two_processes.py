"""Two Daphne processes sharing a real Redis: delivery across processes, and a Redis outage.

Runs in CI, where .ci/run installs redis-server.
"""

import asyncio
import shutil

import pytest
import websockets

from tests.realtime.live import (
    answer_escalation,
    new_database_env,
    next_notification,
    open_socket,
    resume,
    seed,
)
from tests.support import free_port, hub_env, manage, redis_server, start_daphne, stop

pytestmark = pytest.mark.redis


async def test_notification_crosses_processes_and_survives_a_redis_outage():
    port = free_port()
    env = new_database_env(hub_env, REDIS_URL=f"redis://127.0.0.1:{port}/0", DJANGO_LOG_LEVEL="ERROR")
    manage(env, "migrate", "--no-input")
    data = seed(env)
    first = second = None
    with redis_server(port) as (redis, _port):
        try:
            first = start_daphne(env)
            second = start_daphne(env)
            socket = await open_socket(second, data["member"])
            await resume(socket)
            # Idle longer than channels_redis's 5 s BZPOPMIN: the consumer must survive it.
            await asyncio.sleep(7)
            # Acting through the first process reaches a socket held by the second.
            status = await asyncio.to_thread(
                answer_escalation, first.url, data["leader"], data["escalations"][0]
            )
            assert status == 302
            delivered = await next_notification(socket)
            assert delivered["kind"] == "escalation.answered"

            redis.kill()
            redis.wait()
            # Redis is down: the action still succeeds and the notification is persisted.
            status = await asyncio.to_thread(
                answer_escalation, first.url, data["leader"], data["escalations"][1]
            )
            assert status == 302
            await socket.close()
        except BaseException:
            for server in (first, second):
                if server is not None:
                    print(server.output())
                    stop(server.process)
            raise
    try:
        with redis_server(port):
            # Back on the same port: a reconnecting client resumes and gets what it missed, once.
            for _attempt in range(50):
                try:
                    socket = await open_socket(second, data["member"])
                    replayed = await resume(socket, after=delivered["id"])
                    break
                except (OSError, websockets.InvalidStatus, websockets.ConnectionClosed, TimeoutError):
                    await asyncio.sleep(0.2)
            else:
                raise AssertionError("could not reconnect after Redis came back:\n" + second.output())
            missed = [message for message in replayed if message["type"] == "notification"]
            assert [message["kind"] for message in missed] == ["escalation.answered"]
            assert missed[0]["id"] > delivered["id"]
            # And live delivery works again across processes.
            status = await asyncio.to_thread(
                answer_escalation, first.url, data["leader"], data["escalations"][2]
            )
            assert status == 302
            # Both processes reconnect to Redis on their own; on a busy machine that takes seconds.
            assert (await next_notification(socket, timeout=20))["id"] > missed[0]["id"]
            await socket.close()
    finally:
        for server in (first, second):
            if server is not None:
                stop(server.process)
        shutil.rmtree(env["DATABASE_URL"].removeprefix("sqlite:///").rsplit("/", 1)[0], ignore_errors=True)
