"""notify() through a real Redis channel layer, in process."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from realtime.groups import user_group
from realtime.services import notify
from tests.partners.factories import make_member
from tests.support import redis_server

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def test_fan_out_to_more_users_than_the_redis_pool_has_connections(
    organisation, settings, caplog, django_capture_on_commit_callbacks
):
    people = [make_member(organisation) for _ in range(150)]
    with redis_server() as (_process, port):
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
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
