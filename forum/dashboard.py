"""What the forum adds to the dashboard (latest threads; a chair's queue) and the main navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from forum import selectors
from forum.models import Category
from partners import permissions


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    if not permissions.is_member(request.user):
        return []
    return [
        {"label": _("Forum"), "url": reverse("forum:index"), "order": 20},
        {"label": _("Knowledge bank"), "url": reverse("forum:knowledge"), "order": 25},
    ]


def latest_threads_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not permissions.is_member(request.user):
        return None
    return {
        "template": "forum/_dashboard_latest.html",
        "order": 30,
        "threads": selectors.latest_threads_for(request.user),
    }


def chair_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not Category.objects.moderated_by(request.user).exists():
        return None
    return {
        "template": "forum/_dashboard_chair.html",
        "order": 31,
        "flagged": selectors.flag_queue_for(request.user).count(),
        "in_review": selectors.articles_in_review_for(request.user).count(),
    }


# The apps whose data each panel shows: hub keeps a panel cached while only other apps' data changes.
latest_threads_panel.reads = ("forum", "partners")  # type: ignore[attr-defined]
chair_panel.reads = ("forum", "partners")  # type: ignore[attr-defined]
panels = [latest_threads_panel, chair_panel]
