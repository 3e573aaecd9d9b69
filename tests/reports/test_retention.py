"""Retention: closed reports are anonymised REPORTS_RETENTION_DAYS after closing, and counts stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partners import privacy
from partners.models import AuditEvent
from realtime.models import Notification
from reports import permissions, services
from reports.models import ANONYMISED_TEXT, Report, ReportEvent, ReportPhoto
from situation.selectors import lagesbild
from situation.weeks import IsoWeek
from tests.reports.factories import RoutingRuleFactory, upload

pytestmark = pytest.mark.django_db

RETENTION_DAYS = 30
SECRET_NOTE = "Vi pratade med Kalle Karlsson i trappuppgången."


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.REPORTS_RETENTION_DAYS = RETENTION_DAYS


@pytest.fixture
def routed(organisation, area):
    RoutingRuleFactory(category="vandalism", area=area, organisation=organisation)


def file_report(reporter, area, *, days_ago, photos=()):
    return services.create_report(
        by=reporter,
        area=area,
        category="vandalism",
        place_text="Poststigen 4, port B",
        occurred_at=timezone.now() - timedelta(days=days_ago),
        description="Krossad ruta i porten, Rut Rapportör såg två personer springa.",
        latitude="59.171200",
        longitude="18.139500",
        photos=photos,
    )


def age(report, days):
    """Move the report's whole life `days` into the past (filed, handled and closed back then)."""
    then = timezone.now() - timedelta(days=days)
    fields = {"created_at": then, "assigned_at": then, "due_at": then + timedelta(hours=48)}
    if report.resolved_at is not None:
        fields["resolved_at"] = then
    Report.objects.filter(pk=report.pk).update(**fields)
    ReportEvent.objects.filter(report=report).update(created_at=then)
    report.refresh_from_db()
    return report


def resolved_report(reporter, member, area, *, days_ago, photos=()):
    report = file_report(reporter, area, days_ago=days_ago, photos=photos)
    services.resolve_report(report=report, by=member, note=SECRET_NOTE)
    return age(report, days_ago)


def anonymise_all(capture):
    with capture(execute=True):
        return services.anonymise_expired_reports()


def test_resolved_report_past_retention_is_anonymised(
    routed, reporter, member, area, media_files, django_capture_on_commit_callbacks
):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS + 5, photos=[upload()])
    before = Report.objects.get(pk=report.pk)
    assert len(media_files()) == 1

    assert anonymise_all(django_capture_on_commit_callbacks) == 1

    report.refresh_from_db()
    assert report.anonymised_at is not None
    assert report.reporter is None
    assert report.description == ANONYMISED_TEXT
    assert report.place_text == ANONYMISED_TEXT
    assert (report.latitude, report.longitude) == (None, None)
    assert media_files() == []
    assert not ReportPhoto.objects.filter(report=report).exists()
    events = list(ReportEvent.objects.filter(report=report))
    assert len(events) == 2
    assert all(event.note == "" and event.actor_id is None for event in events)
    # What the statistics count is kept exactly.
    for field in ("organisation_id", "area_id", "category", "severity", "status", "visibility"):
        assert getattr(report, field) == getattr(before, field)
    for field in (
        "occurred_at",
        "created_at",
        "assigned_at",
        "due_at",
        "resolved_at",
        "responsible_organisation_id",
    ):
        assert getattr(report, field) == getattr(before, field)


def test_rejected_report_counts_from_its_last_event(routed, reporter, member, area):
    report = file_report(reporter, area, days_ago=RETENTION_DAYS + 5)
    services.reject_report(report=report, by=member, reason=SECRET_NOTE)
    age(report, RETENTION_DAYS + 1)
    assert report.resolved_at is None

    assert services.anonymise_expired_reports() == 1

    report.refresh_from_db()
    assert report.is_anonymised
    assert report.status == Report.Status.REJECTED


def test_open_report_of_the_same_age_is_untouched(routed, reporter, area):
    report = age(file_report(reporter, area, days_ago=RETENTION_DAYS + 5), RETENTION_DAYS + 5)

    assert services.anonymise_expired_reports() == 0

    report.refresh_from_db()
    assert report.anonymised_at is None
    assert report.reporter == reporter
    assert report.place_text == "Poststigen 4, port B"


def test_recently_resolved_report_is_untouched(routed, reporter, member, area):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS - 1)

    assert services.anonymise_expired_reports() == 0

    report.refresh_from_db()
    assert report.anonymised_at is None
    assert report.events.get(kind="resolved").note == SECRET_NOTE


def test_a_late_comment_postpones_anonymisation(routed, reporter, member, area):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS + 5)
    services.comment_on_report(report=report, by=member, note="Uppföljning.")

    assert services.anonymise_expired_reports() == 0


def test_an_open_report_cannot_be_anonymised_directly(routed, reporter, area):
    report = file_report(reporter, area, days_ago=1)
    with pytest.raises(ValidationError):
        services.anonymise_report(report=report)
    report.refresh_from_db()
    assert report.anonymised_at is None


