"""What the intake adds to the navigation: the triage queue, for those who triage."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from intake import permissions


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    if not permissions.can_triage(request.user):
        return []
    return [{"label": _("Residents' reports"), "url": reverse("intake:triage"), "order": 35}]


panels: list[Any] = []
