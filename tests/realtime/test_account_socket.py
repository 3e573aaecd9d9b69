"""Every socket applies the account rules HTTP applies (realtime.access, wired by hub.apps)."""

import pytest
from asgiref.sync import sync_to_async

from realtime import access
from tests.realtime.helpers import session_cookie_for, through_stack

# Also in the PostgreSQL pass: the session checks read the session and user tables there.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]


@pytest.mark.parametrize("path", ["/ws/notifications/", "/ws/escalations/"])
async def test_a_coordinator_without_two_factor_set_up_is_refused_where_it_is_required(
    path, coordinator, settings
):
    settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED = True
    key = await sync_to_async(session_cookie_for)(coordinator)
    connected, code = await through_stack(path, session_key=key).connect()
    assert not connected and code == 4403


async def test_without_the_requirement_the_same_coordinator_is_let_in(coordinator, settings):
    settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED = False
    key = await sync_to_async(session_cookie_for)(coordinator)
    socket = through_stack("/ws/notifications/", session_key=key)
    connected, _ = await socket.connect()
    assert connected
    await socket.disconnect()


def test_the_account_check_is_wired_at_start_up():
    from hub.middleware import socket_account_problem

    assert access._check is socket_account_problem
