import pytest
from django.http import HttpResponse

from partners import audit
from partners.audit_middleware import AuditContextMiddleware

pytestmark = pytest.mark.django_db


def test_an_event_recorded_without_a_request_takes_the_address_from_the_context(member):
    with audit.acting(ip="192.0.2.44", via="socket"):
        event = audit.record(actor=member, action="thing.do")
    assert event.ip == "192.0.2.44"


def test_the_middleware_sets_the_address_for_services_called_during_the_request(member, rf):
    recorded = []

    def view(request):
        recorded.append(audit.record(actor=member, action="thing.do"))
        return HttpResponse()

    AuditContextMiddleware(view)(rf.post("/", REMOTE_ADDR="198.51.100.7"))
    assert recorded[0].ip == "198.51.100.7"


def test_the_context_ends_with_the_request(member, rf):
    AuditContextMiddleware(lambda request: HttpResponse())(rf.get("/", REMOTE_ADDR="198.51.100.7"))
    assert audit.current() is None
    assert audit.record(actor=member, action="thing.do").ip is None


def test_the_middleware_is_installed_before_anything_that_may_audit(settings):
    assert settings.MIDDLEWARE.index(
        "partners.audit_middleware.AuditContextMiddleware"
    ) < settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
