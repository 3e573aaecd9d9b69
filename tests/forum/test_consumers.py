"""The thread socket: who may join, what arrives when someone posts, and closing on session end."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from forum import services
from forum.routing import websocket_urlpatterns
from realtime.groups import user_group

pytestmark = pytest.mark.django_db(transaction=True)


def communicator(user, thread_id):
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/threads/{thread_id}/")
    comm.scope["user"] = user if user is not None else AnonymousUser()
    return comm


@pytest.fixture
def thread_setup(category, member):
    return services.create_thread(category=category, by=member, title="Live", body="Första")


async def test_anonymous_is_refused_with_4401(thread_setup):
    comm = communicator(None, thread_setup.pk)
    connected, code = await comm.connect()
    assert not connected and code == 4401


async def test_member_of_organisation_without_access_is_refused_with_4404(
    restricted_category, police_member, member
):
    thread = await sync_to_async(services.create_thread)(
        category=restricted_category, by=police_member, title="Lägesbild", body="x"
    )
    comm = communicator(member, thread.pk)
    connected, code = await comm.connect()
    assert not connected and code == 4404


async def test_missing_thread_is_refused_with_4404(member, db):
    comm = communicator(member, 999999)
    connected, code = await comm.connect()
    assert not connected and code == 4404


async def test_new_post_arrives_rendered_for_the_viewer(thread_setup, member, outsider):
    comm = communicator(outsider, thread_setup.pk)
    connected, _ = await comm.connect()
    assert connected
    post = await sync_to_async(services.reply)(
        thread=thread_setup, by=member, body="**Live** svar <script>x</script>"
    )
    message = await comm.receive_json_from(timeout=5)
    assert message["type"] == "post" and message["id"] == post.pk
    assert "<strong>Live</strong>" in message["html"] and "<script>" not in message["html"]
    await comm.disconnect()


async def test_hidden_post_is_not_delivered_to_members(thread_setup, member, outsider, chair):
    comm = communicator(outsider, thread_setup.pk)
    await comm.connect()
    post = await sync_to_async(services.reply)(thread=thread_setup, by=member, body="Snart dold")
    await comm.receive_json_from(timeout=5)
    await sync_to_async(services.hide_post)(post=post, by=chair, reason="x")
    await get_channel_layer().group_send(
        f"thread.{thread_setup.pk}", {"type": "thread.post", "post_id": post.pk}
    )
    assert await comm.receive_nothing(timeout=0.3)
    await comm.disconnect()


async def test_session_ended_closes_the_socket(thread_setup, outsider):
    comm = communicator(outsider, thread_setup.pk)
    await comm.connect()
    await get_channel_layer().group_send(user_group(outsider.pk), {"type": "session.ended"})
    output = await comm.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4403}


async def test_client_messages_are_refused_politely(thread_setup, outsider):
    comm = communicator(outsider, thread_setup.pk)
    await comm.connect()
    await comm.send_to(text_data="not json")
    assert (await comm.receive_json_from(timeout=2))["type"] == "error"
    await comm.disconnect()


async def test_resume_sends_the_posts_written_while_the_page_was_away(thread_setup, member, outsider, chair):
    first = await sync_to_async(lambda: thread_setup.posts.get())()
    missed = await sync_to_async(services.reply)(thread=thread_setup, by=member, body="Medan du var borta")
    hidden = await sync_to_async(services.reply)(thread=thread_setup, by=member, body="Dolt")
    await sync_to_async(services.hide_post)(post=hidden, by=chair, reason="Fel")
    comm = communicator(outsider, thread_setup.pk)
    await comm.connect()
    await comm.send_json_to({"type": "resume", "after": first.pk})
    message = await comm.receive_json_from(timeout=5)
    assert message["id"] == missed.pk and "Medan du var borta" in message["html"]
    assert await comm.receive_nothing(timeout=0.3), "a hidden post is not resumed to a member"
    await comm.disconnect()


@pytest.mark.parametrize(
    "content", [{"type": "resume", "after": "1"}, {"type": "resume", "after": -1}, {"type": "x"}]
)
async def test_anything_but_a_resume_with_a_post_id_is_an_error(thread_setup, outsider, content):
    comm = communicator(outsider, thread_setup.pk)
    await comm.connect()
    await comm.send_json_to(content)
    assert (await comm.receive_json_from(timeout=2))["type"] == "error"
    await comm.disconnect()


@pytest.mark.django_db
def test_resume_reads_the_same_number_of_queries_however_many_posts_it_sends(thread_setup, member, outsider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum.consumers import _render_posts_after

    first = thread_setup.posts.get().pk
    _render_posts_after(outsider.pk, thread_setup.pk, first)  # who may read which category, read once
    counts = []
    for replies in (2, 8):
        for number in range(replies):
            services.reply(thread=thread_setup, by=member, body=f"Svar {number}")
        with CaptureQueriesContext(connection) as queries:
            sent = _render_posts_after(outsider.pk, thread_setup.pk, first)
        counts.append(len(queries))
        first = sent[-1][0]
    assert counts[0] == counts[1]
