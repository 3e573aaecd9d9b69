"""notify() through a real Redis channel layer, in process."""

import json

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
        assert json.loads(message["json"])["text"] == "To everyone"


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


def _run_with_redis(scenario):
    import asyncio

    with redis_server() as (process, port):
        return asyncio.run(scenario(process, f"redis://127.0.0.1:{port}/0"))


def test_a_group_message_reaches_a_socket_of_another_process():
    from realtime.redis_layer import BulkRedisChannelLayer

    async def scenario(_process, url):
        sender, receiver = BulkRedisChannelLayer(hosts=[url]), BulkRedisChannelLayer(hosts=[url])
        here, there = await sender.new_channel(), await receiver.new_channel()
        await sender.group_add("user.7", here)
        await receiver.group_add("user.7", there)
        await sender.group_send_many([("user.7", {"type": "m", "text": "hej"})])
        got = [await sender.receive(here), await receiver.receive(there)]
        await sender.flush()
        await receiver.close_pools()
        return got

    assert _run_with_redis(scenario) == [{"type": "m", "text": "hej"}] * 2


def test_one_read_fills_the_mailboxes_of_every_waiting_socket():
    import asyncio

    from realtime.redis_layer import BulkRedisChannelLayer

    async def scenario(_process, url):
        layer = BulkRedisChannelLayer(hosts=[url], capacity=1000)  # one inbox per process
        channels = [await layer.new_channel() for _ in range(200)]
        for number, channel in enumerate(channels):
            await layer.group_add(f"user.{number}", channel)
        waiting = [asyncio.ensure_future(layer.receive(channel)) for channel in channels]
        await asyncio.sleep(0.1)
        await layer.group_send_many([(f"user.{n}", {"type": "m", "n": n}) for n in range(200)])
        got = [message["n"] for message in await asyncio.wait_for(asyncio.gather(*waiting), 10)]
        await layer.flush()
        return got

    assert _run_with_redis(scenario) == list(range(200))


def test_an_expired_message_is_not_delivered():
    import asyncio

    from realtime.redis_layer import BulkRedisChannelLayer

    async def scenario(_process, url):
        layer = BulkRedisChannelLayer(hosts=[url], expiry=1)
        channel = await layer.new_channel()
        await layer.group_add("user.1", channel)
        await layer.group_send_many([("user.1", {"type": "m", "n": 1})])
        await asyncio.sleep(2.1)
        await layer.group_send_many([("user.1", {"type": "m", "n": 2})])
        got = await asyncio.wait_for(layer.receive(channel), 5)
        await layer.flush()
        return got

    assert _run_with_redis(scenario) == {"type": "m", "n": 2}


def test_messages_for_a_socket_that_never_receives_are_forgotten_once_expired():
    import asyncio

    from realtime.redis_layer import BulkRedisChannelLayer

    async def scenario(_process, url):
        layer = BulkRedisChannelLayer(hosts=[url], expiry=1)
        layer.sweep_interval = 0
        listening, gone = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("user.1", listening)
        await layer.group_add("user.2", gone)
        waiting = asyncio.ensure_future(layer.receive(listening))
        await layer.group_send_many([("user.2", {"type": "m"})])
        await asyncio.sleep(0.3)
        held_while_fresh = gone in layer._mailboxes
        await asyncio.sleep(1.2)
        await layer.group_send_many([("user.1", {"type": "m"})])
        await asyncio.wait_for(waiting, 5)
        forgotten = gone not in layer._mailboxes
        await layer.flush()
        return held_while_fresh, forgotten

    assert _run_with_redis(scenario) == (True, True)


def test_waiting_receives_raise_when_redis_goes_away():
    import asyncio

    from realtime.redis_layer import BulkRedisChannelLayer

    async def scenario(process, url):
        layer = BulkRedisChannelLayer(hosts=[{"address": url, "socket_timeout": 15}])
        channel = await layer.new_channel()
        await layer.group_add("user.1", channel)
        waiting = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(0.2)
        process.kill()
        try:
            await asyncio.wait_for(waiting, 10)
        except ConnectionError as error:
            return str(error)
        return None

    assert "channel layer receive failed" in (_run_with_redis(scenario) or "")


def test_a_receive_idle_past_the_default_socket_timeout_still_gets_the_next_message():
    import asyncio

    from realtime.redis_layer import BulkRedisChannelLayer

    async def scenario(_process, url):
        layer = BulkRedisChannelLayer(hosts=[url])  # redis-py's default: a 5 s socket timeout
        channel = await layer.new_channel()
        await layer.group_add("user.1", channel)
        waiting = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(6)
        await layer.group_send_many([("user.1", {"type": "m"})])
        got = await asyncio.wait_for(waiting, 5)
        await layer.flush()
        return got

    assert _run_with_redis(scenario) == {"type": "m"}


def test_a_fan_out_sent_in_several_slices_arrives_whole_and_in_order():
    from realtime.redis_layer import BulkRedisChannelLayer

    async def scenario(_process, url):
        layer = BulkRedisChannelLayer(hosts=[url], capacity=1000)
        layer.send_slice = 7
        channels = [await layer.new_channel() for _ in range(3)]
        for number, channel in enumerate(channels):
            await layer.group_add(f"user.{number}", channel)
        await layer.group_send_many([(f"user.{n % 3}", {"type": "m", "n": n}) for n in range(60)])
        got = [[(await layer.receive(channel))["n"] for _ in range(20)] for channel in channels]
        await layer.flush()
        return got

    assert _run_with_redis(scenario) == [list(range(n, 60, 3)) for n in range(3)]
