"""Admin for agreements: programmes and measures are set up here (audited); everything else is read-only."""

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
from partners.admin_base import AuditedSetupAdmin, ReadOnlyAdmin, ReadOnlyInline


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["version", "organisation", "signed_by", "signed_at", "text_sha256"]
    list_select_related = ["version__agreement", "organisation", "signed_by"]


@admin.register(SignatureWithdrawal)
class SignatureWithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["signature", "by", "created_at"]


class CommitmentInline(ReadOnlyInline):
    model = Commitment


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    """Versions change only through the app's services (drafts, opening, coming into force)."""

    list_display = ["agreement", "number", "status", "valid_from", "valid_until"]
    list_filter = ["status", "agreement__kind"]
    inlines = [CommitmentInline]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind"]


class MeasureAreaInline(admin.TabularInline):
    model = MeasureArea
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(AuditedSetupAdmin):
    list_display = ["title", "kind", "valid_from", "valid_until"]
    inlines = [MeasureAreaInline]


@admin.register(Measure)
class MeasureAdmin(AuditedSetupAdmin):
    list_display = ["programme", "number", "title", "area", "responsible", "budget_sek", "status"]
    list_filter = ["programme", "area"]


@admin.register(FollowUpPeriod)
class FollowUpPeriodAdmin(ReadOnlyAdmin):
    """Periods are opened and closed on the programme's page."""

    list_display = ["programme", "year", "term", "is_open", "is_published"]
