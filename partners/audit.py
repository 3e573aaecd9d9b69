"""Writing to the append-only audit log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from partners.models import AuditEvent, User

# Service identities (a partner system's API key) have addresses here; the log names them by name.
SERVICE_ACCOUNT_DOMAIN = "api-keys.invalid"


def actor_name(user: User) -> str:
    """How the log names who acted: a person by email, a service identity by its name."""
    if user.is_service_account:
        return user.full_name
    return user.email


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the server saw it.

    X-Forwarded-For is trusted only for HUB_TRUSTED_PROXIES hops, so a client cannot forge it.
    """
    if request is None:
        return None
    hops = getattr(settings, "HUB_TRUSTED_PROXIES", 0)
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


@dataclass(frozen=True)
class AuditContext:
    """Where the current action comes from, set once per request or socket (never per service call)."""

    ip: str | None
    via: str


_context: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current() -> AuditContext | None:
    return _context.get()


@contextmanager
def acting(*, ip: str | None, via: str) -> Iterator[AuditContext]:
    context = AuditContext(ip=ip, via=via)
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    from partners import audit_chain, audit_labels

    audit_labels.require(action)
    real_actor = actor if actor is not None and actor.is_authenticated and actor.pk else None
    return audit_chain.append(
        actor=real_actor,
        actor_label=actor_label or (actor_name(real_actor) if real_actor else ""),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(getattr(target, "audit_label", None) or target)[:254] if target is not None else "",
        data=data or {},
        ip=client_ip(request) if request is not None else _current_ip(),
    )


def _current_ip() -> str | None:
    context = _context.get()
    return context.ip if context is not None else None
