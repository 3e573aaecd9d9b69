"""Who may do what with citizens' reports: coordinators triage; a resident acts through their secret
link only, so what they may do depends on the report, not on an account."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from intake.models import PUBLIC_CATEGORIES, CitizenReport
from partners import permissions
from partners.types import Viewer
from reports.models import REOPEN_DAYS, Report


def can_triage(user: Viewer) -> bool:
    """The triage queue: the coordinators and the municipality's customer service (kontaktcenter)."""
    return permissions.is_member(user) and (
        permissions.is_coordinator(user) or permissions.is_customer_service(user)
    )


def is_public(report: Report) -> bool:
    """What the public may see of a report at all: network-wide, a public category, not anonymised."""
    return (
        report.visibility == Report.Visibility.NETWORK
        and report.category in PUBLIC_CATEGORIES
        and report.anonymised_at is None
    )


def is_followable(report: Report) -> bool:
    return is_public(report) and report.is_open


def can_reopen(citizen_report: CitizenReport) -> bool:
    """ "Inte åtgärdat" within REOPEN_DAYS of the report being fixed, while the contact details remain."""
    report = citizen_report.report
    return bool(
        report is not None
        and citizen_report.confirmed_at is not None
        and citizen_report.erased_at is None
        and report.status == Report.Status.RESOLVED
        and report.resolved_at is not None
        and timezone.now() <= report.resolved_at + timedelta(days=REOPEN_DAYS)
    )
