"""notify() through a real Redis channel layer, in process."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from realtime.groups import user_group
from realtime.services import notify
from tests.partners.factories import make_member
from tests.support import redis_server

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.mark.parametrize(
    "backend", ["channels_redis.core.RedisChannelLayer", "realtime.redis_layer.BulkRedisChannelLayer"]
)
def test_fan_out_to_more_users_than_the_redis_pool_has_connections(
    backend, organisation, settings, caplog, django_capture_on_commit_callbacks
):
    people = [make_member(organisation) for _ in range(150)]
    with redis_server() as (_process, port):
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": backend,
                "CONFIG": {"hosts": [f"redis://127.0.0.1:{port}/0"]},
            }
        }
        layer = get_channel_layer()
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(user_group(people[-1].pk), channel)
        with django_capture_on_commit_callbacks(execute=True):
            notify(people, "test.kind", "To everyone")
        assert "Channel layer send failed" not in caplog.text
        message = async_to_sync(layer.receive)(channel)
        assert message["message"]["text"] == "To everyone"


def test_bulk_layer_keeps_each_users_messages_in_order_across_processes_inbox():
    import asyncio

    from realtime.redis_layer import BulkRedisChannelLayer

    async def scenario(port):
        layer = BulkRedisChannelLayer(hosts=[f"redis://127.0.0.1:{port}/0"])
        a, b = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("user.1", a)
        await layer.group_add("user.2", b)
        sends = []
        for number in range(50):
            sends.append(("user.1", {"type": "m", "n": number}))
            sends.append(("user.2", {"type": "m", "n": number}))
            sends.append(("user.3", {"type": "m", "n": number}))  # nobody there
        await layer.group_send_many(sends)
        got_a = [(await layer.receive(a))["n"] for _ in range(50)]
        got_b = [(await layer.receive(b))["n"] for _ in range(50)]
        await layer.flush()
        return got_a, got_b

    with redis_server() as (_process, port):
        got_a, got_b = asyncio.run(scenario(port))
    assert got_a == list(range(50)) and got_b == list(range(50))
