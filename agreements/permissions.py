"""Who may do what with agreements, measures and follow-ups: plain functions for views and services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from agreements.models import AgreementVersion, FollowUpPeriod, Measure
from partners import permissions
from partners.models import Organisation
from partners.types import Viewer


def can_manage_agreements(user: Viewer) -> bool:
    """Draft, edit and open versions; create periods; publish and reopen them."""
    return permissions.is_coordinator(user)


def can_see_renewal_board(user: Viewer) -> bool:
    return permissions.is_coordinator(user) or permissions.is_leadership(user)


def sign_refusal(user: Viewer, version: AgreementVersion, organisation: Organisation | None) -> str:
    """Why this user cannot sign this version for this organisation; empty when they can."""
    if organisation is None or not permissions.is_signatory_of(user, organisation):
        return _("Only a signatory of the organisation can sign on its behalf.")
    if not organisation.is_active:
        return _("The organisation is deactivated.")
    if not version.is_signable:
        return _("This version is not open for signing.")
    return ""


def can_sign(user: Viewer, version: AgreementVersion, organisation: Organisation | None) -> bool:
    return not sign_refusal(user, version, organisation)


def sees_all_follow_ups(user: Viewer) -> bool:
    return permissions.is_coordinator(user) or permissions.is_leadership(user)


def can_record_follow_up(user: Viewer, measure: Measure) -> bool:
    """The responsible department's members, and coordinators."""
    if permissions.is_coordinator(user):
        return True
    membership = permissions.membership_of(user)
    return bool(
        permissions.is_member(user)
        and membership
        and measure.responsible_id
        and membership.organisation_id == measure.responsible_id
    )


def can_read_period_report(user: Viewer, period: FollowUpPeriod) -> bool:
    return permissions.is_member(user) and (period.is_published or sees_all_follow_ups(user))
