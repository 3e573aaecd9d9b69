"""Tamper evidence for the audit log.

Each audit event carries chain_hash = HMAC-SHA256(key, previous chain_hash + the event's content),
the key derived from DJANGO_SECRET_KEY, so rewriting, replacing, inserting or removing a row from
the database (e.g. `INSERT OR REPLACE` or `DROP TRIGGER` then `UPDATE` on the application's own
connection) breaks the chain at that row, and whoever does it cannot compute a matching chain
without the secret key. A signature is covered through its `signature.create` event, which holds
the signed text's SHA-256: verify() also checks every signature against that event and against its
version's text. What it does not protect against: someone who has the secret key and the database
(they can rebuild the whole chain), and the loss of the newest rows together with the head row.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from partners.models import AuditChainHead, AuditEvent


def _key() -> bytes:
    return hashlib.sha256(f"samverkan-audit-chain:{settings.SECRET_KEY}".encode()).digest()


def content_of(event: AuditEvent) -> str:
    return json.dumps(
        [
            event.actor_id,
            event.actor_label,
            event.action,
            event.target_type,
            event.target_id,
            event.target_label,
            event.data,
            event.ip,
            event.created_at.isoformat(),
        ],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )


def link(previous_hash: str, event: AuditEvent) -> str:
    return hmac.new(_key(), (previous_hash + content_of(event)).encode(), hashlib.sha256).hexdigest()


def append(**fields: Any) -> AuditEvent:
    """Write one audit event chained to the newest one."""
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(previous_hash=head.chain_hash, **fields)
        event.chain_hash = link(head.chain_hash, event)
        event.save()
        AuditChainHead.objects.filter(pk=1).update(chain_hash=event.chain_hash, length=head.length + 1)
    return event


@dataclass(frozen=True)
class Break:
    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


def verify() -> Break | None:
    """Walk the chain from the first chained event; the first broken link, or None."""
    expected = ""
    count = 0
    started = False
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if not event.chain_hash:
            if started:
                return Break(f"audit event {event.pk}", "has no chain hash after the chain began")
            continue
        started = True
        if event.previous_hash != expected:
            return Break(
                f"audit event {event.pk}", "does not follow the event before it (one was removed or inserted)"
            )
        if not hmac.compare_digest(event.chain_hash, link(expected, event)):
            return Break(f"audit event {event.pk}", "its content was changed after it was written")
        expected = event.chain_hash
        count += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.chain_hash != expected or head.length != count):
        return Break("the newest audit events", "were removed (the chain head does not match the last event)")
    return _verify_signatures()


def _verify_signatures() -> Break | None:
    from django.apps import apps

    if not apps.is_installed("agreements"):
        return None
    signature_model = apps.get_model("agreements", "Signature")
    created = {
        event.target_id: event.data.get("sha256")
        for event in AuditEvent.objects.filter(action="signature.create").only("target_id", "data")
    }
    for signature in (
        signature_model.objects.select_related("version").order_by("id").iterator(chunk_size=500)
    ):
        if created.get(str(signature.pk)) != signature.text_sha256:
            return Break(
                f"signature {signature.pk}", "its text hash differs from the one the audit log recorded"
            )
        if signature.version.text_sha256() != signature.text_sha256:
            return Break(f"signature {signature.pk}", "the signed version's text was changed after signing")
    return None
