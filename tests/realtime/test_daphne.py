"""A real websockets client against the hub under Daphne (the single-process default layer)."""

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
from tests.support import hub_env, manage, start_daphne, stop


@pytest.fixture(scope="module")
def hub():
    env = new_database_env(hub_env)
    manage(env, "migrate", "--no-input")
    data = seed(env)
    server = start_daphne(env)
    yield server, data
    stop(server.process)
    shutil.rmtree(env["DATABASE_URL"].removeprefix("sqlite:///").rsplit("/", 1)[0], ignore_errors=True)


async def test_answer_over_http_reaches_the_members_socket(hub):
    server, data = hub
    socket = await open_socket(server, data["member"])
    await resume(socket)
    status = await asyncio.to_thread(answer_escalation, server.url, data["leader"], data["escalations"][0])
    assert status == 302
    message = await next_notification(socket)
    assert message["kind"] == "escalation.answered"
    await socket.close()


async def test_foreign_origin_is_refused_at_the_handshake(hub):
    server, data = hub
    with pytest.raises(websockets.InvalidStatus) as error:
        await open_socket(server, data["member"], origin="https://evil.example")
    assert error.value.response.status_code == 403


async def test_anonymous_socket_is_refused_at_the_handshake(hub):
    # The consumer closes before accepting, which Daphne turns into an HTTP 403 for the upgrade.
    server, _ = hub
    with pytest.raises(websockets.InvalidStatus) as error:
        await open_socket(server, None)
    assert error.value.response.status_code == 403


async def test_message_over_the_size_limit_closes_the_socket(hub):
    server, data = hub
    socket = await open_socket(server, data["member"])
    await socket.send("x" * 70000)
    with pytest.raises(websockets.ConnectionClosed) as closed:
        for _ in range(5):
            await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd is None or closed.value.rcvd.code in (1009, 1002, 1006)
