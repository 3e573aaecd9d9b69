"""SessionAuthMiddleware: the socket's user comes from a valid login session, or it is anonymous."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser

from realtime.middleware import SessionAuthMiddleware
from tests.realtime.helpers import session_cookie_for

pytestmark = pytest.mark.django_db(transaction=True)


async def _scope_seen_with(cookie: bytes | None) -> dict:
    seen: dict = {}

    async def inner(scope, receive, send):
        seen.update(scope)

    headers = [(b"host", b"127.0.0.1")]
    if cookie is not None:
        headers.append((b"cookie", cookie))
    await SessionAuthMiddleware(inner)({"type": "websocket", "headers": headers}, None, None)
    return seen


async def test_a_valid_session_cookie_gives_the_user_and_the_session(member):
    key = await sync_to_async(session_cookie_for)(member)
    scope = await _scope_seen_with(f"other=1; sessionid={key}".encode())
    assert scope["user"].pk == member.pk
    assert scope["session"].session_key == key
    assert scope["cookies"]["other"] == "1"


async def test_no_cookie_gives_an_anonymous_user(db):
    scope = await _scope_seen_with(None)
    assert isinstance(scope["user"], AnonymousUser)


async def test_an_unknown_session_key_gives_an_anonymous_user(db):
    scope = await _scope_seen_with(b"sessionid=not-a-session-anyone-has")
    assert isinstance(scope["user"], AnonymousUser)


async def test_a_session_from_before_a_password_change_gives_an_anonymous_user(member):
    key = await sync_to_async(session_cookie_for)(member)
    member.set_password("a-new-password-entirely")
    await sync_to_async(member.save)()
    scope = await _scope_seen_with(f"sessionid={key}".encode())
    assert isinstance(scope["user"], AnonymousUser)
