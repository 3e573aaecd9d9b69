"""Django admin for the partner network: read-only, with the changes staff need as actions that
call the services (checked, audited, and ending sessions where the service ends them)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partners import services
from partners.admin_base import ReadOnlyAdmin, ReadOnlyInline, service_action
from partners.models import Area, AuditEvent, Invitation, Membership, Organisation, User


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["organisation", "role", "is_signatory"]


def _membership(user: User) -> Membership:
    membership = getattr(user, "membership", None)
    if membership is None:
        raise ValidationError(_("This person belongs to no organisation."))
    return membership


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    list_filter = ["is_active", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Person"), {"fields": ("full_name", "title", "phone")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    inlines = [MembershipInline]
    actions = [
        service_action(
            "deactivate",
            _("Deactivate (ends their sessions)"),
            lambda by, user: services.deactivate_member(by=by, membership=_membership(user)),
        ),
        service_action(
            "reactivate",
            _("Reactivate"),
            lambda by, user: services.reactivate_member(by=by, membership=_membership(user)),
        ),
    ]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "organisation_number", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "organisation_number"]
    actions = [
        service_action(
            "deactivate_organisation",
            _("Take out of the network (ends its members' sessions)"),
            lambda by, organisation: services.deactivate_organisation(by=by, organisation=organisation),
        ),
        service_action(
            "reactivate_organisation",
            _("Bring back into the network"),
            lambda by, organisation: services.reactivate_organisation(by=by, organisation=organisation),
        ),
    ]


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    """Areas are edited on the coordinators' areas page."""

    list_display = ["name", "is_active"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    exclude = ["token_hash"]
    actions = [
        service_action(
            "revoke",
            _("Revoke"),
            lambda by, invitation: services.revoke_invitation(by=by, invitation=invitation),
        )
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "action", "target_type", "target_label", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}
