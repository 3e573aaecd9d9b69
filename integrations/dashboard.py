"""What integrations adds to every page: a navigation entry for the organisation admin's
integrations page, and the calendar address for every member."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from integrations import permissions
from partners import permissions as partner_permissions


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    """One entry (both pages share the /integrations/ prefix the menu marks as current): the
    admin's integrations page, which links on to the calendar, or else the calendar page."""
    user = request.user
    membership = partner_permissions.membership_of(user)
    if membership is not None and permissions.can_manage_integrations(user, membership.organisation):
        return [{"label": _("Integrations"), "url": reverse("integrations:overview"), "order": 85}]
    if permissions.can_use_calendar_feed(user):
        return [{"label": _("Calendar"), "url": reverse("integrations:calendar"), "order": 85}]
    return []


panels: list[Any] = []
