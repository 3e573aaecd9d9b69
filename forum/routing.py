"""WebSocket routes of the forum: new posts live on a thread page."""

from django.urls import path

from forum.consumers import ThreadConsumer

websocket_urlpatterns = [
    path("ws/threads/<int:thread_id>/", ThreadConsumer.as_asgi()),
]
