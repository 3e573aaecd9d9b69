"""Views of the reports part: parse, call a selector or a service, render."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partners import spreadsheet
from partners.decorators import member_required
from partners.form_errors import show_on_form
from reports import permissions, selectors, services
from reports.forms import ForwardForm, ReportFilterForm, ReportForm, RoutingRuleForm, StepForm
from reports.models import RoutingRule

PAGE_SIZE = 25
NO_STORE = "private, no-store"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = NO_STORE
    return response


@member_required
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    # Lazy: the list's cached fragment (hub.fragments) runs none of its queries until it is rendered.
    page = SimpleLazyObject(
        lambda: Paginator(selectors.reports_for(request.user, filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    )
    return _no_store(
        render(
            request,
            "reports/report_list.html",
            {
                "page": page,
                "form": form,
                "query": request.GET.urlencode(),
                "can_file": permissions.can_file_report(request.user),
                "can_manage_routing": permissions.can_manage_routing(request.user),
            },
        )
    )


@member_required
def queue(request: HttpRequest) -> HttpResponse:
    reports = selectors.queue_for(request.user)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    unassigned = selectors.unassigned_reports()[:50] if permissions.can_manage_routing(request.user) else None
    return _no_store(
        render(
            request,
            "reports/queue.html",
            {"page": page, "unassigned": unassigned, "can_manage_routing": unassigned is not None},
        )
    )


@member_required
def report_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_file_report(request.user):
        raise PermissionDenied
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = ReportForm(request.POST or None, request.FILES or None, initial={"occurred_at": now})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.create_report(by=request.user, **data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"photos": error.error_list})
            show_on_form(form, error)
        else:
            if report.responsible_organisation_id:
                messages.success(
                    request,
                    _("Thank you. The report was sent to %(organisation)s.")
                    % {"organisation": report.responsible_organisation},
                )
            else:
                messages.success(request, _("Thank you. A coordinator will pass the report on."))
            return redirect(report)
    return _no_store(render(request, "reports/report_form.html", {"form": form}))


@member_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, pk)
    services.record_report_read(report=report, by=request.user)
    user = request.user
    can_handle = permissions.can_handle(user, report)
    can_forward = permissions.can_forward(user, report) and report.allows("forwarded")
    can_reopen = permissions.can_reopen(user, report) and report.allows("reopened")
    return _no_store(
        render(
            request,
            "reports/report_detail.html",
            {
                "report": report,
                "events": selectors.history_of(report),
                "photos": selectors.photos_of(report),
                "can_handle": can_handle,
                "steps": [
                    step
                    for step in ("acknowledged", "started", "resolved", "rejected")
                    if report.allows(step)
                ]
                if can_handle
                else [],
                "can_forward": can_forward,
                "forward_form": ForwardForm() if can_forward else None,
                "can_reopen": can_reopen,
                "can_comment": permissions.can_comment(user, report),
                "step_form": StepForm(),
            },
        )
    )


STEP_SERVICES = {
    "acknowledged": lambda report, by, note, request: services.acknowledge_report(
        report=report, by=by, note=note
    ),
    "started": lambda report, by, note, request: services.start_report(report=report, by=by, note=note),
    "resolved": lambda report, by, note, request: services.resolve_report(
        report=report, by=by, note=note, public_feedback=request.POST.get("public_feedback", "")[:2000]
    ),
    "rejected": lambda report, by, note, request: services.reject_report(report=report, by=by, reason=note),
    "reopened": lambda report, by, note, request: services.reopen_report(report=report, by=by, reason=note),
    "comment": lambda report, by, note, request: services.comment_on_report(report=report, by=by, note=note),
}
STEP_DONE = {
    "acknowledged": gettext_lazy("The report was acknowledged."),
    "started": gettext_lazy("The report is now in progress."),
    "resolved": gettext_lazy("The report was resolved and the reporter was told."),
    "rejected": gettext_lazy("The report was rejected and the reporter was told."),
    "reopened": gettext_lazy("The report was reopened and is back in the responsible organisation's queue."),
    "comment": gettext_lazy("Your comment was added."),
}


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@member_required
@require_POST
def report_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_SERVICES:
        raise Http404
    report = selectors.get_report_for(request.user, pk)
    form = StepForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        STEP_SERVICES[step](report, request.user, note, request)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, str(STEP_DONE[step]))
    return redirect(report)


@member_required
@require_POST
def report_forward(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, pk)
    if not permissions.can_forward(request.user, report):
        raise PermissionDenied
    form = ForwardForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(report)
    try:
        services.forward_report(
            report=report,
            by=request.user,
            to_organisation=form.cleaned_data["to_organisation"],
            reason=form.cleaned_data["note"],
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("The report was forwarded to %(organisation)s.")
            % {"organisation": form.cleaned_data["to_organisation"]},
        )
    return redirect(report)


@member_required
def overdue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_overdue_overview(request.user):
        raise PermissionDenied
    return _no_store(
        render(
            request,
            "reports/overdue.html",
            {"groups": selectors.overdue_overview(request.user), "can_manage_routing": True},
        )
    )


@member_required
@require_POST
def report_remind(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for(request.user, pk)
    try:
        services.remind_responsible(report=report, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("%(organisation)s has been reminded of report #%(id)s.")
            % {"organisation": report.responsible_organisation, "id": report.pk},
        )
    return redirect("reports:overdue")


@member_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    photo = selectors.get_photo_for(request.user, pk)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = NO_STORE
    response["Content-Disposition"] = "inline"
    return response


CSV_COLUMNS = [
    ("id", gettext_lazy("ID")),
    ("occurred", gettext_lazy("Occurred")),
    ("created", gettext_lazy("Filed")),
    ("area", gettext_lazy("Area")),
    ("category", gettext_lazy("Category")),
    ("severity", gettext_lazy("Severity")),
    ("status", gettext_lazy("Status")),
    ("visibility", gettext_lazy("Visibility")),
    ("place", gettext_lazy("Place")),
    ("latitude", gettext_lazy("Latitude")),
    ("longitude", gettext_lazy("Longitude")),
    ("organisation", gettext_lazy("Reporting organisation")),
    ("responsible", gettext_lazy("Responsible organisation")),
    ("due", gettext_lazy("Due")),
    ("resolved", gettext_lazy("Resolved")),
    ("description", gettext_lazy("Description")),
]


def _cell(value: Any) -> str:
    """Text as a spreadsheet shows it; a leading = + - @ would start a formula, so it is quoted."""
    text = "" if value is None else str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(reports: Any, language: str) -> Iterator[str]:
    # The rows are produced after the view has returned, so the request's language is set again here.
    with translation.override(language):
        yield from _csv_lines(reports)


def _csv_lines(reports: Any) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([str(label) for _key, label in CSV_COLUMNS])
    for report in reports.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    report.pk,
                    _when(report.occurred_at),
                    _when(report.created_at),
                    report.area.name,
                    report.get_category_display(),
                    report.get_severity_display(),
                    report.get_status_display(),
                    report.get_visibility_display(),
                    report.place_text,
                    spreadsheet.number(report.latitude),
                    spreadsheet.number(report.longitude),
                    report.organisation.name,
                    report.responsible_organisation.name if report.responsible_organisation else "",
                    _when(report.due_at),
                    _when(report.resolved_at),
                    report.description,
                )
            ]
        )


MAP_POINTS = 2000


@member_required
def map_data(request: HttpRequest) -> JsonResponse:
    """The list's (or, with ?queue=1, the queue's) reports with a position, for the map view: the same
    filters and the same visibility as the list; at most MAP_POINTS, the most recent first."""
    if request.GET.get("queue"):
        reports = selectors.queue_for(request.user)
    else:
        form = ReportFilterForm(request.GET or None)
        reports = selectors.reports_for(request.user, form.filters() if request.GET else {})
    located = reports.filter(latitude__isnull=False)
    points = [
        {
            "id": report.pk,
            "lat": float(report.latitude),
            "lon": float(report.longitude),
            "label": str(report),
            "status": report.status,
            "url": report.get_absolute_url(),
        }
        for report in located[:MAP_POINTS]
    ]
    response = JsonResponse({"points": points, "total": located.count()})
    response["Cache-Control"] = NO_STORE
    return response


@member_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV for Excel: UTF-8 with a byte-order mark and semicolons, which is
    what Excel expects in a Swedish locale (the comma is the decimal separator there)."""
    form = ReportFilterForm(request.GET or None)
    reports = selectors.reports_for(request.user, form.filters() if request.GET else {})
    response = StreamingHttpResponse(
        _csv_rows(reports, translation.get_language()), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="rapporter-{stamp}.csv"'
    response["Cache-Control"] = NO_STORE
    return response


@member_required
def routing_rules(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_routing(request.user):
        raise PermissionDenied
    form = RoutingRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_routing_rule(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("The routing rule was saved."))
            return redirect("reports:rules")
    return _no_store(
        render(request, "reports/routing_rules.html", {"rules": selectors.routing_rules(), "form": form})
    )


@member_required
@require_POST
def routing_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_routing(request.user):
        raise PermissionDenied
    rule = get_object_or_404(RoutingRule, pk=pk)
    services.delete_routing_rule(by=request.user, rule=rule)
    messages.success(request, _("The routing rule was removed."))
    return redirect("reports:rules")
