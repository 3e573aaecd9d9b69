"""Who may do what in the partner network: plain functions, called by views and services alike."""

from __future__ import annotations

from dataclasses import dataclass

from partners.models import Membership, Organisation, Role, User
from partners.types import Viewer


def is_member(user: Viewer) -> bool:
    """An active user of an active organisation (coordinators always count)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    membership = getattr(user, "membership", None)
    return bool(membership and membership.organisation.is_active) or user.has_role(Role.COORDINATOR)


def is_shut_out(user: Viewer) -> bool:
    """A member of a deactivated organisation (coordinators keep access through their role)."""
    membership = membership_of(user)
    return bool(membership and not membership.organisation.is_active and not is_coordinator(user))


def is_coordinator(user: Viewer) -> bool:
    return isinstance(user, User) and user.has_role(Role.COORDINATOR)


def is_leadership(user: Viewer) -> bool:
    return isinstance(user, User) and user.has_role(Role.LEADERSHIP)


def is_chair(user: Viewer) -> bool:
    return isinstance(user, User) and user.has_role(Role.CHAIR)


def is_customer_service(user: Viewer) -> bool:
    return isinstance(user, User) and user.has_role(Role.CUSTOMER_SERVICE)


def is_privileged(user: Viewer) -> bool:
    """Roles that see more than their own organisation (customer service: residents' contact details)
    and must use two-factor login when required."""
    return is_coordinator(user) or is_leadership(user) or is_chair(user) or is_customer_service(user)


def membership_of(user: Viewer) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "membership", None)


def is_org_admin_of(user: Viewer, organisation: Organisation) -> bool:
    membership = membership_of(user)
    return bool(
        membership
        and user.is_active
        and membership.organisation_id == organisation.pk
        and membership.is_org_admin
    )


def is_signatory_of(user: Viewer, organisation: Organisation) -> bool:
    membership = membership_of(user)
    return bool(
        membership
        and user.is_active
        and membership.organisation_id == organisation.pk
        and membership.is_signatory
    )


def can_create_organisation(user: Viewer) -> bool:
    return is_coordinator(user)


def can_manage_members(user: Viewer, organisation: Organisation) -> bool:
    """Invite, deactivate and mark signatories: the organisation's own admins and coordinators."""
    if not organisation.is_active and not is_coordinator(user):
        return False
    return is_coordinator(user) or is_org_admin_of(user, organisation)


HUB_WIDE_ROLES = (Role.COORDINATOR, Role.LEADERSHIP, Role.CHAIR, Role.CUSTOMER_SERVICE)


def holds_hub_wide_role(user: Viewer) -> bool:
    """A hub-wide role (coordinator, leadership, chair, customer service), active or not (a deactivated
    coordinator is still one)."""
    prefetched = getattr(user, "_prefetched_objects_cache", {}).get("groups")
    if prefetched is not None:
        return any(group.name in HUB_WIDE_ROLES for group in prefetched)
    return user.groups.filter(name__in=HUB_WIDE_ROLES).exists()


@dataclass(frozen=True)
class MembershipActions:
    can_manage: bool  # may act on this membership at all
    can_change_role: bool
    can_set_signatory: bool
    can_deactivate: bool
    can_reactivate: bool


NO_MEMBERSHIP_ACTIONS = MembershipActions(False, False, False, False, False)


def membership_actions(user: Viewer, membership: Membership) -> MembershipActions:
    """An organisation's admins manage its ordinary members; a member who holds a hub-wide role
    (coordinator, leadership, chair) is managed by coordinators only, whatever organisation they
    sit in. Role and signatory change only while the member is active; nobody deactivates themselves."""
    if not can_manage_members(user, membership.organisation):
        return NO_MEMBERSHIP_ACTIONS
    if not (is_coordinator(user) or not holds_hub_wide_role(membership.user)):
        return NO_MEMBERSHIP_ACTIONS
    active = membership.user.is_active
    return MembershipActions(
        can_manage=True,
        can_change_role=active,
        can_set_signatory=active,
        can_deactivate=active and membership.user_id != user.pk,
        can_reactivate=not active,
    )


def can_change_organisation_status(user: Viewer, organisation: Organisation) -> bool:
    """Take an organisation out of the network or back in: coordinators, never their own organisation."""
    membership = membership_of(user)
    return is_coordinator(user) and not (membership and membership.organisation_id == organisation.pk)


def can_manage_areas(user: Viewer) -> bool:
    return is_coordinator(user)


def can_assign_roles(user: Viewer) -> bool:
    return is_coordinator(user)


def can_read_audit_log(user: Viewer) -> bool:
    return is_coordinator(user)


def can_view_directory(user: Viewer) -> bool:
    return is_member(user)
