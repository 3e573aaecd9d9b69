"""SessionAuthMiddleware: the socket's user comes from a valid login session, or it is anonymous."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from realtime.middleware import SessionAuthMiddleware, resolve_sessions
from tests.partners.factories import make_member
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


def _hub_session(user) -> str:
    client = Client()
    client.force_login(user, backend="partners.backends.HubModelBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_sockets_connecting_together_are_resolved_with_one_query_for_sessions_and_one_for_users(
    django_assert_num_queries,
):
    people = [make_member() for _ in range(5)]
    keys = [_hub_session(person) for person in people]
    with django_assert_num_queries(2):
        resolved = resolve_sessions([*keys, None, "not-a-session-anyone-has"])
    assert [user.pk for _, user, _ in resolved[:5]] == [person.pk for person in people]
    assert [state for _, _, state in resolved[:5]] == [(None, state[1]) for _, _, state in resolved[:5]]
    assert all(isinstance(user, AnonymousUser) for _, user, _ in resolved[5:])
    assert [state[0] for _, _, state in resolved[5:]] == ["unauthenticated", "unauthenticated"]


def test_in_a_batch_each_session_gets_its_own_verdict():
    kept, deactivated, changed, expired = (make_member() for _ in range(4))
    keys = [_hub_session(person) for person in (kept, deactivated, changed, expired)]
    deactivated.is_active = False
    deactivated.save()
    changed.set_password("a-new-password-entirely")
    changed.save()
    Session.objects.filter(session_key=keys[3]).update(expire_date=timezone.now() - timedelta(seconds=1))
    resolved = resolve_sessions(keys)
    assert resolved[0][1].pk == kept.pk and resolved[0][2][0] is None
    assert [state[0] for _, _, state in resolved[1:]] == ["unauthenticated"] * 3
    assert resolved[3][0].session_key is None


async def test_sockets_connecting_at_once_share_one_trip_to_the_database(member):
    from realtime import middleware

    keys = [await sync_to_async(_hub_session)(await sync_to_async(make_member)()) for _ in range(4)]
    batches = []
    many = middleware._resolve.many

    def counting(batch):
        batches.append(len(batch))
        return many(batch)

    middleware._resolve.many = counting
    try:
        scopes = await asyncio.gather(*(_scope_seen_with(f"sessionid={key}".encode()) for key in keys))
    finally:
        middleware._resolve.many = many
    assert [scope["session"].session_key for scope in scopes] == keys
    assert batches == [4]
