"""The Django admin is read-only for the hub's records; the changes it offers are actions that call
the services (checked, audited, sessions ended), and set-up saves are audited."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from forum.models import Category
from partners.admin_base import AuditedSetupAdmin
from partners.models import AuditEvent, User
from reports.models import Report
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db

HUB_APPS = {"hub", "partners", "realtime", "forum", "reports", "agreements", "escalations", "situation"}
SET_UP = {"forum.Category", "agreements.Programme", "agreements.Measure"}


@pytest.fixture
def staff(coordinator):
    User.objects.filter(pk=coordinator.pk).update(is_staff=True, is_superuser=True)
    coordinator.refresh_from_db()
    return coordinator


def test_every_record_is_read_only_in_the_admin_and_only_set_up_is_edited(staff):
    request = RequestFactory().get("/")
    request.user = staff
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in HUB_APPS:
            continue
        label = model._meta.label
        assert not model_admin.has_delete_permission(request), label
        if label in SET_UP:
            assert isinstance(model_admin, AuditedSetupAdmin), label
        else:
            assert not model_admin.has_add_permission(request), label
            assert not model_admin.has_change_permission(request), label


def test_posting_a_change_to_a_member_in_the_admin_is_refused(staff, member, client_for):
    url = reverse("admin:partners_user_change", args=[member.pk])
    response = client_for(staff).post(url, {"email": member.email, "is_active": ""})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.is_active


def test_a_report_cannot_be_deleted_in_the_admin(staff, client_for):
    report = ReportFactory()
    url = reverse("admin:reports_report_delete", args=[report.pk])
    assert client_for(staff).post(url, {"post": "yes"}).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()


def test_deactivating_in_the_admin_goes_through_the_service_audited_and_ends_sessions(
    staff, member, client_for
):
    member_client = client_for(member)
    assert member_client.get("/").status_code == 200
    response = client_for(staff).post(
        reverse("admin:partners_user_changelist"),
        {"action": "deactivate", "_selected_action": [member.pk]},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert AuditEvent.objects.filter(
        action="member.deactivate", actor=staff, target_id=str(member.pk)
    ).exists()
    assert member_client.get("/").status_code == 302  # logged out


def test_an_admin_action_the_service_refuses_changes_nothing_and_says_why(staff, client_for):
    response = client_for(staff).post(
        reverse("admin:partners_user_changelist"),
        {"action": "deactivate", "_selected_action": [staff.pk]},
        follow=True,
    )
    staff.refresh_from_db()
    assert staff.is_active
    assert "Du kan inte avaktivera dig själv." in response.content.decode()


def test_saving_a_category_in_the_admin_is_audited(staff, client_for):
    response = client_for(staff).post(
        reverse("admin:forum_category_add"),
        {
            "name": "Trygghet",
            "slug": "trygghet",
            "description": "",
            "visibility": "all",
            "position": 0,
            "allowed_kinds-TOTAL_FORMS": 0,
            "allowed_kinds-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category = Category.objects.get(slug="trygghet")
    event = AuditEvent.objects.get(action="admin.category.add")
    assert event.target_id == str(category.pk) and event.actor == staff
