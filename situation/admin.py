from django.contrib import admin

from situation.models import HotspotSignal, ReportingDuty, Walk, WeeklyCheckIn


@admin.register(ReportingDuty)
class ReportingDutyAdmin(admin.ModelAdmin):
    list_display = ("organisation", "user", "created_at")


@admin.register(WeeklyCheckIn)
class WeeklyCheckInAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "week", "kind", "reported_by")
    list_filter = ("year", "kind")


@admin.register(HotspotSignal)
class HotspotSignalAdmin(admin.ModelAdmin):
    list_display = ("area", "category", "year", "week", "count", "mean", "stdev", "raised_at")


@admin.register(Walk)
class WalkAdmin(admin.ModelAdmin):
    list_display = ("kind", "area", "starts_at", "organisation", "status")
    list_filter = ("kind", "status")
