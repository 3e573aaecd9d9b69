"""Open311 GeoReport v2 at /open311/v2/: thin views over reports' selectors and services."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from integrations import open311, openapi, selectors
from integrations.api import api_view
from partners.categories import IncidentCategory
from partners.models import Area, Organisation
from reports import services as report_services
from reports.models import Report
from reports.selectors import get_report_for

TOKEN_SALT = "integrations.open311.token"


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {message}" for field, messages in error.message_dict.items() for message in messages
        ]
    return list(error.messages)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "json"})).rsplit("/", 1)[0]


def _datetime(value: str, name: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "+"))
    if parsed is None:
        raise ValidationError({name: _("Use an ISO 8601 date and time, e.g. 2026-05-01T08:00:00Z.")})
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _int(value: str, name: str, default: int, *, low: int, high: int) -> int:
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: _("Give a whole number.")})
    if not low <= number <= high:
        raise ValidationError(
            {name: _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high}}
        )
    return number


@api_view(None)
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    return open311.render(open311.discovery(_base_url(request)), fmt, xml_root="discovery")


def openapi_description(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi.description(_base_url(request)), json_dumps_params={"ensure_ascii": False})


@api_view("read")
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    return open311.render(open311.services(), fmt, xml_root="services")


@api_view("read")
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    if code not in IncidentCategory.values:
        return open311.errors(fmt, 404, _("There is no service %(code)s.") % {"code": code})
    areas = list(Area.objects.filter(is_active=True).order_by("name"))
    return open311.render(open311.service_definition(code, areas), fmt, xml_root="service_definition")


@api_view("read", methods=("GET", "POST"))
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_request(request, fmt)
    params = request.GET
    try:
        ids = []
        for part in params.get("service_request_id", "").split(","):
            if part.strip():
                if not part.strip().isdigit():
                    raise ValidationError({"service_request_id": _("Give request ids as numbers.")})
                ids.append(int(part))
        code = params.get("service_code", "")
        if code and code not in IncidentCategory.values:
            raise ValidationError({"service_code": _("There is no service %(code)s.") % {"code": code}})
        status = params.get("status", "")
        if status not in ("", "open", "closed"):
            raise ValidationError({"status": _("Use open or closed.")})
        page_size = _int(
            params.get("page_size", ""),
            "page_size",
            selectors.DEFAULT_PAGE_SIZE,
            low=1,
            high=selectors.MAX_PAGE_SIZE,
        )
        page = _int(params.get("page", ""), "page", 1, low=1, high=100_000)
        reports = selectors.service_requests_for(
            request.user,  # type: ignore[arg-type]
            ids=ids,
            category=code,
            start=_datetime(params.get("start_date", ""), "start_date"),
            end=_datetime(params.get("end_date", ""), "end_date"),
            status=status,
            offset=(page - 1) * page_size,
            limit=page_size,
        )
    except ValidationError as error:
        return open311.errors(fmt, 400, *_messages(error))
    payload = [open311.service_request(report) for report in reports]
    return open311.render(payload, fmt, xml_root="service_requests")


def _decimal(value: str, name: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise ValidationError({name: _("Give a decimal number.")})


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    try:
        code = data.get("service_code", "")
        if code not in IncidentCategory.values:
            raise ValidationError({"service_code": _("Choose one of the services.")})
        area_key = data.get("attribute[area]", "")
        area = Area.objects.filter(pk=int(area_key)).first() if area_key.isdigit() else None
        if area is None:
            raise ValidationError({"attribute[area]": _("Choose an area from the service definition.")})
        severity = data.get("attribute[severity]", "") or Report.Severity.MEDIUM
        if severity not in Report.Severity.values:
            raise ValidationError(
                {"attribute[severity]": _("Choose a severity from the service definition.")}
            )
        visibility = data.get("attribute[visibility]", "") or Report.Visibility.NETWORK
        if visibility not in Report.Visibility.values:
            raise ValidationError(
                {"attribute[visibility]": _("Choose a visibility from the service definition.")}
            )
        place = data.get("address_string", "").strip()
        if not place or len(place) > 200:
            raise ValidationError({"address_string": _("Give the place, at most 200 characters.")})
        description = data.get("description", "").strip()
        if not description or len(description) > 4000:
            raise ValidationError({"description": _("Describe what happened, at most 4000 characters.")})
        report = report_services.create_report(
            by=request.user,  # type: ignore[arg-type]
            area=area,
            category=code,
            place_text=place,
            occurred_at=_datetime(data.get("attribute[occurred_at]", ""), "attribute[occurred_at]")
            or timezone.now(),
            description=description,
            severity=severity,
            visibility=visibility,
            latitude=_decimal(data.get("lat", ""), "lat"),
            longitude=_decimal(data.get("long", ""), "long"),
        )
    except ValidationError as error:
        return open311.errors(fmt, 400, *_messages(error))
    except PermissionDenied:
        return open311.errors(fmt, 403, _("This key may not file reports."))
    token = signing.dumps(report.pk, salt=TOKEN_SALT)
    payload = [
        {"service_request_id": str(report.pk), "token": token, "service_notice": "", "account_id": None}
    ]
    return open311.render(payload, fmt, xml_root="service_requests", status=201)


@api_view("read")
def request_detail(request: HttpRequest, request_id: int, *, fmt: str) -> HttpResponse:
    try:
        report = get_report_for(request.user, request_id)  # type: ignore[arg-type]
    except Http404:
        return open311.errors(fmt, 404, _("There is no request %(id)s.") % {"id": request_id})
    selectors.attach_status_notes([report])
    return open311.render([open311.service_request(report)], fmt, xml_root="service_requests")


@api_view("read")
def token_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    try:
        report_id = signing.loads(token, salt=TOKEN_SALT)
        get_report_for(request.user, int(report_id))  # type: ignore[arg-type]
    except (signing.BadSignature, Http404, TypeError, ValueError):
        return open311.errors(fmt, 404, _("There is no request for this token."))
    return open311.render(
        [{"service_request_id": str(report_id), "token": token}], fmt, xml_root="service_requests"
    )


STATUS_ACTIONS = ("acknowledge", "start", "resolve", "reject", "forward")


def _apply_status(report: Report, request: HttpRequest, action: str, note: str) -> None:
    by: Any = request.user
    if action == "acknowledge":
        report_services.acknowledge_report(report=report, by=by, note=note)
    elif action == "start":
        report_services.start_report(report=report, by=by, note=note)
    elif action == "resolve":
        report_services.resolve_report(report=report, by=by, note=note)
    elif action == "reject":
        report_services.reject_report(report=report, by=by, reason=note)
    else:
        target = request.POST.get("to_organisation", "")
        organisation = Organisation.objects.filter(pk=int(target)).first() if target.isdigit() else None
        report_services.forward_report(report=report, by=by, to_organisation=organisation, reason=note)


@api_view("write", methods=("POST",))
def request_status(request: HttpRequest, request_id: int, *, fmt: str) -> HttpResponse:
    """Extension: the partner's work-order system reports progress, through the web buttons' services."""
    try:
        report = get_report_for(request.user, request_id)  # type: ignore[arg-type]
    except Http404:
        return open311.errors(fmt, 404, _("There is no request %(id)s.") % {"id": request_id})
    action = request.POST.get("action", "")
    if action not in STATUS_ACTIONS:
        return open311.errors(
            fmt, 400, _("action: use one of %(actions)s.") % {"actions": ", ".join(STATUS_ACTIONS)}
        )
    note = request.POST.get("note", "")
    if len(note) > 4000:
        return open311.errors(fmt, 400, _("note: at most 4000 characters."))
    try:
        _apply_status(report, request, action, note)
    except ValidationError as error:
        return open311.errors(fmt, 400, *_messages(error))
    except PermissionDenied as error:
        return open311.errors(fmt, 403, str(error) or _("This key may not do this with the report."))
    try:
        report = get_report_for(request.user, request_id)  # type: ignore[arg-type]
    except Http404:
        # Forwarded away, restricted: done, but no longer the key's to read.
        return open311.render([{"service_request_id": str(request_id)}], fmt, xml_root="service_requests")
    selectors.attach_status_notes([report])
    return open311.render([open311.service_request(report)], fmt, xml_root="service_requests")
