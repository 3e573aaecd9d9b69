"""Who may do what with escalations."""

from __future__ import annotations

from partners import permissions
from partners.types import Viewer


def can_raise(user: Viewer) -> bool:
    """A member of an active organisation escalates on its behalf."""
    membership = permissions.membership_of(user)
    return permissions.is_member(user) and membership is not None and membership.organisation.is_active


def can_handle(user: Viewer) -> bool:
    """Acknowledge, answer and close: municipal leadership only."""
    return permissions.is_member(user) and permissions.is_leadership(user)


def can_watch_dashboard(user: Viewer) -> bool:
    """The live leadership dashboard: leadership and coordinators."""
    return permissions.is_member(user) and (
        permissions.is_leadership(user) or permissions.is_coordinator(user)
    )
