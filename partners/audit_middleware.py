"""Sets the audit context (the client's address) once per request, so services need no request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from partners import audit


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit.acting(ip=audit.client_ip(request), via="http"):
            return self.get_response(request)
