"""What the situation picture adds to the dashboard (this week's round, the latest hotspot signals)
and the navigation ("Lägesbild")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from partners import permissions as partner_permissions
from situation import permissions, selectors
from situation.weeks import IsoWeek


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    if not partner_permissions.is_member(request.user):
        return []
    return [{"label": _("Situation picture"), "url": reverse("situation:home"), "order": 35}]


def round_panel(request: HttpRequest) -> dict[str, Any] | None:
    organisation = selectors.organisation_of(request.user)
    if organisation is None or not partner_permissions.is_member(request.user):
        return None
    week = IsoWeek.current()
    return {
        "template": "situation/_dashboard_round.html",
        "order": 15,
        "week": week,
        "entry": selectors.round_entry_for(organisation, week),
        "can_check_in": permissions.can_check_in(request.user, organisation),
        "can_see_round": permissions.can_see_round(request.user),
        "changes_at": week.end,  # Monday brings the next week's round
    }


def signals_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not partner_permissions.is_member(request.user):
        return None
    signals = list(selectors.latest_signals())
    if not signals:
        return None
    return {
        "template": "situation/_dashboard_signals.html",
        "order": 16,
        "signals": signals,
        "changes_at": None,  # the latest signals, whenever they were raised
    }


# The apps whose data each panel shows: hub keeps a panel cached while only other apps' data changes.
round_panel.reads = ("situation", "partners")  # type: ignore[attr-defined]
signals_panel.reads = ("situation", "partners")  # type: ignore[attr-defined]
panels = [round_panel, signals_panel]
