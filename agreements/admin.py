"""Admin views for staff: programmes and measures can be set up here; signatures are read-only."""

from typing import Any

from django.contrib import admin

from agreements.models import (
    Agreement,
    AgreementVersion,
    Commitment,
    FollowUpPeriod,
    Measure,
    MeasureArea,
    Programme,
    Signature,
    SignatureWithdrawal,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Signatures and withdrawals are append-only: nobody edits or deletes them, not even staff."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["version", "organisation", "signed_by", "signed_at", "text_sha256"]
    list_select_related = ["version__agreement", "organisation", "signed_by"]


@admin.register(SignatureWithdrawal)
class SignatureWithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["signature", "by", "created_at"]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    """Versions change only through the app's services (drafts, opening, coming into force)."""

    list_display = ["agreement", "number", "status", "valid_from", "valid_until"]
    list_filter = ["status", "agreement__kind"]
    inlines = [CommitmentInline]


admin.site.register(Agreement)


class MeasureAreaInline(admin.TabularInline):
    model = MeasureArea
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "valid_from", "valid_until"]
    inlines = [MeasureAreaInline]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["programme", "number", "title", "area", "responsible", "budget_sek", "status"]
    list_filter = ["programme", "area"]


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "term", "is_open", "is_published"]