def test_a_rollback_keeps_the_photo_files(
    routed, reporter, member, area, media_files, django_capture_on_commit_callbacks
):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS + 5, photos=[upload()])
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.anonymise_report(report=report)
        raise RuntimeError("something later in the transaction failed")
    assert callbacks == []
    assert len(media_files()) == 1
    assert ReportPhoto.objects.filter(report=report).count() == 1
    assert Report.objects.get(pk=report.pk).anonymised_at is None


def test_command_is_idempotent_and_dry_run_changes_nothing(
    routed, reporter, member, area, django_capture_on_commit_callbacks
):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS + 5)

    dry = StringIO()
    call_command("anonymise_reports", "--dry-run", stdout=dry)
    assert dry.getvalue().startswith("1 report(s) would be anonymised")
    assert Report.objects.get(pk=report.pk).anonymised_at is None

    first, second = StringIO(), StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_reports", stdout=first)
    anonymised_at = Report.objects.get(pk=report.pk).anonymised_at
    call_command("anonymise_reports", stdout=second)

    assert first.getvalue().startswith("1 report(s) anonymised")
    assert second.getvalue().startswith("0 report(s) anonymised")
    assert Report.objects.get(pk=report.pk).anonymised_at == anonymised_at
    assert AuditEvent.objects.filter(action="report.anonymise").count() == 1


def test_anonymising_again_directly_changes_nothing(routed, reporter, member, area):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS + 5)
    services.anonymise_report(report=report)
    anonymised_at = Report.objects.get(pk=report.pk).anonymised_at

    services.anonymise_report(report=report)

    assert Report.objects.get(pk=report.pk).anonymised_at == anonymised_at
    assert AuditEvent.objects.filter(action="report.anonymise").count() == 1


def picture(week, now):
    """The week's lägesbild as plain values: per area its cells, open and overdue counts, and the round."""
    built = lagesbild(week, now=now)
    return (
        [
            (
                item.area.pk,
                [(cell.category, cell.count, cell.history) for cell in item.cells],
                item.open,
                item.overdue,
                item.total,
            )
            for item in built.areas
        ],
        [(entry.organisation.pk, entry.reports_filed, entry.status) for entry in built.round],
    )


def test_lagesbild_counts_are_identical_before_and_after(
    routed, reporter, member, area, django_capture_on_commit_callbacks
):
    days = RETENTION_DAYS + 5
    resolved_report(reporter, member, area, days_ago=days)
    resolved_report(reporter, member, area, days_ago=days)
    age(file_report(reporter, area, days_ago=days), days)  # still open, and overdue
    week = IsoWeek.of(timezone.localdate(timezone.now() - timedelta(days=days)))
    now = timezone.now()
    before = picture(week, now)
    assert sum(item[4] for item in before[0]) == 3
    assert sum(item[2] for item in before[0]) == 1

    assert anonymise_all(django_capture_on_commit_callbacks) == 2

    assert picture(week, now) == before


def test_pages_render_for_a_coordinator_after_anonymisation(
    routed, reporter, member, area, coordinator, client_for, django_capture_on_commit_callbacks
):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS + 5, photos=[upload()])
    anonymise_all(django_capture_on_commit_callbacks)
    client = client_for(coordinator)

    listing = client.get(reverse("reports:list"))
    detail = client.get(reverse("reports:detail", args=[report.pk]))
    export = client.get(reverse("reports:export"))
    body = b"".join(export.streaming_content).decode("utf-8-sig")

    assert (listing.status_code, detail.status_code, export.status_code) == (200, 200, 200)
    date = timezone.localdate().isoformat()
    assert f"Anonymised on {date}" in detail.content.decode()
    assert "Rut Rapportör" not in detail.content.decode()
    assert SECRET_NOTE not in detail.content.decode()
    assert "Krossad ruta" not in body and ANONYMISED_TEXT in body
    # Nobody can add new free text to the history of an anonymised report.
    report.refresh_from_db()
    assert not permissions.can_comment(coordinator, report)
    assert 'id="comment-note"' not in detail.content.decode()


def test_the_audit_event_is_written(routed, reporter, member, area):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS + 5)

    services.anonymise_expired_reports()

    event = AuditEvent.objects.get(action="report.anonymise")
    assert event.actor is None
    assert event.actor_label == "system"
    assert event.target_id == str(report.pk)
    assert "Poststigen" not in event.target_label


def test_notifications_and_personal_data_no_longer_hold_the_free_text(routed, reporter, member, area):
    report = resolved_report(reporter, member, area, days_ago=RETENTION_DAYS + 5)
    told = Notification.objects.filter(recipient=reporter, url=report.get_absolute_url())
    assert any(SECRET_NOTE in text for text in told.values_list("text", flat=True))

    services.anonymise_expired_reports()

    assert told.exists()
    assert not any(
        SECRET_NOTE in text or "Poststigen" in text for text in told.values_list("text", flat=True)
    )
    assert privacy.export(reporter)["reports"]["reports_filed"] == []
    assert privacy.export(member)["reports"]["report_events"] == []
