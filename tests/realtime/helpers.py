"""Helpers for socket tests: a communicator for a user, through the real ASGI stack when asked."""

from __future__ import annotations

from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from hub.asgi import application
from realtime.consumers import NotificationConsumer

ORIGIN = (b"origin", b"http://127.0.0.1")


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def through_stack(path: str, *, session_key: str | None = None, origin: bytes | None = b"http://127.0.0.1"):
    """A communicator on the full ASGI application: origin check, session and auth middleware."""
    headers = [(b"host", b"127.0.0.1")]
    if origin is not None:
        headers.append((b"origin", origin))
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def notification_socket(user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
    communicator.scope["user"] = user
    return communicator
