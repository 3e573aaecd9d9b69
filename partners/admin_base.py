"""What the Django admin may do with the hub's models.

Records (people, memberships, reports, posts, signatures, the audit log) are read-only there; the
changes staff need are admin actions that call the same services as the hub's pages, so they are
checked, audited and end sessions exactly as there. Set-up the hub has no page for yet (forum
categories, the commission's programmes and measures) is edited in the admin, and every save is
written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from partners import audit


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedSetupAdmin(admin.ModelAdmin):
    """Set-up edited in the admin: each save is audited with the fields it changed; nothing is
    deleted here (what refers to it would lose its meaning)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,  # type: ignore[arg-type]
                action=f"admin.{obj._meta.model_name}.{'change' if change else 'add'}",
                target=obj,
                data={"fields": sorted(form.changed_data)},
            )


def service_action(
    name: str, description: str, service: Callable[[Any, Model], None]
) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet], None]:
    """An admin action that runs service(request.user, obj) for each selected object and says, per
    object, what the service refused."""

    def action(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for obj in queryset:
            try:
                service(request.user, obj)
            except PermissionDenied:
                model_admin.message_user(request, f"{obj}: {_('not allowed')}", messages.ERROR)
            except ValidationError as error:
                model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            model_admin.message_user(request, _("%(count)d done.") % {"count": done}, messages.SUCCESS)

    action.__name__ = name
    return admin.action(description=description)(action)
