"""What meetings add to the dashboard and the main navigation: the next meeting and the
organisation's open actions."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import selectors
from meetings.models import Meeting
from partners import permissions as partner_permissions


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    if not partner_permissions.is_member(request.user):
        return []
    return [{"label": _("Meetings"), "url": reverse("meetings:list"), "order": 55}]


def meetings_panel(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not partner_permissions.is_member(user):
        return None
    upcoming = list(
        selectors.meetings_for(user)  # type: ignore[arg-type]
        .filter(state=Meeting.State.PLANNED, ends_at__gte=timezone.now())
        .order_by("starts_at")[:3]
    )
    actions = list(selectors.own_actions(user)[:5])  # type: ignore[arg-type]
    if not upcoming and not actions:
        return None
    return {
        "template": "meetings/_dashboard.html",
        "order": 55,
        "upcoming": upcoming,
        "actions": actions,
        # A meeting leaves the list when it ends (and the next one after the three shown moves up).
        "changes_at": min((meeting.ends_at for meeting in upcoming), default=None),
    }


# The apps whose data each panel shows: hub keeps a panel cached while only other apps' data changes.
meetings_panel.reads = ("meetings", "partners")  # type: ignore[attr-defined]
panels = [meetings_panel]
