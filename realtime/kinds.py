"""The kinds of notification apps send, with a label for the preferences page.

Apps register their kinds in AppConfig.ready() (realtime imports no domain app, so they tell it).
notify() refuses a kind that was never registered, so no raw kind string reaches a page.
"""

from __future__ import annotations

from django.utils.functional import Promise

_KINDS: dict[str, str | Promise] = {}


def register(kind: str, label: str | Promise) -> None:
    _KINDS[kind] = label


class UnknownKind(LookupError):
    pass


def require(kind: str) -> None:
    if kind not in _KINDS:
        raise UnknownKind(f"notification kind {kind!r} is not registered (realtime.kinds.register)")


def registered() -> dict[str, str | Promise]:
    return dict(_KINDS)


def label_for(kind: str) -> str:
    return str(_KINDS.get(kind, kind))
