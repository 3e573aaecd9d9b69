"""The notification socket, driven with channels' WebsocketCommunicator."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.db import transaction

from partners import services as partner_services
from realtime.consumers import (
    CLOSE_RATE_LIMITED,
    CLOSE_SESSION_ENDED,
    CLOSE_UNAUTHENTICATED,
    RateLimitedJsonConsumer,
)
from realtime.services import disconnect_session, notify
from tests.realtime.factories import NotificationFactory
from tests.realtime.helpers import notification_socket, session_cookie_for, through_stack

pytestmark = pytest.mark.django_db(transaction=True)


async def resumed(user, after=0):
    communicator = notification_socket(user)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "resume", "after": after})
    return communicator


async def drain(communicator, until_type="unread"):
    messages = []
    while True:
        message = await communicator.receive_json_from(timeout=2)
        messages.append(message)
        if message["type"] == until_type:
            return messages


async def test_notification_reaches_the_recipients_open_socket(member):
    communicator = await resumed(member)
    await drain(communicator)
    await database_sync_to_async(notify)([member], "test.kind", "Hej", "/x/")
    message = await communicator.receive_json_from(timeout=2)
    assert message["type"] == "notification"
    assert message["text"] == "Hej"
    assert message["url"] == "/x/"
    assert set(message) == {"type", "id", "kind", "text", "url", "created"}
    await communicator.disconnect()


async def test_other_users_socket_gets_nothing(member, outsider):
    communicator = await resumed(outsider)
    await drain(communicator)
    await database_sync_to_async(notify)([member], "test.kind", "Only for member")
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_rolled_back_notification_is_never_sent(member):
    communicator = await resumed(member)
    await drain(communicator)

    def notify_then_fail():
        try:
            with transaction.atomic():
                notify([member], "test.kind", "Never")
                raise RuntimeError("rollback")
        except RuntimeError:
            pass

    await database_sync_to_async(notify_then_fail)()
    assert await communicator.receive_nothing(timeout=0.5)
    from realtime.models import Notification

    assert not await database_sync_to_async(Notification.objects.filter(text="Never").exists)()
    await communicator.disconnect()


async def test_resume_replays_missed_notifications_in_order_once(member):
    first = await database_sync_to_async(NotificationFactory)(recipient=member)
    rest = [await database_sync_to_async(NotificationFactory)(recipient=member) for _ in range(4)]
    communicator = await resumed(member, after=first.pk)
    messages = await drain(communicator)
    ids = [message["id"] for message in messages if message["type"] == "notification"]
    assert ids == [row.pk for row in rest]
    assert messages[-1] == {"type": "unread", "count": 5}
    # A second resume from an older id sends nothing again on this socket.
    await communicator.send_json_to({"type": "resume", "after": first.pk})
    again = await drain(communicator)
    assert [m for m in again if m["type"] == "notification"] == []
    await communicator.disconnect()


async def test_resume_pages_through_more_than_one_replay_batch(member):
    from realtime import selectors

    await database_sync_to_async(NotificationFactory.create_batch)(
        selectors.REPLAY_LIMIT + 3, recipient=member
    )
    communicator = await resumed(member)
    messages = await drain(communicator)
    ids = [message["id"] for message in messages if message["type"] == "notification"]
    assert len(ids) == selectors.REPLAY_LIMIT + 3
    assert ids == sorted(set(ids))
    await communicator.disconnect()


async def test_live_push_during_and_after_resume_has_no_gap_or_duplicate(member):
    older = await database_sync_to_async(NotificationFactory)(recipient=member)
    communicator = notification_socket(member)
    await communicator.connect()
    # Pushed before the client resumed: must come through the replay, exactly once.
    await database_sync_to_async(notify)([member], "test.kind", "before resume")
    await communicator.send_json_to({"type": "resume", "after": older.pk})
    await database_sync_to_async(notify)([member], "test.kind", "after resume")
    seen = []
    while len(seen) < 2:
        message = await communicator.receive_json_from(timeout=2)
        if message["type"] == "notification":
            seen.append(message["text"])
    assert seen == ["before resume", "after resume"]
    rest = []
    while not await communicator.receive_nothing(timeout=0.3):
        rest.append(await communicator.receive_json_from())
    assert [message["type"] for message in rest] in ([], ["unread"])
    await communicator.disconnect()


async def test_burst_of_500_personal_notifications_arrives_in_order(member):
    communicator = await resumed(member)
    await drain(communicator)

    def burst():
        for number in range(500):
            notify([member], "test.kind", f"n{number}")

    await database_sync_to_async(burst)()
    texts = [(await communicator.receive_json_from(timeout=5))["text"] for _ in range(500)]
    assert texts == [f"n{number}" for number in range(500)]
    await communicator.disconnect()


@pytest.mark.parametrize(
    "payload, error",
    [
        ("{not json", "malformed JSON"),
        ("[1, 2]", "expected a JSON object with a 'type'"),
        ('{"type": "dance"}', "unknown message type"),
        ('{"type": "resume", "after": "12; drop table"}', "'after' must be a notification id"),
        ('{"type": "resume", "after": -1}', "'after' must be a notification id"),
        ('{"type": "resume", "after": true}', "'after' must be a notification id"),
    ],
)
async def test_bad_input_gets_an_error_and_the_socket_stays_open(member, payload, error):
    communicator = notification_socket(member)
    await communicator.connect()
    await communicator.send_to(text_data=payload)
    assert await communicator.receive_json_from(timeout=2) == {"type": "error", "error": error}
    await communicator.send_json_to({"type": "resume", "after": 0})
    assert (await drain(communicator))[-1]["type"] == "unread"
    await communicator.disconnect()


async def test_binary_frame_gets_an_error(member):
    communicator = notification_socket(member)
    await communicator.connect()
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert (await communicator.receive_json_from(timeout=2))["type"] == "error"
    await communicator.disconnect()


async def test_resume_after_someone_elses_id_returns_only_own_rows(member, outsider):
    theirs = await database_sync_to_async(NotificationFactory)(recipient=outsider, text="secret")
    mine = await database_sync_to_async(NotificationFactory)(recipient=member, text="mine")
    communicator = await resumed(member, after=theirs.pk - 1)
    messages = await drain(communicator)
    texts = [message["text"] for message in messages if message["type"] == "notification"]
    assert texts == ["mine"] and mine.pk > theirs.pk
    await communicator.disconnect()


async def test_flooding_socket_is_closed_with_rate_limit_code(member, settings):
    settings.REALTIME_SOCKET_BURST = 5
    settings.REALTIME_SOCKET_RATE = 0.1
    communicator = notification_socket(member)
    await communicator.connect()
    for _ in range(6):
        await communicator.send_to(text_data='{"type": "ping"}')
    for _ in range(5):
        assert (await communicator.receive_output(timeout=2))["type"] == "websocket.send"
    closed = await communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": CLOSE_RATE_LIMITED}


async def test_anonymous_socket_is_refused(db):
    communicator = through_stack("/ws/notifications/")
    connected, code = await communicator.connect()
    assert not connected
    assert code == CLOSE_UNAUTHENTICATED


async def test_foreign_origin_is_refused(member):
    key = await sync_to_async(session_cookie_for)(member)
    communicator = through_stack("/ws/notifications/", session_key=key, origin=b"https://evil.example")
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.parametrize(
    "origin",
    [
        b"https://127.0.0.1",
        b"http://127.0.0.1:8001",
        b"http://127.0.0.1.evil.example",
        b"null",
        b"ws://127.0.0.1",
    ],
    ids=["other scheme", "other port", "other host", "null", "socket scheme"],
)
async def test_an_origin_differing_in_scheme_host_or_port_is_refused(member, origin):
    key = await sync_to_async(session_cookie_for)(member)
    communicator = through_stack("/ws/notifications/", session_key=key, origin=origin)
    connected, code = await communicator.connect()
    assert (connected, code) == (False, 1008)


async def test_a_handshake_to_a_host_the_hub_does_not_serve_is_refused(member):
    from hub.asgi import application

    key = await sync_to_async(session_cookie_for)(member)
    headers = [
        (b"host", b"evil.example"),
        (b"origin", b"http://evil.example"),
        (b"cookie", f"sessionid={key}".encode()),
    ]
    connected, _ = await WebsocketCommunicator(application, "/ws/notifications/", headers=headers).connect()
    assert not connected


async def test_a_handshake_without_an_origin_is_refused(member):
    key = await sync_to_async(session_cookie_for)(member)
    connected, _ = await through_stack("/ws/notifications/", session_key=key, origin=None).connect()
    assert not connected


async def test_the_public_address_behind_a_tls_proxy_is_an_allowed_origin(member, settings):
    settings.HUB_SITE_URL = "https://samverkan.haninge.se"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "samverkan.haninge.se"]
    key = await sync_to_async(session_cookie_for)(member)
    communicator = through_stack(
        "/ws/notifications/", session_key=key, origin=b"https://samverkan.haninge.se:443"
    )
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()


async def test_logged_in_session_with_allowed_origin_connects(member):
    key = await sync_to_async(session_cookie_for)(member)
    communicator = through_stack("/ws/notifications/", session_key=key)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()


async def test_deactivation_closes_open_socket_within_a_second(member, org_admin):
    communicator = await resumed(member)
    await drain(communicator)
    membership = await database_sync_to_async(lambda: member.membership)()
    await database_sync_to_async(partner_services.deactivate_member)(by=org_admin, membership=membership)
    closed = await communicator.receive_output(timeout=1)
    assert closed == {"type": "websocket.close", "code": CLOSE_SESSION_ENDED}


async def test_deactivating_an_organisation_closes_its_members_sockets_within_a_second(
    member, coordinator, organisation
):
    communicator = await resumed(member)
    await drain(communicator)
    await database_sync_to_async(partner_services.deactivate_organisation)(
        by=coordinator, organisation=organisation
    )
    closed = await communicator.receive_output(timeout=1)
    assert closed == {"type": "websocket.close", "code": CLOSE_SESSION_ENDED}


async def test_logout_of_one_session_closes_only_that_sessions_sockets(member):
    first_key = await sync_to_async(session_cookie_for)(member)
    second_key = await sync_to_async(session_cookie_for)(member)
    first = through_stack("/ws/notifications/", session_key=first_key)
    second = through_stack("/ws/notifications/", session_key=second_key)
    assert (await first.connect())[0] and (await second.connect())[0]
    await database_sync_to_async(disconnect_session)(first_key)
    assert await first.receive_output(timeout=1) == {"type": "websocket.close", "code": CLOSE_SESSION_ENDED}
    assert await second.receive_nothing(timeout=0.3)
    await second.disconnect()


async def test_http_logout_closes_the_socket(member):
    from django.test import Client

    def login_client():
        client = Client()
        client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
        return client

    client = await sync_to_async(login_client)()
    key = client.cookies["sessionid"].value
    communicator = through_stack("/ws/notifications/", session_key=key)
    assert (await communicator.connect())[0]
    await sync_to_async(client.post)("/accounts/logout/")
    assert await communicator.receive_output(timeout=1) == {
        "type": "websocket.close",
        "code": CLOSE_SESSION_ENDED,
    }


async def test_channel_layer_failure_after_commit_is_logged_not_raised(member, settings, caplog):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1"]},
        }
    }
    rows = await database_sync_to_async(notify)([member], "test.kind", "persisted anyway")
    assert rows and rows[0].id
    assert "Channel layer send failed" in caplog.text
    await asyncio.sleep(0)


class _FailsOnLayerMessage(RateLimitedJsonConsumer):
    async def connect(self) -> None:
        await self.channel_layer.group_add("failing", self.channel_name)
        await self.accept()

    async def explode(self, event) -> None:
        raise ValueError("handler failed")


async def test_an_error_in_a_channel_layer_handler_ends_the_consumer_with_that_error(db):
    communicator = WebsocketCommunicator(_FailsOnLayerMessage.as_asgi(), "/ws/failing/")
    connected, _ = await communicator.connect()
    assert connected
    await get_channel_layer().group_send("failing", {"type": "explode"})
    with pytest.raises(ValueError, match="handler failed"):
        await communicator.receive_output(timeout=2)
