"""Who may do what with reports: plain functions, called by views and services alike."""

from __future__ import annotations

from partners import permissions
from partners.models import Organisation, Role, User
from partners.types import Viewer
from reports.models import Report


def can_file_report(user: Viewer) -> bool:
    """Any active member of an active organisation files in that organisation's name."""
    membership = permissions.membership_of(user)
    return permissions.is_member(user) and membership is not None and membership.organisation.is_active


def is_responsible_member(user: Viewer, report: Report) -> bool:
    """An active member of the organisation that must act on the report."""
    membership = permissions.membership_of(user)
    return bool(
        permissions.is_member(user)
        and membership is not None
        and report.responsible_organisation_id is not None
        and membership.organisation_id == report.responsible_organisation_id
        and membership.organisation.is_active
    )


def can_handle(user: Viewer, report: Report) -> bool:
    """Acknowledge, start, resolve, reject: the responsible organisation's members."""
    return is_responsible_member(user, report)


def can_forward(user: Viewer, report: Report) -> bool:
    """Forward to another organisation (or assign an unrouted one): responsible members, coordinators."""
    return is_responsible_member(user, report) or permissions.is_coordinator(user)


def can_reopen(user: Viewer, report: Report) -> bool:
    return permissions.is_member(user) and report.reporter_id == user.pk


def can_comment(user: Viewer, report: Report) -> bool:
    """Not on an anonymised report: its history holds no free text any more and gains none."""
    if report.is_anonymised:
        return False
    return can_forward(user, report) or can_reopen(user, report)


def can_manage_routing(user: Viewer) -> bool:
    return permissions.is_coordinator(user)


def can_see_overdue_overview(user: Viewer) -> bool:
    """The network-wide view of overdue reports, and reminding their organisations, is the
    coordinators'."""
    return permissions.is_coordinator(user)


def can_remind(user: Viewer, report: Report) -> bool:
    return (
        can_see_overdue_overview(user)
        and report.is_overdue
        and report.responsible_organisation_id is not None
    )


def can_see_queue(user: Viewer) -> bool:
    return can_file_report(user)


def active_members_of(organisation: Organisation | None) -> list[User]:
    if organisation is None or not organisation.is_active:
        return []
    return list(User.objects.people().filter(membership__organisation=organisation))


def admins_of(organisation: Organisation | None) -> list[User]:
    if organisation is None or not organisation.is_active:
        return []
    return list(
        User.objects.people().filter(membership__organisation=organisation, membership__role="org_admin")
    )


def holders_of(role: str) -> list[User]:
    return list(User.objects.filter(groups__name=role, is_active=True))


def coordinators() -> list[User]:
    return holders_of(Role.COORDINATOR)


def leadership() -> list[User]:
    return holders_of(Role.LEADERSHIP)
