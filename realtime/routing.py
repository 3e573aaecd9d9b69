"""WebSocket URL routes of the realtime app."""

from django.urls import path

from realtime.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
