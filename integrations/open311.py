"""The GeoReport v2 vocabulary: reports as service requests, categories as services, and the two
formats (JSON, XML) with the standard's error shape. Pure functions of already-fetched objects."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.categories import IncidentCategory
from partners.models import Area
from reports.models import Report

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element a list's items take in XML, by the list's name (GeoReport v2's own names).
XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _iso(value: Any) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def service(code: str, label: str) -> dict[str, Any]:
    return {
        "service_code": code,
        "service_name": label,
        "description": label,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


def services() -> list[dict[str, Any]]:
    return [service(code, str(label)) for code, label in IncidentCategory.choices]


def service_definition(code: str, areas: list[Area]) -> dict[str, Any]:
    """The attributes a POST may carry as attribute[code]; area is required (reports are routed by it)."""
    return {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": "area",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": _("The area (district) where it happened."),
                "order": 1,
                "description": _("Area"),
                "values": [{"key": str(area.pk), "name": area.name} for area in areas],
            },
            {
                "variable": True,
                "code": "severity",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 2,
                "description": _("Severity"),
                "values": [{"key": key, "name": str(name)} for key, name in Report.Severity.choices],
            },
            {
                "variable": True,
                "code": "visibility",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 3,
                "description": _("Visibility"),
                "values": [{"key": key, "name": str(name)} for key, name in Report.Visibility.choices],
            },
            {
                "variable": True,
                "code": "occurred_at",
                "datatype": "datetime",
                "required": False,
                "datatype_description": _("ISO 8601; when it happened (now if left out)."),
                "order": 4,
                "description": _("Occurred at"),
                "values": [],
            },
        ],
    }


def service_request(report: Report) -> dict[str, Any]:
    closed = report.status in Report.FINAL_STATUSES
    return {
        "service_request_id": str(report.pk),
        "status": "closed" if closed else "open",
        "status_notes": getattr(report, "status_notes", ""),
        "service_name": report.get_category_display(),
        "service_code": report.category,
        "description": report.description,
        "agency_responsible": report.responsible_organisation.name if report.responsible_organisation else "",
        "service_notice": "",
        "requested_datetime": _iso(report.created_at),
        "updated_datetime": _iso(report.updated_at),
        "expected_datetime": _iso(report.due_at) if not closed else None,
        "address": report.place_text,
        "address_id": "",
        "zipcode": "",
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
        "media_url": "",
        # Extensions: the hub's own status, area and visibility.
        "extended_attributes": {
            "samverkan_status": report.status,
            "area": report.area.name,
            "severity": report.severity,
            "restricted": report.is_restricted,
            "occurred_datetime": _iso(report.occurred_at),
            "web_url": settings.HUB_SITE_URL.rstrip("/") + report.get_absolute_url(),
        },
    }


def discovery(base_url: str) -> dict[str, Any]:
    return {
        "changeset": "2026-12-07T00:00:00Z",
        "contact": settings.INTEGRATIONS_CONTACT,
        "key_service": _("An organisation admin creates API keys on the hub's integrations page."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base_url,
                "changeset": "2026-12-07T00:00:00Z",
                "type": "production",
                "formats": list(FORMATS.values()),
            }
        ],
    }


def _xml_value(parent: ElementTree.Element, name: str, value: Any) -> None:
    element = ElementTree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list):
        item_name = XML_ITEMS.get(name, "item")
        for item in value:
            _xml_value(element, item_name, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def to_xml(root: str, payload: Any) -> bytes:
    element = ElementTree.Element(root)
    if isinstance(payload, list):
        item_name = XML_ITEMS.get(root, "item")
        for item in payload:
            _xml_value(element, item_name, item)
    else:
        for key, item in payload.items():
            _xml_value(element, key, item)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(element, encoding="utf-8")


def render(payload: Any, fmt: str, *, xml_root: str, status: int = 200) -> HttpResponse:
    body = to_xml(xml_root, payload) if fmt == "xml" else json.dumps(payload, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """GeoReport v2 errors: a list of {code, description}, one per problem."""
    payload = [{"code": status, "description": description} for description in descriptions]
    return render(payload, fmt, xml_root="errors", status=status)
