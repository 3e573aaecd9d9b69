"""A person sees their logged-in sessions and ends the others; ending one closes its sockets."""

import pytest
from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from channels.db import database_sync_to_async
from django.contrib.sessions.models import Session
from django.test import Client

from partners.models import AuditEvent
from realtime.consumers import CLOSE_SESSION_ENDED
from tests.realtime.helpers import through_stack

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-test-password-9"


def logged_in_client(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_sessions_page_lists_each_login(member):
    first, second = logged_in_client(member), logged_in_client(member)
    assert UserSession.objects.filter(user=member).count() == 2
    assert first.get("/accounts/sessions/").status_code == 200
    assert second.get("/").status_code == 200


async def test_ending_another_session_logs_it_out_and_closes_its_sockets(member):
    this = await database_sync_to_async(logged_in_client)(member)
    other = await database_sync_to_async(logged_in_client)(member)
    this_key, other_key = this.cookies["sessionid"].value, other.cookies["sessionid"].value
    this_socket = through_stack("/ws/notifications/", session_key=this_key)
    other_socket = through_stack("/ws/notifications/", session_key=other_key)
    assert (await this_socket.connect())[0] and (await other_socket.connect())[0]

    def end_other():
        get_adapter().end_sessions(UserSession.objects.filter(session_key=other_key))

    await database_sync_to_async(end_other)()
    assert await other_socket.receive_output(timeout=1) == {
        "type": "websocket.close",
        "code": CLOSE_SESSION_ENDED,
    }
    assert await this_socket.receive_nothing(timeout=0.3)
    assert not await database_sync_to_async(Session.objects.filter(session_key=other_key).exists)()
    assert await database_sync_to_async(AuditEvent.objects.filter(action="auth.session_end").exists)()
    await this_socket.disconnect()
