"""hub.handler: a request's synchronous work in one trip to its thread, a stream closed after it is sent."""

import asyncio
import threading

import pytest
from django.core.signals import request_finished, request_started
from django.http import HttpResponse, StreamingHttpResponse
from django.test import override_settings
from django.urls import path

from hub.concurrency import ConcurrencyLimit
from hub.handler import SyncRequestHandler
from tests.support import http_scope

seen: list[tuple[str, object]] = []


def page(request):
    seen.append(("view", threading.current_thread()))
    return HttpResponse("hej")


def stream(request):
    def chunks():
        for number in range(3):
            seen.append((f"chunk {number}", threading.current_thread()))
            yield f"rad {number}\n"

    return StreamingHttpResponse(chunks(), content_type="text/csv")


def broken(request):
    raise RuntimeError("the view failed")


urlpatterns = [path("page/", page), path("stream/", stream), path("broken/", broken)]


def _request(path_info):
    """The messages the hub's HTTP door sends for one GET, with every request-signal recorded."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        seen.append((message["type"], None))
        sent.append(message)

    def started(**kwargs):
        seen.append(("started", threading.current_thread()))

    def finished(**kwargs):
        seen.append(("finished", threading.current_thread()))

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        door = ConcurrencyLimit(SyncRequestHandler(), limit=1)
        asyncio.run(door(http_scope(path_info, host="testserver"), receive, send))
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)
    return sent


@pytest.fixture(autouse=True)
def _urls(settings):
    seen.clear()
    settings.ROOT_URLCONF = __name__


@pytest.mark.django_db
def test_a_page_starts_runs_and_finishes_on_one_thread_before_it_is_sent():
    sent = _request("/page/")
    assert [kind for kind, _thread in seen] == ["started", "view", "finished", "http.response.start"] + [
        "http.response.body"
    ] * (len(sent) - 1)
    threads = {thread for _kind, thread in seen if thread is not None}
    assert len(threads) == 1 and threads != {threading.main_thread()}
    assert sent[0]["status"] == 200 and b"".join(m.get("body", b"") for m in sent[1:]) == b"hej"


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators")
def test_a_streaming_response_finishes_only_after_its_last_chunk_is_sent():
    sent = _request("/stream/")
    kinds = [kind for kind, _thread in seen]
    assert kinds.index("finished") > max(kinds.index(f"chunk {n}") for n in range(3))
    last_body = len(kinds) - 1 - kinds[::-1].index("http.response.body")
    assert kinds.index("finished") > last_body
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"rad 0\nrad 1\nrad 2\n"


@pytest.mark.django_db
@override_settings(DEBUG=False, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_a_failing_view_answers_500_and_still_finishes_the_request():
    sent = _request("/broken/")
    assert sent[0]["status"] == 500
    assert "finished" in [kind for kind, _thread in seen]
