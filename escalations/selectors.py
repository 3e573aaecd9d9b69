"""Read paths for escalations: everything starts from Escalation.objects.visible_to(user)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from escalations.models import Escalation, EscalationEvent
from partners.models import User

LIST_RELATED = ("organisation", "raised_by", "acknowledged_by")


def escalations_for(user: User, *, status: str = "") -> Any:
    escalations = Escalation.objects.visible_to(user).select_related(*LIST_RELATED)
    if status == "active":
        escalations = escalations.not_closed()
    elif status:
        escalations = escalations.filter(status=status)
    return escalations


def get_escalation_for(user: User, pk: int) -> Escalation:
    """The escalation if the user may see it; the same 404 for missing and not-yours."""
    escalation = Escalation.objects.visible_to(user).select_related(*LIST_RELATED).filter(pk=pk).first()
    if escalation is None:
        raise Http404
    return escalation


def timeline(escalation: Escalation) -> Any:
    return EscalationEvent.objects.filter(escalation=escalation).select_related("actor")


def linked_source(escalation: Escalation, user: User) -> Any | None:
    """The linked thread or report, only if this viewer may see it too."""
    if escalation.source_type_id is None:
        return None
    if escalation.source_type is None:
        return None
    model = escalation.source_type.model_class()
    manager = getattr(model, "_default_manager", None) if model else None
    if manager is None or not hasattr(manager, "visible_to"):
        return None
    return manager.visible_to(user).filter(pk=escalation.source_id).first()


def dashboard_counts(user: User) -> dict[str, Any]:
    visible = Escalation.objects.visible_to(user).not_closed().select_related("organisation")
    rows = list(visible[:50])
    return {
        "open": rows,
        "breached": [row for row in rows if row.is_breached()],
    }
