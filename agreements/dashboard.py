"""What the agreements app adds to the dashboard and the main navigation."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import permissions, selectors
from partners import permissions as partner_permissions


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    if not partner_permissions.is_member(request.user):
        return []
    return [{"label": _("Agreements"), "url": reverse("agreements:index"), "order": 40}]


def agreement_panel(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not partner_permissions.is_member(user):
        return None
    membership = partner_permissions.membership_of(user)
    organisation = membership.organisation if membership else None
    in_force = selectors.version_in_force()
    open_version = selectors.open_version()
    signed_in_force = bool(
        in_force
        and organisation
        and selectors.active_signatures(in_force).filter(organisation=organisation).exists()
    )
    signed_open = bool(
        open_version and organisation and open_version.signatures.filter(organisation=organisation).exists()
    )
    return {
        "template": "agreements/_dashboard.html",
        "order": 40,
        "in_force": in_force,
        "open_version": open_version,
        "my_organisation": organisation,
        "signed_in_force": signed_in_force,
        "signed_open": signed_open,
        "can_sign": bool(open_version and permissions.can_sign(user, open_version, organisation)),
        "board": selectors.renewal_board(open_version)
        if open_version and permissions.can_see_renewal_board(user)
        else None,
        # Which version is in force goes by the date: the panel holds until midnight.
        "changes_at": timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(days=1), time.min)
        ),
    }


# The apps whose data each panel shows: hub keeps a panel cached while only other apps' data changes.
agreement_panel.reads = ("agreements", "partners")  # type: ignore[attr-defined]
panels = [agreement_panel]
