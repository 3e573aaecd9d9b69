"""What stands in front of the application at the ASGI level: static files and socket paths.

Both answer bad paths as "not found" instead of letting an exception become a 500.
"""

from __future__ import annotations

from typing import Any

from channels.routing import URLRouter
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest
from django.http.response import FileResponse
from django.urls import Resolver404


class StaticFiles(ASGIStaticFilesHandler):
    """Static files; a path that climbs out of the static folders (`/static/%2e%2e/…`) is a 404."""

    def serve(self, request: HttpRequest) -> FileResponse:
        try:
            return super().serve(request)
        except SuspiciousFileOperation:
            raise Http404


class KnownSocketPaths:
    """Refuses the handshake of a socket whose path no route serves (the client sees 403), where
    Channels would raise and the server would answer 500."""

    def __init__(self, router: URLRouter) -> None:
        self.router = router

    def serves(self, path: str) -> bool:
        path = path.lstrip("/")
        for route in self.router.routes:
            try:
                if route.pattern.match(path):
                    return True
            except Resolver404:
                continue
        return False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not self.serves(scope.get("path", "")):
            await receive()  # the websocket.connect
            await send({"type": "websocket.close", "code": 1008})
            return None
        return await self.router(scope, receive, send)
