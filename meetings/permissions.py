"""Who may do what with a meeting, its items and its actions: plain functions read by views and
enforced by services."""

from __future__ import annotations

from dataclasses import dataclass

from meetings.models import Action, AgendaItem, Approval, Meeting, PlanAction
from partners import permissions as partner_permissions
from partners.types import Viewer


def is_forum_staff(user: Viewer) -> bool:
    """Those who see the whole forum: chairs, coordinators and leadership."""
    return partner_permissions.is_member(user) and (
        partner_permissions.is_chair(user)
        or partner_permissions.is_coordinator(user)
        or partner_permissions.is_leadership(user)
    )


def can_plan_meetings(user: Viewer) -> bool:
    """A chair or a coordinator plans the forum's meetings."""
    return partner_permissions.is_member(user) and (
        partner_permissions.is_chair(user) or partner_permissions.is_coordinator(user)
    )


def can_edit_year_wheel(user: Viewer) -> bool:
    """Enter the schools' holidays and local dates in the årshjul: whoever plans the forum's year."""
    return can_plan_meetings(user)


@dataclass(frozen=True)
class MeetingActions:
    can_view: bool
    can_edit: bool
    can_respond: bool
    approve_as: str
    sees_restricted: bool


def meeting_actions(user: Viewer, meeting: Meeting) -> MeetingActions:
    if not Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists():
        return MeetingActions(False, False, False, "", False)
    open_meeting = meeting.state == Meeting.State.PLANNED
    editable = open_meeting and not meeting.approvals.exists()
    approved_roles = set(meeting.approvals.values_list("role", flat=True))
    approve_as = ""
    if open_meeting and meeting.adjuster_id is not None:
        user_pk = getattr(user, "pk", None)
        if user_pk == meeting.chair_id and Approval.Role.CHAIR not in approved_roles:
            approve_as = Approval.Role.CHAIR
        elif user_pk == meeting.adjuster_id and Approval.Role.ADJUSTER not in approved_roles:
            approve_as = Approval.Role.ADJUSTER
    return MeetingActions(
        can_view=True,
        can_edit=editable and can_plan_meetings(user),
        can_respond=open_meeting and meeting.invitations.filter(user_id=getattr(user, "pk", 0) or 0).exists(),
        approve_as=approve_as,
        sees_restricted=is_forum_staff(user),
    )


def can_see_item(user: Viewer, item: AgendaItem) -> bool:
    """A restricted item is read by its organisation and the forum's staff only."""
    if item.restricted_to_id is None or is_forum_staff(user):
        return True
    membership = partner_permissions.membership_of(user)
    return membership is not None and membership.organisation_id == item.restricted_to_id


def can_report_done(user: Viewer, action: Action) -> bool:
    """A member of the owner organisation (or a coordinator) reports an open action done."""
    if action.is_done or not partner_permissions.is_member(user):
        return False
    if partner_permissions.is_coordinator(user):
        return True
    membership = partner_permissions.membership_of(user)
    return membership is not None and membership.organisation_id == action.owner_id


def can_write_annual_picture(user: Viewer) -> bool:
    """The coordinator (trygghetssamordnare) writes the year's lägesbild; every member reads it."""
    return partner_permissions.is_member(user) and partner_permissions.is_coordinator(user)


def can_follow_up_plan_action(user: Viewer, action: PlanAction) -> bool:
    """Report on an action of an adopted plan: its owner organisation's members, and coordinators."""
    if not partner_permissions.is_member(user) or not action.plan.is_adopted:
        return False
    if partner_permissions.is_coordinator(user):
        return True
    membership = partner_permissions.membership_of(user)
    return (
        membership is not None
        and membership.organisation_id == action.owner_id
        and membership.organisation.is_active
    )
