"""The kinds of notification apps send, with a label for the preferences page.

Apps register their kinds in AppConfig.ready() (realtime imports no domain app, so they tell it).
A kind that was never registered still works; the preferences page then shows the raw kind.
"""

from __future__ import annotations

from django.utils.functional import Promise

_KINDS: dict[str, str | Promise] = {}


def register(kind: str, label: str | Promise) -> None:
    _KINDS[kind] = label


def registered() -> dict[str, str | Promise]:
    return dict(_KINDS)


def label_for(kind: str) -> str:
    return str(_KINDS.get(kind, kind))
