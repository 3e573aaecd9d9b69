"""Routing rules pick the responsible organisation; the due time comes from the agreement or settings."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partners.models import Membership
from realtime.models import Notification
from reports import services
from reports.hooks import wired
from reports.models import RoutingRule
from tests.partners.factories import OrganisationFactory, make_member
from tests.reports import hooks
from tests.reports.factories import RoutingRuleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def file(reporter, area, category="vandalism"):
    return services.create_report(
        by=reporter,
        area=area,
        category=category,
        place_text="Poststigen 4",
        occurred_at=datetime.now(UTC) - timedelta(hours=1),
        description="Krossad ruta.",
    )


def test_rule_for_category_and_area_wins_over_any_area_rule(reporter, area, organisation, other_organisation):
    RoutingRuleFactory(category="vandalism", area=None, organisation=other_organisation)
    RoutingRuleFactory(category="vandalism", area=area, organisation=organisation)
    assert file(reporter, area).responsible_organisation == organisation


def test_any_area_rule_applies_when_no_area_rule(
    reporter, area, other_area, organisation, other_organisation
):
    RoutingRuleFactory(category="vandalism", area=other_area, organisation=other_organisation)
    RoutingRuleFactory(category="vandalism", area=None, organisation=organisation)
    assert file(reporter, area).responsible_organisation == organisation


def test_rule_of_another_category_does_not_apply(reporter, area, organisation):
    RoutingRuleFactory(category="graffiti", area=area, organisation=organisation)
    assert file(reporter, area).responsible_organisation is None


def test_rule_to_inactive_organisation_is_skipped(reporter, area, organisation, other_organisation):
    RoutingRuleFactory(category="vandalism", area=area, organisation=OrganisationFactory(is_active=False))
    RoutingRuleFactory(category="vandalism", area=None, organisation=organisation)
    assert file(reporter, area).responsible_organisation == organisation


def test_fallback_organisation_from_settings(settings, reporter, area, municipality):
    settings.REPORTS_FALLBACK_ORGANISATION_NAME = municipality.name
    assert file(reporter, area).responsible_organisation == municipality


def test_unrouted_report_is_left_for_coordinators_who_are_told(reporter, area, coordinator):
    report = file(reporter, area)
    assert report.responsible_organisation is None
    note = Notification.objects.get(recipient=coordinator)
    assert note.kind == "report.routed"
    assert note.url == report.get_absolute_url()


def test_responsible_members_are_told_of_a_routed_report(
    reporter, area, organisation, member, org_admin, outsider
):
    RoutingRuleFactory(category="vandalism", area=area, organisation=organisation)
    report = file(reporter, area)
    assert set(
        Notification.objects.filter(url=report.get_absolute_url()).values_list("recipient", flat=True)
    ) == {
        member.pk,
        org_admin.pk,
    }


def test_due_time_uses_default_hours_per_category_when_agreements_are_missing(settings, reporter, area):
    settings.REPORTS_DEFAULT_RESPONSE_HOURS = {"vandalism": 48, "fire": 4, "other": 120}
    vandalism = file(reporter, area, "vandalism")
    fire = file(reporter, area, "fire")
    assert vandalism.due_at - vandalism.created_at == timedelta(hours=48)
    assert fire.due_at - fire.created_at == timedelta(hours=4)


def test_due_time_uses_the_agreement_response_target(settings, reporter, area):
    with wired(response_target_hours=hooks.response_target_hours):
        report = file(reporter, area, "vandalism")
    assert report.due_at - report.created_at == timedelta(hours=6)


def test_due_time_falls_back_when_the_agreement_has_no_target(settings, reporter, area):
    settings.REPORTS_DEFAULT_RESPONSE_HOURS = {"graffiti": 72, "other": 120}
    with wired(response_target_hours=hooks.response_target_hours):
        report = file(reporter, area, "graffiti")
    assert report.due_at - report.created_at == timedelta(hours=72)


def test_coordinator_saves_and_replaces_a_rule(coordinator, area, organisation, other_organisation):
    services.save_routing_rule(by=coordinator, category="graffiti", area=area, organisation=organisation)
    services.save_routing_rule(
        by=coordinator, category="graffiti", area=area, organisation=other_organisation
    )
    assert RoutingRule.objects.get(category="graffiti", area=area).organisation == other_organisation


def test_one_any_area_rule_per_category(coordinator, organisation, other_organisation):
    services.save_routing_rule(by=coordinator, category="graffiti", area=None, organisation=organisation)
    services.save_routing_rule(
        by=coordinator, category="graffiti", area=None, organisation=other_organisation
    )
    assert RoutingRule.objects.filter(category="graffiti").count() == 1


def test_member_cannot_manage_rules(member, organisation):
    with pytest.raises(PermissionDenied):
        services.save_routing_rule(by=member, category="graffiti", area=None, organisation=organisation)


def test_rule_to_inactive_organisation_is_refused(coordinator):
    with pytest.raises(ValidationError):
        services.save_routing_rule(
            by=coordinator, category="graffiti", area=None, organisation=OrganisationFactory(is_active=False)
        )


def test_org_admin_of_responsible_organisation_is_a_handler_too(reporter, area, organisation):
    admin = make_member(organisation, role=Membership.Role.ORG_ADMIN)
    RoutingRuleFactory(category="vandalism", area=area, organisation=organisation)
    report = file(reporter, area)
    services.acknowledge_report(report=report, by=admin)
    assert report.status == "acknowledged"
