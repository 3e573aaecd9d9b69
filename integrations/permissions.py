"""Who may manage an organisation's API keys, webhooks and calendar feed: plain functions."""

from __future__ import annotations

from partners import permissions
from partners.models import Organisation
from partners.types import Viewer


def can_manage_integrations(user: Viewer, organisation: Organisation) -> bool:
    """Create and revoke keys, subscribe and resend webhooks: the organisation's own admins.

    Not coordinators: a key acts with the organisation's visibility, which is the organisation's
    to hand out."""
    return permissions.is_org_admin_of(user, organisation) and organisation.is_active


def can_use_calendar_feed(user: Viewer) -> bool:
    return permissions.is_member(user)
