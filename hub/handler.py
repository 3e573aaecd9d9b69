"""Django's ASGI handler, with each request's synchronous work done in one trip to its worker thread.

Every view and middleware of the hub is synchronous. Django's own ASGI handler runs the middleware
chain as async: the request_started signal, the chain, the view inside it and the response's close
are each a trip from the event loop to the request's thread and back, four a page, and on a busy
process each trip waits for the loop (docs/PERFORMANCE.md). Here the chain is loaded as under WSGI
and one trip signals the start, builds the request, runs the chain and, for a response whose body is
already in memory, closes it; only a streaming response (a CSV export, a photo) is closed after it
has been sent. The trip runs on the request's lane thread (hub.concurrency), as before.

What is dropped is Django's watch for a client that disconnects mid-request, which exists to cancel
async views: a synchronous view runs to its end either way.
"""

from __future__ import annotations

from typing import Any

import django
from asgiref.sync import sync_to_async
from django.core.exceptions import RequestAborted
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.signals import request_started
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix


class SyncRequestHandler(ASGIHandler):
    def __init__(self) -> None:
        base.BaseHandler.__init__(self)
        self.load_middleware(is_async=False)

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        set_script_prefix(get_script_prefix(scope))
        try:
            response = await sync_to_async(self.respond, thread_sensitive=True)(scope, body_file)
            try:
                await self.send_response(response, send)
            finally:
                if response.streaming:
                    await sync_to_async(response.close, thread_sensitive=True)()
        finally:
            body_file.close()

    def respond(self, scope: dict[str, Any], body_file: Any) -> HttpResponseBase:
        request_started.send(sender=self.__class__, scope=scope)
        request, refusal = self.create_request(scope, body_file)
        if request is None:
            assert refusal is not None  # create_request gives a request or the response refusing it
            response: HttpResponseBase = refusal
        else:
            response = self.get_response(request)
            response._handler_class = self.__class__  # type: ignore[attr-defined]
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size
        if not response.streaming:
            response.close()
        return response


def get_application() -> SyncRequestHandler:
    django.setup(set_prefix=False)
    return SyncRequestHandler()
