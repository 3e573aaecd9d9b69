"""A real websockets client against the hub under Daphne (the single-process default layer)."""

import asyncio
import os
import shutil
import urllib.request
from pathlib import Path

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


def _open_database_files(server) -> int:
    database = os.path.realpath(server.env["DATABASE_URL"].removeprefix("sqlite:///"))
    fds = Path(f"/proc/{server.process.pid}/fd")
    return sum(1 for fd in fds.iterdir() if os.path.realpath(fd) == database)


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return response.status


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc to see the open files")
async def test_requests_keep_their_database_connections_instead_of_opening_one_each(hub):
    # Daphne's default of eight page slots (HUB_HTTP_CONCURRENCY), the sign-in lane's two, the sockets' one.
    server, _ = hub
    for _ in range(6):
        asks = (asyncio.to_thread(_get, f"{server.url}/healthz") for _ in range(10))
        statuses = await asyncio.gather(*asks)
        assert statuses == [200] * 10
    await asyncio.sleep(0.5)
    assert 1 <= _open_database_files(server) <= 8 + 2 + 1
