"""What escalations add to the dashboard and the main navigation."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from escalations import permissions, selectors
from partners import permissions as partner_permissions


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    if not partner_permissions.is_member(request.user):
        return []
    return [{"label": _("Escalations"), "url": reverse("escalations:list"), "order": 50}]


def escalations_panel(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not partner_permissions.is_member(user):
        return None
    leadership = permissions.can_watch_dashboard(user)
    return {
        "template": "escalations/_dashboard.html",
        "order": 10 if leadership else 60,
        "leadership": leadership,
        # The dashboard listens on leadership's escalation socket and refreshes this panel from it.
        "live_escalations": leadership,
        "can_raise": permissions.can_raise(user),
        **selectors.dashboard_counts(user),
    }


# The apps whose data each panel shows: hub keeps a panel cached while only other apps' data changes.
escalations_panel.reads = ("escalations", "partners")  # type: ignore[attr-defined]
panels = [escalations_panel]
