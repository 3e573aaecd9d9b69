"""What reports add to the dashboard (my organisation's queue, feedback on my reports) and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import permissions as partner_permissions
from reports import permissions, selectors


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    if not partner_permissions.is_member(request.user):
        return []
    return [{"label": _("Reports"), "url": reverse("reports:list"), "order": 30}]


def queue_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not permissions.can_see_queue(request.user):
        return None
    queue = selectors.queue_for(request.user)
    return {
        "template": "reports/_dashboard_queue.html",
        "order": 20,
        "count": queue.count(),
        "overdue": queue.filter(due_at__lt=timezone.now()).count(),
        "latest": list(queue[:5]),
    }


def feedback_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not partner_permissions.is_member(request.user):
        return None
    events = list(selectors.latest_feedback_for(request.user))
    if not events:
        return None
    return {"template": "reports/_dashboard_feedback.html", "order": 21, "events": events}


# The apps whose data each panel shows: hub keeps a panel cached while only other apps' data changes.
queue_panel.reads = ("reports", "partners")  # type: ignore[attr-defined]
feedback_panel.reads = ("reports", "partners")  # type: ignore[attr-defined]
panels = [queue_panel, feedback_panel]
