"""ASGI entry point: HTTP through Django, WebSockets through Channels (served by Daphne)."""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

from hub.handler import get_application  # noqa: E402

django_asgi_app = get_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.shortcuts import resolve_url  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from hub.concurrency import ConcurrencyLimit  # noqa: E402
from hub.discovery import websocket_urlpatterns  # noqa: E402
from hub.doors import KnownSocketPaths, SameOrigin, StaticFiles  # noqa: E402
from realtime.middleware import with_login  # noqa: E402

if settings.HUB_DIRECT_SOCKET_WRITES:
    from hub import transport

    transport.install()

http_app = ConcurrencyLimit(
    StaticFiles(django_asgi_app) if settings.HUB_SERVE_STATIC else django_asgi_app,
    limit=settings.HUB_HTTP_CONCURRENCY,
    login_path=resolve_url(settings.LOGIN_URL),
    login_limit=settings.HUB_LOGIN_CONCURRENCY,
)

sockets = KnownSocketPaths(URLRouter(with_login(websocket_urlpatterns())))
application = ProtocolTypeRouter(
    {
        "http": http_app,
        "websocket": SameOrigin(sockets),
    }
)

if settings.HUB_SCHEDULER:
    from hub.scheduler import start_in_background

    start_in_background()

# Import every view now rather than on the first request. Then, for the collector: everything loaded
# so far lives as long as the process, so keep it out of full collections; and collect the youngest
# generation less often, so the short-lived messages of a fan-out to a thousand sockets are freed by
# reference counting before a collection can promote them. Both kept full collections (~150 ms with a
# thousand sockets open) from stalling notifications (docs/PERFORMANCE.md).
get_resolver().resolve("/")
gc.freeze()
gc.set_threshold(settings.HUB_GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
