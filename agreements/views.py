"""Views of the agreements app: parse, call a selector or a service, render."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import permissions, selectors, services
from agreements.forms import (
    CommitmentFormSet,
    FollowUpForm,
    NewAgreementForm,
    PeriodForm,
    ReasonForm,
    SignForm,
    VersionForm,
    commitments_from,
)
from agreements.models import AgreementVersion, Programme
from agreements.templatetags.agreements_tags import sek
from partners import permissions as partner_permissions
from partners.decorators import member_required
from partners.form_errors import error_text


@member_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agreements/index.html",
        {
            "agreements": selectors.agreements_for(request.user),
            "programmes": selectors.programmes_for(request.user),
            "in_force": selectors.version_in_force(),
            "can_manage": permissions.can_manage_agreements(request.user),
        },
    )


@member_required
def new_agreement(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_agreements(request.user):
        raise PermissionDenied
    form = NewAgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.create_agreement(
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The agreement was created as a draft."))
            return redirect("agreements:version_edit", version.pk)
    return render(request, "agreements/new.html", {"form": form})


@member_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, pk)
    versions = list(agreement.versions.all())
    in_force = next((v for v in versions if v.status == v.Status.IN_FORCE), None)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "versions": versions,
            "in_force": in_force,
            "signatures": selectors.signatures_of(in_force) if in_force else [],
            "can_manage": permissions.can_manage_agreements(request.user),
            "has_draft": any(v.is_draft for v in versions),
        },
    )


@member_required
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, pk)
    try:
        version = services.draft_next_version(agreement=agreement, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(agreement.get_absolute_url())
    messages.success(
        request, _("Version %(number)s was drafted from the current text.") % {"number": version.number}
    )
    return redirect("agreements:version_edit", version.pk)


def _version_context(request: HttpRequest, version: Any) -> dict[str, Any]:
    organisation = partner_permissions.membership_of(request.user)
    organisation = organisation.organisation if organisation else None
    refusal = permissions.sign_refusal(request.user, version, organisation)
    signature = selectors.signature_of(version, organisation)
    decline = selectors.decline_of(version, organisation)
    if signature is not None and not refusal:
        refusal = _("Your organisation has signed this version.")
    return {
        "version": version,
        "commitments": list(version.commitments.all()),
        "canonical_text": version.canonical_text(),
        "canonical_html": mark_safe(version.canonical_html()),  # sanitised and escaped in the model
        "signatures": selectors.signatures_of(version),
        "my_organisation": organisation,
        "my_signature": signature,
        "my_decline": decline,
        "sign_refusal": refusal,
        "show_sign": version.is_signable,
        "sign_form": SignForm(uses_totp=selectors.uses_totp(request.user)),
        "reason_form": ReasonForm(),
        "can_manage": permissions.can_manage_agreements(request.user),
        "can_see_board": permissions.can_see_renewal_board(request.user),
        "is_signatory": organisation is not None
        and partner_permissions.is_signatory_of(request.user, organisation),
    }


@member_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for(request.user, pk)
    return render(request, "agreements/version_detail.html", _version_context(request, version))


@member_required
def version_print(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for(request.user, pk)
    return render(
        request,
        "agreements/version_print.html",
        {
            "version": version,
            "canonical_text": version.canonical_text(),
            "canonical_html": mark_safe(version.canonical_html()),  # sanitised and escaped in the model
            "commitments": list(version.commitments.all()),
            "signatures": selectors.signatures_of(version),
        },
    )


@member_required
def version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from agreements.pdf import version_pdf as render_pdf

    version = selectors.get_version_for(request.user, pk)
    response = HttpResponse(
        render_pdf(version, list(selectors.signatures_of(version))), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="avtal-{version.agreement_id}-v{version.number}.pdf"'
    return response


@member_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_agreements(request.user):
        raise PermissionDenied
    version = selectors.get_version_for(request.user, pk)
    if not version.is_draft:
        messages.error(
            request,
            _("This version is open for signing or in force and cannot be changed; draft a new version."),
        )
        return redirect(version.get_absolute_url())
    initial = {"body": version.body_raw, "valid_from": version.valid_from, "valid_until": version.valid_until}
    commitments = [
        {"category": c.category, "response_target_hours": c.response_target_hours, "promise": c.promise}
        for c in version.commitments.all()
    ]
    if request.method == "POST":
        form = VersionForm(request.POST)
        formset = CommitmentFormSet(request.POST, prefix="commitments")
        if form.is_valid() and formset.is_valid():
            try:
                services.update_draft(
                    version=version,
                    by=request.user,
                    body=form.cleaned_data["body"],
                    valid_from=form.cleaned_data["valid_from"],
                    valid_until=form.cleaned_data["valid_until"],
                    commitments=commitments_from(formset),
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("The draft was saved."))
                return redirect(version.get_absolute_url())
    else:
        form = VersionForm(initial=initial)
        formset = CommitmentFormSet(initial=commitments, prefix="commitments")
    return render(
        request, "agreements/version_edit.html", {"version": version, "form": form, "formset": formset}
    )


@member_required
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for(request.user, pk)
    previous = version.previous
    if (
        previous is not None
        and not AgreementVersion.objects.visible_to(request.user).filter(pk=previous.pk).exists()
    ):
        previous = None
    return render(
        request,
        "agreements/version_diff.html",
        {"version": version, "previous": previous, "lines": selectors.version_diff(previous, version)},
    )


@member_required
@require_POST
def version_open(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for(request.user, pk)
    try:
        services.open_for_signing(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The version is open for signing; the signatories have been asked to sign.")
        )
    return redirect(version.get_absolute_url())


@member_required
@require_POST
def version_sign(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for(request.user, pk)
    membership = partner_permissions.membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    form = SignForm(request.POST, uses_totp=selectors.uses_totp(request.user))
    form.is_valid()
    try:
        services.sign_version(
            version=version,
            organisation=membership.organisation,
            by=request.user,
            password=form.cleaned_data.get("password", ""),
            totp_code=form.cleaned_data.get("totp_code", ""),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("You signed %(version)s on behalf of %(organisation)s.")
            % {
                "version": version,
                "organisation": membership.organisation,
            },
        )
    return redirect(version.get_absolute_url())


@member_required
@require_POST
def version_decline(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.get_version_for(request.user, pk)
    membership = partner_permissions.membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.decline_version(
            version=version,
            organisation=membership.organisation,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your organisation's answer was recorded."))
    return redirect(version.get_absolute_url())


@member_required
@require_POST
def signature_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    signature = selectors.get_signature_for(request.user, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.withdraw_signature(
            signature=signature, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The signature was withdrawn."))
    return redirect(signature.version.get_absolute_url())


@member_required
def renewal_board(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_see_renewal_board(request.user):
        raise PermissionDenied
    version = selectors.get_version_for(request.user, pk)
    return render(
        request, "agreements/board.html", {"version": version, "board": selectors.renewal_board(version)}
    )


# --- programmes, measures, follow-ups ------------------------------------------------------------


@member_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(request.user, pk)
    budget = selectors.budget_of(programme)
    return render(
        request,
        "agreements/programme_detail.html",
        {
            "programme": programme,
            "measures": selectors.measures_of(programme, request.user),
            "periods": selectors.periods_for(programme, request.user),
            "budget": budget,
            "show_budget": programme.kind == Programme.Kind.COMMISSION or budget > 0,
            "can_manage": permissions.can_manage_agreements(request.user),
            "period_form": PeriodForm(),
            "is_commission": programme.kind == Programme.Kind.COMMISSION,
        },
    )


@member_required
@require_POST
def period_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(request.user, pk)
    if not permissions.can_manage_agreements(request.user):
        raise PermissionDenied
    form = PeriodForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a year and a period."))
        services.create_period(
            programme=programme,
            by=request.user,
            year=form.cleaned_data["year"],
            term=form.cleaned_data["term"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The period was created."))
    return redirect(programme.get_absolute_url())


def _over_budget_message(measure: Any, spent: int) -> str:
    return _(
        "Spent so far, %(spent)s kr, is more than the allocation of %(allocated)s kr by %(over)s kr. "
        "The follow-up is saved and marked as over budget."
    ) % {
        "spent": sek(spent),
        "allocated": sek(measure.budget_sek),
        "over": sek(measure.over_budget_sek(spent)),
    }


@member_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.get_measure_for(request.user, pk)
    can_record = permissions.can_record_follow_up(request.user, measure)
    periods = selectors.open_periods_for_recording(measure) if can_record else []
    form = FollowUpForm(request.POST or None, periods=periods, measure=measure) if can_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            period = next(p for p in periods if p.pk == form.cleaned_data["period"])
            try:
                follow_up = services.record_follow_up(
                    measure=measure,
                    period=period,
                    by=request.user,
                    status=form.cleaned_data["status"],
                    spent_sek=form.cleaned_data["spent_sek"],
                    narrative=form.cleaned_data["narrative"],
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("The follow-up was saved."))
                if follow_up.over_budget_sek:
                    messages.warning(request, _over_budget_message(measure, follow_up.spent_sek))
                return redirect(measure.get_absolute_url())
    return render(
        request,
        "agreements/measure_detail.html",
        {
            "measure": measure,
            "follow_ups": selectors.follow_ups_of(measure, request.user),
            "form": form,
            "show_names": permissions.sees_all_follow_ups(request.user),
        },
    )


def _report_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    period = selectors.get_period_for(request.user, pk)
    return {
        "period": period,
        "report": selectors.period_report(period),
        "can_manage": permissions.can_manage_agreements(request.user),
    }


@member_required
def period_report(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "agreements/period_report.html", _report_context(request, pk))


@member_required
def period_print(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "agreements/period_print.html", _report_context(request, pk))


def _share(spent: int | None, allocated: int) -> str:
    """Spent as a share of the allocation with a decimal comma ("0,85"); empty when either is unknown."""
    if spent is None or not allocated:
        return ""
    share = (Decimal(spent) / Decimal(allocated)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(share).replace(".", ",")


@member_required
def period_csv(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.get_period_for(request.user, pk)
    report = selectors.period_report(period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uppfoljning-{period.year}-{period.term}.csv"'
    response.write("\ufeff")  # a BOM so that Excel reads UTF-8
    # Semicolon-separated, as a Swedish Excel expects, so decimals take a comma.
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Area group"),
            _("Number"),
            _("Measure"),
            _("Status"),
            _("Allocated (SEK)"),
            _("Spent (SEK)"),
            _("Spent as reported in"),
            _("Share of allocation spent"),
            _("Over budget (SEK)"),
            _("Narrative"),
        ]
    )
    for group in report.areas:
        name = group.area.name if group.area else ""
        for row in group.rows:
            known = row.known
            writer.writerow(
                [
                    name,
                    row.measure.number,
                    row.measure.title,
                    row.follow_up.get_status_display() if row.follow_up else _("Not reported"),
                    row.measure.budget_sek,
                    "" if row.spent is None else row.spent,
                    known.period.label if known else "",
                    _share(row.spent, row.measure.budget_sek),
                    row.over_budget_sek or "",
                    row.follow_up.narrative if row.follow_up else "",
                ]
            )
        writer.writerow(
            [
                name,
                "",
                _("Total"),
                "",
                group.allocated,
                group.spent,
                "",
                _share(group.spent, group.allocated),
                group.over_budget_sek or "",
                "",
            ]
        )
    writer.writerow(
        [
            "",
            "",
            _("Total"),
            "",
            report.allocated,
            report.spent,
            "",
            _share(report.spent, report.allocated),
            report.over_budget_sek or "",
            "",
        ]
    )
    return response


@member_required
@require_POST
def period_state(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.get_period_for(request.user, pk)
    if not permissions.can_manage_agreements(request.user):
        raise PermissionDenied
    action = request.POST.get("action", "")
    changes = {
        "close": {"is_open": False},
        "reopen": {"is_open": True},
        "publish": {"is_published": True},
        "unpublish": {"is_published": False},
    }
    if action not in changes:
        messages.error(request, _("Choose what to do with the period."))
        return redirect(period.get_absolute_url())
    services.set_period_state(period=period, by=request.user, **changes[action])
    messages.success(request, _("The period was updated."))
    return redirect(period.get_absolute_url())


def public(request: HttpRequest) -> HttpResponse:
    """Open to everyone, without login: only published follow-ups, without any staff names."""
    periods = selectors.published_follow_ups()
    return render(request, "agreements/public.html", {"periods": periods})
