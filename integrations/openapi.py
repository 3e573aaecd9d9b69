"""The OpenAPI 3.1 description of /open311/v2/, written by hand beside the views it describes
(tests/integrations/test_openapi.py checks that every route is described and every path exists)."""

from __future__ import annotations

from typing import Any

from partners.categories import IncidentCategory

FMT = {"name": "fmt", "in": "path", "required": True, "schema": {"type": "string", "enum": ["json", "xml"]}}
KEY = {
    "name": "api_key",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "The API key (or send it as `Authorization: Bearer <key>` or `X-Api-Key`).",
}
ERRORS = {
    "description": "GeoReport v2 errors",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): ERRORS for code in codes}


def _ok(schema: str, description: str, code: str = "200") -> dict[str, Any]:
    return {
        code: {
            "description": description,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}},
                "text/xml": {"schema": {"type": "string"}},
            },
        }
    }


def _int_path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def description(base_url: str) -> dict[str, Any]:
    request_list = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/ServiceRequest"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Samverkan Open311 GeoReport v2",
            "version": "2",
            "description": "Reports routed to partner organisations, as Open311 service requests. "
            "Every call except discovery needs an API key; a key sees what its organisation's members "
            "see on the web. The status endpoint is an extension to the standard.",
        },
        "servers": [{"url": base_url}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "api_key": {"type": "apiKey", "in": "query", "name": "api_key"},
            },
            "schemas": {
                "Errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
                        "required": ["code", "description"],
                    },
                },
                "Service": {
                    "type": "object",
                    "properties": {
                        "service_code": {"type": "string", "enum": list(IncidentCategory.values)},
                        "service_name": {"type": "string"},
                        "description": {"type": "string"},
                        "metadata": {"type": "boolean"},
                        "type": {"type": "string"},
                        "keywords": {"type": "string"},
                        "group": {"type": "string"},
                    },
                },
                "ServiceDefinition": {
                    "type": "object",
                    "properties": {
                        "service_code": {"type": "string"},
                        "attributes": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "ServiceRequest": {
                    "type": "object",
                    "properties": {
                        "service_request_id": {"type": "string"},
                        "status": {"type": "string", "enum": ["open", "closed"]},
                        "status_notes": {"type": "string"},
                        "service_name": {"type": "string"},
                        "service_code": {"type": "string"},
                        "description": {"type": "string"},
                        "agency_responsible": {"type": "string"},
                        "service_notice": {"type": "string"},
                        "requested_datetime": {"type": "string", "format": "date-time"},
                        "updated_datetime": {"type": "string", "format": "date-time"},
                        "expected_datetime": {"type": ["string", "null"], "format": "date-time"},
                        "address": {"type": "string"},
                        "address_id": {"type": "string"},
                        "zipcode": {"type": "string"},
                        "lat": {"type": ["number", "null"]},
                        "long": {"type": ["number", "null"]},
                        "media_url": {"type": "string"},
                        "extended_attributes": {
                            "type": "object",
                            "properties": {
                                "samverkan_status": {
                                    "type": "string",
                                    "enum": ["new", "acknowledged", "in_progress", "resolved", "rejected"],
                                },
                                "area": {"type": "string"},
                                "severity": {"type": "string"},
                                "restricted": {"type": "boolean"},
                                "occurred_datetime": {"type": "string", "format": "date-time"},
                                "web_url": {"type": "string"},
                            },
                        },
                    },
                },
                "Created": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "service_request_id": {"type": "string"},
                            "token": {"type": "string"},
                            "service_notice": {"type": "string"},
                            "account_id": {"type": ["string", "null"]},
                        },
                    },
                },
                "ServiceRequests": request_list,
                "Services": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}},
                "Discovery": {"type": "object"},
                "Tokens": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"}},
                    },
                },
            },
        },
        "security": [{"bearer": []}, {"api_key": []}],
        "paths": {
            "/discovery.{fmt}": {
                "get": {
                    "summary": "Where the API is and what it speaks",
                    "security": [],
                    "parameters": [FMT],
                    "responses": _ok("Discovery", "The discovery document"),
                }
            },
            "/services.{fmt}": {
                "get": {
                    "summary": "The report categories",
                    "parameters": [FMT, KEY],
                    "responses": {**_ok("Services", "Services"), **_errors(401, 403, 429)},
                }
            },
            "/services/{service_code}.{fmt}": {
                "get": {
                    "summary": "A category's attributes (area is required when filing)",
                    "parameters": [
                        {
                            "name": "service_code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        FMT,
                        KEY,
                    ],
                    "responses": {**_ok("ServiceDefinition", "Definition"), **_errors(401, 404, 429)},
                }
            },
            "/requests.{fmt}": {
                "get": {
                    "summary": "Reports the key's organisation sees, newest first (last 90 days by default)",
                    "parameters": [
                        FMT,
                        KEY,
                        {
                            "name": "service_request_id",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "Comma-separated ids; the other filters are then ignored.",
                        },
                        {"name": "service_code", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "start_date",
                            "in": "query",
                            "schema": {"type": "string", "format": "date-time"},
                        },
                        {
                            "name": "end_date",
                            "in": "query",
                            "schema": {"type": "string", "format": "date-time"},
                        },
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["open", "closed"]},
                        },
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
                        },
                    ],
                    "responses": {**_ok("ServiceRequests", "Requests"), **_errors(400, 401, 429)},
                },
                "post": {
                    "summary": "File a report (write scope)",
                    "parameters": [FMT],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "required": [
                                        "api_key",
                                        "service_code",
                                        "address_string",
                                        "description",
                                        "attribute[area]",
                                    ],
                                    "properties": {
                                        "api_key": {"type": "string"},
                                        "service_code": {"type": "string"},
                                        "lat": {"type": "number"},
                                        "long": {"type": "number"},
                                        "address_string": {"type": "string", "maxLength": 200},
                                        "description": {"type": "string", "maxLength": 4000},
                                        "attribute[area]": {"type": "string"},
                                        "attribute[severity]": {"type": "string"},
                                        "attribute[visibility]": {"type": "string"},
                                        "attribute[occurred_at]": {"type": "string", "format": "date-time"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {**_ok("Created", "Filed", "201"), **_errors(400, 401, 403, 429)},
                },
            },
            "/requests/{service_request_id}.{fmt}": {
                "get": {
                    "summary": "One report",
                    "parameters": [_int_path("service_request_id"), FMT, KEY],
                    "responses": {
                        **_ok("ServiceRequests", "The request in a list of one"),
                        **_errors(401, 404),
                    },
                }
            },
            "/requests/{service_request_id}/status.{fmt}": {
                "post": {
                    "summary": "Extension: acknowledge, start, resolve (with feedback), reject or forward",
                    "parameters": [_int_path("service_request_id"), FMT],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "required": ["action"],
                                    "properties": {
                                        "api_key": {"type": "string"},
                                        "action": {
                                            "type": "string",
                                            "enum": ["acknowledge", "start", "resolve", "reject", "forward"],
                                        },
                                        "note": {
                                            "type": "string",
                                            "maxLength": 4000,
                                            "description": "Required for resolve, reject and forward.",
                                        },
                                        "to_organisation": {
                                            "type": "integer",
                                            "description": "For forward: the organisation id.",
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        **_ok("ServiceRequests", "The request after the step"),
                        **_errors(400, 401, 403, 404, 429),
                    },
                }
            },
            "/tokens/{token}.{fmt}": {
                "get": {
                    "summary": "The request id for a token returned by POST requests",
                    "parameters": [
                        {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}},
                        FMT,
                        KEY,
                    ],
                    "responses": {**_ok("Tokens", "Token"), **_errors(401, 404)},
                }
            },
        },
    }
