"""May this session's user hold a socket? The same account rules HTTP applies, asked by every socket.

realtime knows no domain app, so the rule itself (active user and organisation, two-factor where
required, idle and absolute session lifetime) is handed in once at start-up by hub.apps. A socket
opened before that raises instead of being let in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# (user, session) -> None when the account may be on the hub, else a short reason;
# and seconds until the session expires if nothing else happens (None: no limit known).
AccountCheck = Callable[[Any, Any], str | None]
SecondsLeft = Callable[[Any], float | None]

_check: AccountCheck | None = None
_seconds_left: SecondsLeft | None = None


def set_account_check(check: AccountCheck, *, seconds_left: SecondsLeft) -> None:
    global _check, _seconds_left
    _check = check
    _seconds_left = seconds_left


def account_problem(user: Any, session: Any) -> str | None:
    if _check is None:
        raise ImproperlyConfigured("realtime.access has no account check; hub.apps wires it at start-up")
    return _check(user, session)


def seconds_left(session: Any) -> float | None:
    if _seconds_left is None:
        raise ImproperlyConfigured("realtime.access has no account check; hub.apps wires it at start-up")
    return _seconds_left(session)


def account_state(user: Any, session: Any) -> tuple[str | None, float | None]:
    """(account_problem, seconds_left): what a socket checks at connect and when its session would end."""
    return account_problem(user, session), seconds_left(session)
