"""WebSocket routes of the escalations app."""

from django.urls import path

from escalations.consumers import EscalationDashboardConsumer

websocket_urlpatterns = [
    path("ws/escalations/", EscalationDashboardConsumer.as_asgi()),
]
