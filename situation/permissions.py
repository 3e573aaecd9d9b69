"""Who may do what in the situation picture: plain functions, called by views and services alike."""

from __future__ import annotations

from partners import permissions
from partners.models import Organisation, User
from partners.types import Viewer
from situation.models import ReportingDuty, Walk, WalkFinding, WalkSignup


def is_reporter(user: Viewer, organisation: Organisation) -> bool:
    return bool(
        isinstance(user, User)
        and permissions.is_member(user)
        and ReportingDuty.objects.filter(organisation=organisation, user=user).exists()
    )


def can_manage_reporters(user: Viewer, organisation: Organisation) -> bool:
    """Name and remove reporters: the organisation's own admins and coordinators."""
    if not permissions.is_member(user):
        return False
    return permissions.is_coordinator(user) or (
        organisation.is_active and permissions.is_org_admin_of(user, organisation)
    )


def can_choose_reporters_of_any_organisation(user: Viewer) -> bool:
    return permissions.is_member(user) and permissions.is_coordinator(user)


def can_check_in(user: Viewer, organisation: Organisation) -> bool:
    """Answer the weekly round for an organisation: its reporters and admins."""
    membership = permissions.membership_of(user)
    return bool(
        permissions.is_member(user)
        and membership is not None
        and membership.organisation_id == organisation.pk
        and organisation.is_active
        and (membership.is_org_admin or is_reporter(user, organisation))
    )


def can_see_round(user: Viewer) -> bool:
    return permissions.is_coordinator(user)


def can_remind_round(user: Viewer) -> bool:
    """Send the weekly round's reminder now, not only on the schedule."""
    return permissions.is_coordinator(user)


def can_compile(user: Viewer) -> bool:
    return permissions.is_coordinator(user)


def can_follow(user: Viewer) -> bool:
    return permissions.is_member(user)


def can_schedule_walk(user: Viewer) -> bool:
    """Any member of an active organisation organises walks in its name."""
    membership = permissions.membership_of(user)
    return permissions.is_member(user) and membership is not None and membership.organisation.is_active


def can_manage_walk(user: Viewer, walk: Walk) -> bool:
    """Mark done, cancel, set the meetings, plan a follow-up: the organiser, the organising
    organisation's admins, coordinators."""
    if not permissions.is_member(user):
        return False
    return (
        walk.organiser_id == user.pk
        or permissions.is_org_admin_of(user, walk.organisation)
        or permissions.is_coordinator(user)
    )


def can_sign_up(user: Viewer, walk: Walk) -> bool:
    return permissions.is_member(user)


def can_add_finding(user: Viewer, walk: Walk) -> bool:
    """Those who walked (signed up) and those who run the walk; a finding is filed as a report, so the
    person must also be able to file one."""
    membership = permissions.membership_of(user)
    if not (
        isinstance(user, User)
        and permissions.is_member(user)
        and membership is not None
        and membership.organisation.is_active
    ):
        return False
    return can_manage_walk(user, walk) or WalkSignup.objects.filter(walk=walk, user=user).exists()


def can_respond(user: Viewer, finding: WalkFinding) -> bool:
    """The finding's owner (the report's responsible organisation) says what it will do; a coordinator
    may write it down for them at the feedback meeting."""
    if not permissions.is_member(user):
        return False
    if permissions.is_coordinator(user):
        return True
    membership = permissions.membership_of(user)
    return bool(
        membership is not None
        and finding.report.responsible_organisation_id is not None
        and membership.organisation_id == finding.report.responsible_organisation_id
    )
