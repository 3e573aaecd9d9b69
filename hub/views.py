"""The home dashboard and the load balancer's health check."""

import logging
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hub import fragments
from hub.discovery import panel_functions
from hub.middleware import session_expiry
from partners import audit, privacy

logger = logging.getLogger(__name__)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    found = [rendered for panel in panel_functions() if (rendered := _panel(request, panel)) is not None]
    found.sort(key=lambda rendered: rendered[0])
    return render(
        request,
        "hub/dashboard.html",
        # The panels were rendered by their own templates, which escape what they show.
        {
            "panels_html": mark_safe("".join(html for _, html, _ in found)),  # noqa: S308
            "refresh_escalations": any(live for _, _, live in found),
        },
    )


def _panel(request: HttpRequest, panel: Callable[[HttpRequest], dict[str, Any] | None]) -> Any:
    """(order, html, refreshed live) of one panel, or None when it has nothing for this person; kept
    per session until the data of the apps it reads changes (hub.fragments), and until the clock
    changes it: a panel's "changes_at" says when (None: never); one that does not say is kept
    FRAGMENT_SECONDS."""

    def rendered() -> tuple[int, str, bool, int] | None:
        context = panel(request)
        if not context:
            return None
        html = render_to_string(context["template"], {"panel": context}, request=request)
        seconds = (
            fragments.seconds_until(context["changes_at"])
            if "changes_at" in context
            else fragments.FRAGMENT_SECONDS
        )
        return context.get("order", 100), html, bool(context.get("live_escalations")), seconds

    name = f"panel:{panel.__module__}.{panel.__name__}"
    found = fragments.cached(
        request,
        name,
        rendered,
        reads=getattr(panel, "reads", None),
        seconds=lambda value: value[3] if value else fragments.FRAGMENT_SECONDS,
    )
    return found[:3] if found else None


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


async def _channel_layer_roundtrip() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    channel = await layer.new_channel("healthz.")
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "healthz.ping", "token": token})
    message = await layer.receive(channel)
    return message.get("token") == token


def _channel_layer_ok() -> bool:
    try:
        return async_to_sync(_channel_layer_roundtrip)()
    except Exception:
        return False


@login_required
@require_POST
def extend_session(request: HttpRequest) -> HttpResponse:
    """The user answered the expiry warning: count their idle time from now."""
    request.session["hub_seen_at"] = int(time.time())
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"expires_at": session_expiry(request), "now": int(time.time())})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The page that explains the export; the POST downloads everything the hub holds about the user."""
    if request.method != "POST":
        return render(request, "hub/my_data.html")
    data = {"exported_at": timezone.now().isoformat(), **privacy.export(request.user)}
    audit.record(actor=request.user, action="personal_data.export", target=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="samverkan-mina-uppgifter.json"'
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": "ok" if _database_ok() else "error",
        "channel_layer": "ok" if _channel_layer_ok() else "error",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 handler. A database that cannot be reached is a 503 with Retry-After: Django reconnects
    on the next request (CONN_HEALTH_CHECKS), so the hub recovers by itself. No template context is
    used, since the context processors themselves need the database."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        logger.error("Database unavailable: %s", error)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
