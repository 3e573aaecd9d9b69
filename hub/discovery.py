"""Finds what each installed app contributes to the hub (socket routes, dashboard panels, nav links).

Apps declare these in modules of their own (routing.py, dashboard.py), so adding an app touches no
shared file and hub never has to know a domain app by name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps
from django.http import HttpRequest


def _app_modules(module_name: str) -> list[ModuleType]:
    found = []
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{module_name}"
        if find_spec(config.name) is None:
            continue
        try:
            spec = find_spec(dotted)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            found.append(import_module(dotted))
    return found


def websocket_urlpatterns() -> list[Any]:
    patterns: list[Any] = []
    for module in _app_modules("routing"):
        patterns.extend(getattr(module, "websocket_urlpatterns", []))
    return patterns


@cache
def _dashboard_modules() -> list[ModuleType]:
    return _app_modules("dashboard")


def panel_functions() -> list[Callable[[HttpRequest], dict[str, Any] | None]]:
    """Each app's panels: a function returning {"template", "order", ...context} or None. A panel
    function may say which apps' data it reads (its reads attribute), so hub.views keeps it cached
    while other apps' data changes."""
    return [panel for module in _dashboard_modules() for panel in getattr(module, "panels", [])]


def nav_links(request: HttpRequest) -> list[dict[str, Any]]:
    """Each app's main navigation entries: a function returning [{"label", "url", "order"}]."""
    links = []
    for module in _dashboard_modules():
        nav = getattr(module, "nav_links", None)
        if nav is not None:
            links.extend(nav(request))
    return sorted(links, key=lambda link: link.get("order", 100))
