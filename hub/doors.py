"""What stands in front of the application at the ASGI level: static files, socket paths and the
socket's origin.

Bad paths are answered as "not found" instead of letting an exception become a 500.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.routing import URLRouter
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port, validate_host
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


def _origin(scheme: str, netloc: str) -> str | None:
    """scheme://host:port with the default port made explicit, or None if it does not parse."""
    parts = urlsplit(f"{scheme.lower()}://{netloc}")
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    return f"{parts.scheme}://{parts.hostname}:{port}"


class SameOrigin:
    """A socket handshake is accepted only from a page of the hub itself: its Host must be one of
    ALLOWED_HOSTS, and the Origin's scheme, host and port those the handshake came to (its Host,
    over ws → http or wss → https) or those of HUB_SITE_URL (the address behind a TLS proxy).
    Anything else closes with 1008."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def allowed(self, scope: dict[str, Any]) -> bool:
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1")
        host = headers.get(b"host", b"").decode("latin-1")
        if not origin or not host or not validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS):
            return False
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False
        given = _origin(parts.scheme, parts.netloc)
        own = _origin("https" if scope.get("scheme") == "wss" else "http", host)
        site = urlsplit(settings.HUB_SITE_URL)
        return given is not None and given in {own, _origin(site.scheme, site.netloc)}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not self.allowed(scope):
            await receive()
            await send({"type": "websocket.close", "code": 1008})
            return None
        return await self.app(scope, receive, send)
