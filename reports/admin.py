"""Read-mostly admin for reports; changes go through the app's own pages and services."""

from django.contrib import admin

from reports.models import Report, ReportEvent, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "area", "organisation"]
    list_select_related = ["area", "organisation"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "category", "area", "status", "responsible_organisation", "occurred_at"]
    list_filter = ["status", "category", "visibility"]
    list_select_related = ["area", "responsible_organisation"]
    readonly_fields = [field.name for field in Report._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "kind", "actor", "created_at"]
    list_select_related = ["report", "actor"]
    readonly_fields = [field.name for field in ReportEvent._meta.fields]
