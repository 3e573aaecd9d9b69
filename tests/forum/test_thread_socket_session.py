"""The thread socket follows the session it was opened under, like every socket (realtime.AccountSocket)."""

import time

import pytest
from asgiref.sync import sync_to_async
from django.contrib.sessions.backends.db import SessionStore

from forum import services
from partners.adapters import ClosedNetworkAccountAdapter
from realtime.services import disconnect_session
from tests.realtime.helpers import session_cookie_for, through_stack

# Also in the PostgreSQL pass: the session checks read the session and user tables there.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]


@pytest.fixture
def thread(category, member):
    return services.create_thread(category=category, by=member, title="Live", body="Första")


async def open_thread_socket(user, thread):
    key = await sync_to_async(session_cookie_for)(user)
    socket = through_stack(f"/ws/threads/{thread.pk}/", session_key=key)
    connected, _ = await socket.connect()
    assert connected
    return socket, key


async def closed_with(socket, timeout=1):
    message = await socket.receive_output(timeout)
    assert message["type"] == "websocket.close"
    return message.get("code")


async def test_logging_out_closes_the_thread_socket_within_a_second(thread, member):
    socket, key = await open_thread_socket(member, thread)
    await sync_to_async(disconnect_session)(key)
    assert await closed_with(socket) == 4403


async def test_a_password_change_closes_the_thread_socket(thread, member):
    socket, _ = await open_thread_socket(member, thread)
    await sync_to_async(ClosedNetworkAccountAdapter().set_password)(member, "ett-helt-nytt-losenord-2026")
    assert await closed_with(socket) == 4403


async def test_a_thread_socket_with_an_idle_expired_session_is_refused(thread, member, settings):
    key = await sync_to_async(session_cookie_for)(member)

    def expire():
        session = SessionStore(key)
        session["hub_seen_at"] = int(time.time()) - settings.HUB_SESSION_IDLE_SECONDS - 5
        session.save()

    await sync_to_async(expire)()
    connected, code = await through_stack(f"/ws/threads/{thread.pk}/", session_key=key).connect()
    assert not connected and code == 4403


async def test_an_open_thread_socket_closes_when_the_session_goes_idle(thread, member, settings):
    settings.HUB_SESSION_IDLE_SECONDS = 1
    key = await sync_to_async(session_cookie_for)(member)

    def touch():
        session = SessionStore(key)
        session["hub_seen_at"] = int(time.time())
        session.save()

    await sync_to_async(touch)()
    socket = through_stack(f"/ws/threads/{thread.pk}/", session_key=key)
    connected, _ = await socket.connect()
    assert connected
    assert await closed_with(socket, timeout=4) == 4403


async def test_the_thread_socket_closes_a_client_that_floods_it(thread, member, settings):
    settings.REALTIME_SOCKET_BURST = 5
    socket, _ = await open_thread_socket(member, thread)
    for _ in range(6):
        await socket.send_to(text_data='{"type": "ping"}')
    while True:
        message = await socket.receive_output(2)
        if message["type"] == "websocket.close":
            break
    assert message["code"] == 4429
