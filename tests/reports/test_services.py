"""Filing, each step of handling (allowed and refused), forwarding, reopening, and the overdue ladder."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from partners.models import AuditEvent
from realtime.models import Notification
from reports import hooks as hooks_module
from reports import services
from reports.hooks import wired
from reports.models import Report, ReportEvent
from tests.partners.factories import OrganisationFactory, make_member
from tests.reports import hooks
from tests.reports.factories import ReportFactory, RoutingRuleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def details(**overrides):
    data = {
        "category": "vandalism",
        "place_text": "Poststigen 4",
        "occurred_at": timezone.now() - timedelta(hours=1),
        "description": "Krossad ruta i porten.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def routed(reporter, area, organisation):
    """A report filed by the reporter and routed to `organisation` (whose member handles it)."""
    RoutingRuleFactory(category="vandalism", area=area, organisation=organisation)
    return services.create_report(by=reporter, area=area, **details())


def told(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind).exists()


# --- filing ---


def test_filing_records_event_and_audit(reporter, area):
    report = services.create_report(by=reporter, area=area, **details())
    assert report.organisation == reporter.membership.organisation
    assert report.status == Report.Status.NEW
    assert list(report.events.values_list("kind", flat=True)) == ["created"]
    assert AuditEvent.objects.filter(action="report.create", target_id=str(report.pk)).exists()


def test_missing_area_is_refused(reporter):
    with pytest.raises(ValidationError) as error:
        services.create_report(by=reporter, area=None, **details())
    assert "area" in error.value.message_dict
    assert not Report.objects.exists()


def test_missing_category_is_refused(reporter, area):
    with pytest.raises(ValidationError) as error:
        services.create_report(by=reporter, area=area, **details(category=""))
    assert "category" in error.value.message_dict
    assert not Report.objects.exists()


def test_missing_time_is_refused(reporter, area):
    with pytest.raises(ValidationError) as error:
        services.create_report(by=reporter, area=area, **details(occurred_at=None))
    assert "occurred_at" in error.value.message_dict
    assert not Report.objects.exists()


def test_future_time_is_refused(reporter, area):
    with pytest.raises(ValidationError) as error:
        services.create_report(
            by=reporter, area=area, **details(occurred_at=timezone.now() + timedelta(days=1))
        )
    assert "occurred_at" in error.value.message_dict
    assert not Report.objects.exists()


def test_coordinates_outside_sweden_are_refused(reporter, area):
    with pytest.raises(ValidationError) as error:
        services.create_report(
            by=reporter, area=area, latitude=Decimal("52.52"), longitude=Decimal("13.40"), **details()
        )
    assert "latitude" in error.value.message_dict
    assert not Report.objects.exists()


def test_inactive_area_is_refused(reporter, area):
    area.is_active = False
    area.save()
    with pytest.raises(ValidationError):
        services.create_report(by=reporter, area=area, **details())


def test_deactivated_user_cannot_file(deactivated, area):
    with pytest.raises(PermissionDenied):
        services.create_report(by=deactivated, area=area, **details())


# --- steps allowed, with återkoppling to the reporter ---


def test_acknowledge_tells_reporter(routed, member, reporter):
    services.acknowledge_report(report=routed, by=member)
    assert routed.status == Report.Status.ACKNOWLEDGED
    assert told(reporter, "report.acknowledged")


def test_start_tells_reporter(routed, member, reporter):
    services.start_report(report=routed, by=member)
    assert routed.status == Report.Status.IN_PROGRESS
    assert told(reporter, "report.started")


def test_resolve_with_note_tells_reporter_what_was_done(routed, member, reporter):
    services.acknowledge_report(report=routed, by=member)
    services.start_report(report=routed, by=member)
    services.resolve_report(report=routed, by=member, note="Rutan är bytt.")
    routed.refresh_from_db()
    assert routed.status == Report.Status.RESOLVED
    assert routed.resolved_at is not None
    assert "Rutan är bytt." in Notification.objects.get(recipient=reporter, kind="report.resolved").text
    assert [e.kind for e in routed.events.all()] == ["created", "acknowledged", "started", "resolved"]
    assert routed.events.last().actor == member


def test_resolve_without_note_is_refused(routed, member):
    with pytest.raises(ValidationError):
        services.resolve_report(report=routed, by=member, note="  ")
    routed.refresh_from_db()
    assert routed.status == Report.Status.NEW


def test_reject_with_reason_tells_reporter(routed, member, reporter):
    services.reject_report(report=routed, by=member, reason="Inte vår fastighet.")
    assert routed.status == Report.Status.REJECTED
    assert told(reporter, "report.rejected")


def test_reject_without_reason_is_refused(routed, member):
    with pytest.raises(ValidationError):
        services.reject_report(report=routed, by=member, reason="")


# --- steps refused ---


def test_resolving_a_rejected_report_is_refused(routed, member):
    services.reject_report(report=routed, by=member, reason="Dubblett.")
    with pytest.raises(ValidationError) as error:
        services.resolve_report(report=routed, by=member, note="Klart.")
    assert "rejected" in error.value.messages[0]
    routed.refresh_from_db()
    assert routed.status == Report.Status.REJECTED
    assert not routed.events.filter(kind="resolved").exists()


def test_acknowledging_twice_is_refused(routed, member):
    services.acknowledge_report(report=routed, by=member)
    with pytest.raises(ValidationError):
        services.acknowledge_report(report=routed, by=member)


def test_starting_a_resolved_report_is_refused(routed, member):
    services.resolve_report(report=routed, by=member, note="Klart.")
    with pytest.raises(ValidationError):
        services.start_report(report=routed, by=member)


def test_forwarding_a_resolved_report_is_refused(routed, member, other_organisation):
    services.resolve_report(report=routed, by=member, note="Klart.")
    with pytest.raises(ValidationError):
        services.forward_report(report=routed, by=member, to_organisation=other_organisation, reason="Fel")


def test_outsider_cannot_act_on_report(routed, outsider):
    with pytest.raises(PermissionDenied):
        services.acknowledge_report(report=routed, by=outsider)


def test_reporter_cannot_resolve_own_report(routed, reporter):
    with pytest.raises(PermissionDenied):
        services.resolve_report(report=routed, by=reporter, note="Klart")


def test_coordinator_cannot_acknowledge_for_the_organisation(routed, coordinator):
    with pytest.raises(PermissionDenied):
        services.acknowledge_report(report=routed, by=coordinator)


def test_deactivated_member_of_responsible_organisation_cannot_act(routed, deactivated):
    with pytest.raises(PermissionDenied):
        services.acknowledge_report(report=routed, by=deactivated)


# --- forwarding ---


def test_forward_changes_responsible_organisation_and_returns_to_new(
    routed, member, other_organisation, outsider, reporter
):
    services.acknowledge_report(report=routed, by=member)
    old_due = routed.due_at
    services.forward_report(
        report=routed, by=member, to_organisation=other_organisation, reason="Deras fastighet."
    )
    routed.refresh_from_db()
    assert routed.responsible_organisation == other_organisation
    assert routed.status == Report.Status.NEW
    assert routed.due_at > old_due
    event = routed.events.get(kind="forwarded")
    assert (event.from_organisation, event.to_organisation) == (
        member.membership.organisation,
        other_organisation,
    )
    assert told(reporter, "report.forwarded")
    assert told(outsider, "report.routed")


def test_forward_to_inactive_organisation_is_refused(routed, member):
    inactive = OrganisationFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        services.forward_report(report=routed, by=member, to_organisation=inactive, reason="Fel")
    assert "to_organisation" in error.value.message_dict
    routed.refresh_from_db()
    assert routed.responsible_organisation == member.membership.organisation


def test_forward_without_reason_is_refused(routed, member, other_organisation):
    with pytest.raises(ValidationError):
        services.forward_report(report=routed, by=member, to_organisation=other_organisation, reason="")


def test_coordinator_assigns_an_unrouted_report(reporter, area, coordinator, organisation):
    report = services.create_report(by=reporter, area=area, **details())
    services.forward_report(
        report=report, by=coordinator, to_organisation=organisation, reason="Deras område."
    )
    assert report.responsible_organisation == organisation


def test_outsider_cannot_forward(routed, outsider, other_organisation):
    with pytest.raises(PermissionDenied):
        services.forward_report(report=routed, by=outsider, to_organisation=other_organisation, reason="x")


# --- reopening ---


def test_reporter_reopens_resolved_report_into_the_queue(routed, member, reporter, org_admin):
    services.resolve_report(report=routed, by=member, note="Klart.")
    services.reopen_report(report=routed, by=reporter, reason="Fortfarande trasigt.")
    routed.refresh_from_db()
    assert routed.status == Report.Status.NEW
    assert routed.reopened_count == 1
    assert routed.resolved_at is None
    assert routed.responsible_organisation == member.membership.organisation
    assert told(member, "report.routed") and told(org_admin, "report.routed")


def test_reopening_after_30_days_is_refused(routed, member, reporter):
    services.resolve_report(report=routed, by=member, note="Klart.")
    Report.objects.filter(pk=routed.pk).update(resolved_at=timezone.now() - timedelta(days=31))
    routed.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.reopen_report(report=routed, by=reporter, reason="Fortfarande trasigt.")
    assert "30" in error.value.messages[0]
    routed.refresh_from_db()
    assert routed.status == Report.Status.RESOLVED


def test_reopening_on_day_29_is_allowed(routed, member, reporter):
    services.resolve_report(report=routed, by=member, note="Klart.")
    Report.objects.filter(pk=routed.pk).update(resolved_at=timezone.now() - timedelta(days=29))
    routed.refresh_from_db()
    services.reopen_report(report=routed, by=reporter, reason="Fortfarande trasigt.")
    assert routed.status == Report.Status.NEW


def test_reopening_an_open_report_is_refused(routed, reporter):
    with pytest.raises(ValidationError):
        services.reopen_report(report=routed, by=reporter, reason="?")


def test_only_the_reporter_may_reopen(routed, member, reporter_colleague):
    services.resolve_report(report=routed, by=member, note="Klart.")
    with pytest.raises(PermissionDenied):
        services.reopen_report(report=routed, by=reporter_colleague, reason="Nej")


def test_reopen_without_reason_is_refused(routed, member, reporter):
    services.resolve_report(report=routed, by=member, note="Klart.")
    with pytest.raises(ValidationError):
        services.reopen_report(report=routed, by=reporter, reason=" ")


# --- comments ---


def test_handler_comment_reaches_reporter(routed, member, reporter):
    services.comment_on_report(report=routed, by=member, note="Vi tittar på det i morgon.")
    assert told(reporter, "report.comment")


def test_outsider_cannot_comment(routed, outsider):
    with pytest.raises(PermissionDenied):
        services.comment_on_report(report=routed, by=outsider, note="Hej")


# --- the overdue ladder ---


@pytest.fixture
def overdue_high(reporter, organisation, area):
    return ReportFactory(
        reporter=reporter,
        area=area,
        responsible_organisation=organisation,
        severity=Report.Severity.HIGH,
        assigned_at=timezone.now() - timedelta(days=10),
        due_at=timezone.now() - timedelta(days=5),
    )


def ladder_kinds(report):
    return sorted(report.events.filter(kind__in=ReportEvent.LADDER).values_list("kind", flat=True))


def test_ladder_climbs_each_rung_once_when_run_twice(
    settings, overdue_high, org_admin, member, coordinator, leader
):
    call_command("report_overdue", stdout=StringIO())
    call_command("report_overdue", stdout=StringIO())
    assert ladder_kinds(overdue_high) == [
        "overdue_coordinators",
        "overdue_leadership",
        "overdue_organisation",
    ]
    assert Notification.objects.filter(recipient=org_admin, kind="report.overdue").count() == 1
    assert not Notification.objects.filter(recipient=member, kind="report.overdue").exists()
    assert Notification.objects.filter(recipient=coordinator, kind="report.overdue").count() == 1
    assert len(hooks.ESCALATIONS) == 1
    escalation = hooks.ESCALATIONS[0]
    assert escalation["urgency"] == "urgent"
    assert escalation["source"] == overdue_high
    assert escalation["organisation"] == overdue_high.responsible_organisation


def test_an_unwired_escalation_hook_fails_loudly_instead_of_falling_back(overdue_high):
    from reports.hooks import _wired

    with wired():
        del _wired["escalate_to_leadership"]
        with pytest.raises(ImproperlyConfigured):
            hooks_module.escalate_to_leadership(
                organisation=None, subject="", summary="", urgency="urgent", source=overdue_high
            )


def test_ladder_waits_for_the_grace_period_before_coordinators(overdue_high, org_admin, coordinator):
    Report.objects.filter(pk=overdue_high.pk).update(due_at=timezone.now() - timedelta(hours=1))
    counts = services.run_overdue_ladder()
    assert counts == {"overdue_organisation": 1, "overdue_coordinators": 0, "overdue_leadership": 0}
    later = timezone.now() + timedelta(hours=25)
    counts = services.run_overdue_ladder(now=later)
    assert counts == {"overdue_organisation": 0, "overdue_coordinators": 1, "overdue_leadership": 0}


def test_medium_severity_is_never_raised_to_leadership(overdue_high, leader):
    Report.objects.filter(pk=overdue_high.pk).update(severity=Report.Severity.MEDIUM)
    services.run_overdue_ladder()
    assert "overdue_leadership" not in ladder_kinds(overdue_high)


def test_resolved_and_not_yet_due_reports_are_left_alone(reporter, organisation, area, org_admin):
    ReportFactory(
        reporter=reporter, responsible_organisation=organisation, due_at=timezone.now() + timedelta(hours=1)
    )
    ReportFactory(
        reporter=reporter,
        responsible_organisation=organisation,
        status=Report.Status.RESOLVED,
        due_at=timezone.now() - timedelta(days=3),
    )
    assert sum(services.run_overdue_ladder().values()) == 0


def test_forwarded_report_climbs_the_ladder_again_for_the_new_organisation(
    overdue_high, member, other_organisation, outsider_admin, org_admin
):
    services.run_overdue_ladder()
    services.forward_report(
        report=overdue_high, by=member, to_organisation=other_organisation, reason="Deras."
    )
    Report.objects.filter(pk=overdue_high.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    services.run_overdue_ladder()
    assert Notification.objects.filter(recipient=outsider_admin, kind="report.overdue").count() == 1


def test_failed_escalation_is_retried_on_the_next_run(settings, overdue_high):
    # A hook with the wrong signature raises, as a broken escalations part would.
    with wired(escalate_to_leadership=hooks.response_target_hours):
        services.run_overdue_ladder()
    assert "overdue_leadership" not in ladder_kinds(overdue_high)
    services.run_overdue_ladder()
    assert "overdue_leadership" in ladder_kinds(overdue_high)


def test_the_reporter_reads_a_handlers_step_in_the_hubs_language_whatever_the_handler_reads(
    settings, reporter
):
    from django.utils import translation

    settings.LANGUAGE_CODE = "sv"
    report = ReportFactory(reporter=reporter, category="graffiti")
    handler = make_member(report.responsible_organisation)
    with translation.override("en"):
        services.acknowledge_report(report=report, by=handler)
    notice = Notification.objects.get(recipient=reporter, kind="report.acknowledged")
    assert "har tagit emot din rapport" in notice.text and "Klotter" in notice.text
    with translation.override("en"):
        assert "has received your report" in notice.display_text and "Graffiti" in notice.display_text
