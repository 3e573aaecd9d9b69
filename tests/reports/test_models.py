"""Invariants of Report: coordinates inside Sweden, both or neither, no future times, the state machine."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from reports.models import Report
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_coordinates_inside_sweden_are_accepted():
    report = ReportFactory.build(latitude=Decimal("59.171200"), longitude=Decimal("18.139500"))
    report.clean()


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        ("54.900000", "18.000000", "latitude"),
        ("69.200000", "18.000000", "latitude"),
        ("59.000000", "10.800000", "longitude"),
        ("59.000000", "24.300000", "longitude"),
        ("48.856600", "2.352200", "latitude"),
    ],
)
def test_coordinates_outside_sweden_are_refused(latitude, longitude, field):
    report = ReportFactory.build(latitude=Decimal(latitude), longitude=Decimal(longitude))
    with pytest.raises(ValidationError) as error:
        report.clean()
    assert field in error.value.message_dict


def test_latitude_without_longitude_is_refused():
    report = ReportFactory.build(latitude=Decimal("59.1"), longitude=None)
    with pytest.raises(ValidationError) as error:
        report.clean()
    assert "longitude" in error.value.message_dict


def test_database_refuses_half_coordinates():
    with pytest.raises(IntegrityError):
        ReportFactory(latitude=Decimal("59.1"), longitude=None)


def test_time_in_the_future_is_refused():
    report = ReportFactory.build(occurred_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        report.clean()
    assert "occurred_at" in error.value.message_dict


@pytest.mark.parametrize(
    ("status", "step", "after"),
    [
        ("new", "acknowledged", "acknowledged"),
        ("new", "started", "in_progress"),
        ("new", "resolved", "resolved"),
        ("new", "rejected", "rejected"),
        ("new", "forwarded", "new"),
        ("acknowledged", "started", "in_progress"),
        ("acknowledged", "resolved", "resolved"),
        ("acknowledged", "rejected", "rejected"),
        ("acknowledged", "forwarded", "new"),
        ("in_progress", "resolved", "resolved"),
        ("in_progress", "rejected", "rejected"),
        ("in_progress", "forwarded", "new"),
        ("resolved", "reopened", "new"),
    ],
)
def test_state_machine_allows(status, step, after):
    assert Report(status=status).status_after(step) == after


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("new", "reopened"),
        ("acknowledged", "acknowledged"),
        ("in_progress", "acknowledged"),
        ("in_progress", "started"),
        ("resolved", "resolved"),
        ("resolved", "rejected"),
        ("resolved", "forwarded"),
        ("rejected", "resolved"),
        ("rejected", "reopened"),
        ("rejected", "forwarded"),
    ],
)
def test_state_machine_refuses_with_a_message(status, step):
    with pytest.raises(ValidationError) as error:
        Report(status=status).status_after(step)
    assert "cannot" in error.value.messages[0]


def test_overdue_only_when_open_and_past_due():
    past = timezone.now() - timedelta(minutes=1)
    assert Report(status="acknowledged", due_at=past).is_overdue
    assert not Report(status="resolved", due_at=past).is_overdue
    assert not Report(status="new", due_at=timezone.now() + timedelta(hours=1)).is_overdue
