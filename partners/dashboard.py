"""What the partner network adds to the dashboard and the main navigation."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from partners import permissions


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not permissions.is_member(user):
        return []
    links = [{"label": _("Partners"), "url": reverse("partners:directory"), "order": 80}]
    if permissions.is_coordinator(user):
        links.append({"label": _("Administration"), "url": reverse("partners:roles"), "order": 90})
    return links


def my_organisation_panel(request: HttpRequest) -> dict[str, Any] | None:
    membership = permissions.membership_of(request.user)
    if membership is None:
        return None
    return {
        "template": "partners/_dashboard.html",
        "order": 90,
        "membership": membership,
        "can_manage": permissions.can_manage_members(request.user, membership.organisation),
        "changes_at": None,  # the clock changes nothing here
    }


# The apps whose data each panel shows: hub keeps a panel cached while only other apps' data changes.
my_organisation_panel.reads = ("partners",)  # type: ignore[attr-defined]
panels = [my_organisation_panel]
