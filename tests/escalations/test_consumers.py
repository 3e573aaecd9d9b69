"""Leadership's live dashboard socket."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Group

from escalations import services
from escalations.consumers import EscalationDashboardConsumer
from realtime.consumers import CLOSE_SESSION_ENDED

pytestmark = pytest.mark.django_db(transaction=True)


def dashboard(user):
    communicator = WebsocketCommunicator(EscalationDashboardConsumer.as_asgi(), "/ws/escalations/")
    communicator.scope["user"] = user
    return communicator


async def test_leader_sees_a_new_escalation_rendered_live(leader, member):
    communicator = dashboard(leader)
    assert (await communicator.connect())[0]
    escalation = await database_sync_to_async(services.raise_escalation)(
        by=member, subject="Bränder i soprum", summary="Tre bränder", urgency="acute"
    )
    message = await communicator.receive_json_from(timeout=2)
    assert message["type"] == "escalation" and message["id"] == escalation.pk
    assert message["change"] == "raised" and message["urgency"] == "acute"
    assert "Bränder i soprum" in message["html"]
    await communicator.disconnect()


async def test_member_cannot_join_the_leadership_dashboard(member):
    communicator = dashboard(member)
    connected, code = await communicator.connect()
    assert not connected and code == CLOSE_SESSION_ENDED


async def test_leader_who_loses_the_role_is_closed_on_next_delivery(leader, member):
    communicator = dashboard(leader)
    assert (await communicator.connect())[0]

    def withdraw():
        leader.groups.remove(Group.objects.get(name="leadership"))

    await database_sync_to_async(withdraw)()
    await database_sync_to_async(services.raise_escalation)(
        by=member, subject="S", summary="x", urgency="normal"
    )
    assert await communicator.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": CLOSE_SESSION_ENDED,
    }


async def test_unknown_message_gets_error(leader):
    communicator = dashboard(leader)
    await communicator.connect()
    await communicator.send_to(text_data="{bad")
    assert (await communicator.receive_json_from(timeout=2))["type"] == "error"
    await communicator.disconnect()
