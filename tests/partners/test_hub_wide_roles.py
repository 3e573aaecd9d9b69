"""Roles that outrank the organisation: its admins manage ordinary members only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partners import permissions, services
from partners.models import Membership, Role
from tests.partners.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[Role.COORDINATOR, Role.LEADERSHIP, Role.CHAIR])
def colleague_with_hub_role(request, organisation):
    return make_member(organisation, hub_roles=[request.param], email="kommun@example.test")


def test_an_organisation_admin_cannot_deactivate_a_colleague_with_a_hub_wide_role(
    org_admin, colleague_with_hub_role
):
    with pytest.raises(PermissionDenied):
        services.deactivate_member(by=org_admin, membership=colleague_with_hub_role.membership)
    colleague_with_hub_role.refresh_from_db()
    assert colleague_with_hub_role.is_active


def test_an_organisation_admin_cannot_change_the_role_or_signatory_of_a_hub_role_holder(
    org_admin, colleague_with_hub_role
):
    membership = colleague_with_hub_role.membership
    with pytest.raises(PermissionDenied):
        services.set_member_role(by=org_admin, membership=membership, role=Membership.Role.ORG_ADMIN)
    with pytest.raises(PermissionDenied):
        services.set_signatory(by=org_admin, membership=membership, is_signatory=True)


def test_a_coordinator_manages_the_hub_role_holder(coordinator, colleague_with_hub_role):
    services.deactivate_member(by=coordinator, membership=colleague_with_hub_role.membership)
    colleague_with_hub_role.refresh_from_db()
    assert not colleague_with_hub_role.is_active


def test_a_deactivated_hub_role_holder_is_still_reactivated_only_by_coordinators(
    org_admin, coordinator, colleague_with_hub_role
):
    services.deactivate_member(by=coordinator, membership=colleague_with_hub_role.membership)
    colleague_with_hub_role.refresh_from_db()
    assert not permissions.membership_actions(org_admin, colleague_with_hub_role.membership).can_manage


def test_the_admin_still_manages_ordinary_members(org_admin, member):
    assert permissions.membership_actions(org_admin, member.membership).can_manage


def test_the_deactivate_button_is_not_offered_and_the_post_is_not_found(
    org_admin, colleague_with_hub_role, client_for
):
    client = client_for(org_admin)
    membership = colleague_with_hub_role.membership
    page = client.get(reverse("partners:organisation", args=(membership.organisation_id,))).content.decode()
    assert reverse("partners:deactivate", args=(membership.pk,)) not in page
    assert client.post(reverse("partners:deactivate", args=(membership.pk,))).status_code == 404
    colleague_with_hub_role.refresh_from_db()
    assert colleague_with_hub_role.is_active


def test_customer_service_triages_but_holds_no_coordinator_power(client_for, customer_service):
    client = client_for(customer_service)
    assert client.get(reverse("intake:triage")).status_code == 200
    assert client.get(reverse("partners:audit")).status_code == 403
    assert client.get(reverse("partners:roles")).status_code == 403
    assert client.get(reverse("reports:rules")).status_code == 403
    assert not permissions.is_coordinator(customer_service)
    assert permissions.is_privileged(customer_service)  # residents' contact details: two-factor login
