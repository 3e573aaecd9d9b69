"""Read-only admin for reports; changes go through the app's own pages and services."""

from django.contrib import admin

from partners.admin_base import ReadOnlyAdmin
from reports.models import Report, ReportEvent, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(ReadOnlyAdmin):
    """Rules are set on the coordinators' routing page."""

    list_display = ["category", "area", "organisation"]
    list_select_related = ["area", "organisation"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["pk", "category", "area", "status", "responsible_organisation", "occurred_at"]
    list_filter = ["status", "category", "visibility"]
    list_select_related = ["area", "responsible_organisation"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ["report", "kind", "actor", "created_at"]
    list_select_related = ["report", "actor"]
