"""Who may do what with escalations."""

from __future__ import annotations

from dataclasses import dataclass

from escalations.models import Escalation, Status
from partners import permissions
from partners.types import Viewer


@dataclass(frozen=True)
class EscalationActions:
    """What a person may do with one escalation now; the detail page shows exactly these."""

    acknowledge: bool = False
    answer: bool = False
    close: bool = False

    @property
    def any(self) -> bool:
        return self.acknowledge or self.answer or self.close


def can_raise(user: Viewer) -> bool:
    """A member of an active organisation escalates on its behalf."""
    membership = permissions.membership_of(user)
    return permissions.is_member(user) and membership is not None and membership.organisation.is_active


def can_handle(user: Viewer) -> bool:
    """Acknowledge, answer and close: municipal leadership only."""
    return permissions.is_member(user) and permissions.is_leadership(user)


def escalation_actions(user: Viewer, escalation: Escalation) -> EscalationActions:
    if not can_handle(user) or escalation.status == Status.CLOSED:
        return EscalationActions()
    return EscalationActions(acknowledge=escalation.status == Status.OPEN, answer=True, close=True)


def can_watch_dashboard(user: Viewer) -> bool:
    """The live leadership dashboard: leadership and coordinators."""
    return permissions.is_member(user) and (
        permissions.is_leadership(user) or permissions.is_coordinator(user)
    )
