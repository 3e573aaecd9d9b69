"""The single-process channel layer: linear group sends, no silent drops, lazy expiry."""

import time

import pytest

from realtime.layers import LocalChannelLayer


async def test_group_send_reaches_every_member_beyond_the_capacity():
    layer = LocalChannelLayer(capacity=10)
    channel = await layer.new_channel()
    await layer.group_add("everyone", channel)
    for number in range(50):
        await layer.group_send("everyone", {"type": "m", "n": number})
    received = [(await layer.receive(channel))["n"] for _ in range(50)]
    assert received == list(range(50))


async def test_group_send_many_delivers_each_group_in_order():
    layer = LocalChannelLayer()
    a, b = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("user.1", a)
    await layer.group_add("user.2", b)
    await layer.group_send_many(
        [
            ("user.1", {"type": "m", "n": 1}),
            ("user.2", {"type": "m", "n": 2}),
            ("user.1", {"type": "m", "n": 3}),
        ]
    )
    assert [(await layer.receive(a))["n"] for _ in range(2)] == [1, 3]
    assert (await layer.receive(b))["n"] == 2


async def test_expired_messages_are_skipped_and_their_channel_leaves_its_groups():
    layer = LocalChannelLayer(expiry=1)
    gone, alive = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("g", gone)
    await layer.group_add("g", alive)
    await layer.group_send("g", {"type": "m", "n": 1})
    assert (await layer.receive(alive))["n"] == 1
    layer.channels[gone].items[0] = (time.time() - 1, {"type": "m", "n": 1})
    await layer.group_send("g", {"type": "m", "n": 2})
    assert gone not in layer.groups["g"]
    assert (await layer.receive(alive))["n"] == 2


async def test_discard_removes_membership_and_empty_group():
    layer = LocalChannelLayer()
    channel = await layer.new_channel()
    await layer.group_add("g", channel)
    await layer.group_discard("g", channel)
    assert "g" not in layer.groups and channel not in layer.memberships


async def test_invalid_group_name_is_rejected():
    layer = LocalChannelLayer()
    with pytest.raises(TypeError):
        await layer.group_send("bad name!", {"type": "m"})
