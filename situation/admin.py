"""Read-only admin for the situation picture; changes go through its pages and services."""

from django.contrib import admin

from partners.admin_base import ReadOnlyAdmin
from situation.models import HotspotSignal, ReportingDuty, Walk, WeeklyCheckIn


@admin.register(ReportingDuty)
class ReportingDutyAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "user", "created_at")


@admin.register(WeeklyCheckIn)
class WeeklyCheckInAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "year", "week", "kind", "reported_by")
    list_filter = ("year", "kind")


@admin.register(HotspotSignal)
class HotspotSignalAdmin(ReadOnlyAdmin):
    list_display = ("area", "category", "year", "week", "count", "mean", "stdev", "raised_at")


@admin.register(Walk)
class WalkAdmin(ReadOnlyAdmin):
    list_display = ("kind", "area", "starts_at", "organisation", "status")
    list_filter = ("kind", "status")
