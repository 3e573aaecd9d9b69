"""Overdue work, network-wide: the list's overdue filter, the coordinators' view per responsible
organisation, and the reminder a coordinator sends now (once a day per report)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partners.models import AuditEvent
from realtime.models import Notification
from reports.models import Report, ReportEvent
from tests.partners.factories import OrganisationFactory, make_member
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(organisation):
    other = OrganisationFactory(name="Vattenfall")
    now = timezone.now()
    return {
        "late": ReportFactory(responsible_organisation=organisation, due_at=now - timedelta(days=3)),
        "later": ReportFactory(responsible_organisation=organisation, due_at=now - timedelta(hours=2)),
        "elsewhere": ReportFactory(responsible_organisation=other, due_at=now - timedelta(days=5)),
        "in_time": ReportFactory(responsible_organisation=organisation, due_at=now + timedelta(hours=5)),
        "done": ReportFactory(
            responsible_organisation=organisation,
            due_at=now - timedelta(days=9),
            status=Report.Status.RESOLVED,
        ),
    }


def test_the_list_filters_overdue_reports_oldest_due_first(overdue, coordinator, client_for):
    response = client_for(coordinator).get("/reports/?status=overdue")
    shown = [report.pk for report in response.context["page"].object_list]
    assert shown == [overdue["elsewhere"].pk, overdue["late"].pk, overdue["later"].pk]


def test_the_coordinator_sees_overdue_work_per_organisation_the_longest_overdue_first(
    overdue, coordinator, organisation, client_for
):
    response = client_for(coordinator).get("/reports/overdue/")
    groups = response.context["groups"]
    assert [group.organisation.name for group in groups] == ["Vattenfall", organisation.name]
    assert [group.count for group in groups] == [1, 2]
    assert [report.pk for report in groups[1].reports] == [overdue["late"].pk, overdue["later"].pk]
    assert f'action="/reports/{overdue["late"].pk}/remind/"' in response.content.decode()


def test_a_reminder_tells_the_responsible_organisation_now_and_is_audited(
    overdue, coordinator, organisation, org_admin, member, client_for
):
    report = overdue["late"]
    response = client_for(coordinator).post(f"/reports/{report.pk}/remind/")
    assert response.status_code == 302 and response["Location"] == "/reports/overdue/"
    told = set(Notification.objects.filter(kind="report.reminder").values_list("recipient_id", flat=True))
    assert {org_admin.pk, member.pk} <= told
    assert ReportEvent.objects.filter(report=report, kind="reminded", actor=coordinator).exists()
    assert AuditEvent.objects.filter(action="report.remind", target_id=str(report.pk)).exists()


def test_a_report_is_reminded_of_at_most_once_a_day(overdue, coordinator, org_admin, client_for):
    report = overdue["late"]
    client = client_for(coordinator)
    client.post(f"/reports/{report.pk}/remind/")
    response = client.post(f"/reports/{report.pk}/remind/", follow=True)
    assert response.redirect_chain[-1][0] == "/reports/overdue/"
    assert Notification.objects.filter(kind="report.reminder", recipient=org_admin).count() == 1
    ReportEvent.objects.filter(report=report, kind="reminded").update(
        created_at=timezone.now() - timedelta(days=2)
    )
    client.post(f"/reports/{report.pk}/remind/")
    assert Notification.objects.filter(kind="report.reminder", recipient=org_admin).count() == 2


def test_a_report_in_time_cannot_be_reminded_of(overdue, coordinator, org_admin, client_for):
    client_for(coordinator).post(f"/reports/{overdue['in_time'].pk}/remind/")
    assert not Notification.objects.filter(kind="report.reminder").exists()


def test_only_coordinators_see_the_overdue_view(overdue, org_admin, client_for):
    assert client_for(org_admin).get("/reports/overdue/").status_code == 403
    assert client_for(make_member(OrganisationFactory())).get("/reports/overdue/").status_code == 403
