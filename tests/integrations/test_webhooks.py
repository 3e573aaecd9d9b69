"""Webhooks: the outbox written with the event, signed deliveries to a real receiver on loopback,
retries with backoff, pausing, re-sending."""

import contextlib
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from integrations import delivery, services
from integrations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from reports import services as report_services
from tests.partners.factories import AreaFactory, OrganisationFactory
from tests.reports.factories import ReportFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """A real HTTP server on loopback that answers with a chosen status after a chosen delay."""

    def __init__(self, status=200, delay=0.0):
        self.status, self.delay, self.received = status, delay, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.end_headers()
                # The sender may have given up waiting (the slow-receiver test).
                with contextlib.suppress(BrokenPipeError):
                    self.wfile.write(b"thanks" if receiver.status < 300 else b"broken")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _loopback_http(settings):
    settings.INTEGRATIONS_WEBHOOK_ALLOW_HTTP = True
    settings.INTEGRATIONS_WEBHOOK_TIMEOUT = 2


def subscribe(org_admin, organisation, url, events=(WebhookEvent.ROUTED, WebhookEvent.STATUS_CHANGED)):
    return services.create_webhook(organisation=organisation, by=org_admin, url=url, events=list(events))


def route_a_report_to(organisation, member):
    RoutingRuleFactory(category="graffiti", organisation=organisation)
    return report_services.create_report(
        by=member,
        area=AreaFactory(name="Handen"),
        category="graffiti",
        place_text="Torget",
        occurred_at=timezone.now(),
        description="Klotter.",
    )


def test_production_refuses_a_plain_http_address(settings, org_admin, organisation):
    settings.INTEGRATIONS_WEBHOOK_ALLOW_HTTP = False
    settings.DEBUG = False
    with pytest.raises(ValidationError):
        subscribe(org_admin, organisation, "http://example.test/hook")


def test_a_routed_report_is_queued_in_the_outbox_with_the_event(org_admin, organisation, outsider, receiver):
    subscribe(org_admin, organisation, receiver.url)
    report = route_a_report_to(organisation, outsider)
    queued = WebhookDelivery.objects.get()
    assert queued.event == WebhookEvent.ROUTED
    assert json.loads(queued.body)["data"]["service_request_id"] == str(report.pk)
    assert receiver.received == []  # nothing leaves in the request path


def test_a_rolled_back_event_leaves_no_delivery(org_admin, organisation, outsider, receiver):
    subscribe(org_admin, organisation, receiver.url)
    RoutingRuleFactory(category="graffiti", organisation=organisation)
    with pytest.raises(ValidationError):
        report_services.create_report(
            by=outsider,
            area=AreaFactory(name="Handen"),
            category="graffiti",
            place_text="Torget",
            occurred_at=timezone.now() + timedelta(days=2),
            description="Klotter.",
        )
    assert not WebhookDelivery.objects.exists()


def test_the_worker_delivers_a_signed_body_the_receiver_can_verify(
    org_admin, organisation, outsider, receiver
):
    issued = subscribe(org_admin, organisation, receiver.url)
    route_a_report_to(organisation, outsider)
    assert delivery.send_due() == (1, 0)
    headers, body = receiver.received[0]
    assert delivery.verify(issued.secret, headers[delivery.SIGNATURE_HEADER], body)
    assert not delivery.verify("wrong-secret", headers[delivery.SIGNATURE_HEADER], body)
    sent = WebhookDelivery.objects.get()
    assert sent.status == WebhookDelivery.Status.DELIVERED
    assert sent.tries.get().response_excerpt == "thanks"


def test_a_status_change_by_the_web_button_is_delivered(org_admin, organisation, member, receiver):
    subscribe(org_admin, organisation, receiver.url)
    report = ReportFactory(responsible_organisation=organisation)
    report_services.acknowledge_report(report=report, by=member)
    queued = WebhookDelivery.objects.get()
    assert queued.event == WebhookEvent.STATUS_CHANGED
    assert json.loads(queued.body)["data"]["samverkan_status"] == "acknowledged"


def test_forwarding_tells_the_new_holder_routed_and_the_old_one_forwarded_away(
    org_admin, organisation, member, receiver
):
    subscribe(org_admin, organisation, receiver.url, events=[WebhookEvent.FORWARDED_AWAY])
    report = ReportFactory(responsible_organisation=organisation)
    report_services.forward_report(
        report=report, by=member, to_organisation=OrganisationFactory(), reason="Fel"
    )
    queued = WebhookDelivery.objects.get()
    assert queued.event == WebhookEvent.FORWARDED_AWAY
    assert "description" not in json.loads(queued.body)["data"]


def test_a_receiver_that_is_down_keeps_the_delivery_for_a_later_try(org_admin, organisation, outsider):
    down = Receiver()
    url = down.url
    down.close()
    subscribe(org_admin, organisation, url)
    route_a_report_to(organisation, outsider)
    assert delivery.send_due() == (0, 1)
    waiting = WebhookDelivery.objects.get()
    assert waiting.status == WebhookDelivery.Status.PENDING
    assert waiting.next_attempt_at > timezone.now()
    assert waiting.tries.get().error
    assert delivery.send_due() == (0, 0)  # not due again before its backoff


def test_a_500_is_retried_and_then_delivered_when_the_receiver_recovers(org_admin, organisation, outsider):
    server = Receiver(status=500)
    try:
        subscribe(org_admin, organisation, server.url)
        route_a_report_to(organisation, outsider)
        assert delivery.send_due() == (0, 1)
        WebhookDelivery.objects.update(next_attempt_at=timezone.now())
        server.status = 204
        assert delivery.send_due() == (1, 0)
        done = WebhookDelivery.objects.get()
        assert [t.status_code for t in done.tries.order_by("at", "id")] == [500, 204]
    finally:
        server.close()


def test_a_slow_receiver_times_out_and_is_retried(settings, org_admin, organisation, outsider):
    settings.INTEGRATIONS_WEBHOOK_TIMEOUT = 0.3
    server = Receiver(delay=1.0)
    try:
        subscribe(org_admin, organisation, server.url)
        route_a_report_to(organisation, outsider)
        assert delivery.send_due() == (0, 1)
        assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.PENDING
    finally:
        server.close()


def test_retries_go_on_for_at_least_24_hours_then_give_up(org_admin, organisation, outsider):
    subscribe(org_admin, organisation, "http://127.0.0.1:9/nobody")
    route_a_report_to(organisation, outsider)
    queued = WebhookDelivery.objects.get()
    start = queued.created_at
    at = start
    while queued.status == WebhookDelivery.Status.PENDING:
        at = queued.next_attempt_at
        services.record_attempt(
            delivery=queued, status_code=None, error="down", response_excerpt="", duration_ms=1, now=at
        )
    assert at - start >= timedelta(hours=24)
    assert queued.status == WebhookDelivery.Status.FAILED


def test_an_endpoint_that_keeps_failing_is_paused_and_its_admin_told(org_admin, organisation, outsider):
    issued = subscribe(org_admin, organisation, "http://127.0.0.1:9/nobody")
    route_a_report_to(organisation, outsider)
    queued = WebhookDelivery.objects.get()
    for _ in range(services.PAUSE_AFTER_FAILURES):
        services.record_attempt(
            delivery=queued, status_code=503, error="", response_excerpt="", duration_ms=1
        )
    endpoint = WebhookEndpoint.objects.get(pk=issued.endpoint.pk)
    assert endpoint.is_paused
    assert org_admin.notifications.filter(kind="webhook.paused").exists()
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert delivery.send_due() == (0, 0)  # paused: nothing is sent


def test_a_delivery_can_be_sent_again_by_hand(client_for, org_admin, organisation, outsider, receiver):
    subscribe(org_admin, organisation, receiver.url)
    route_a_report_to(organisation, outsider)
    delivery.send_due()
    sent = WebhookDelivery.objects.get()
    response = client_for(org_admin).post(f"/integrations/deliveries/{sent.pk}/resend/")
    assert response.status_code == 302
    assert delivery.send_due() == (1, 0)
    assert len(receiver.received) == 2


def test_the_delivery_log_shows_each_delivery_with_its_answer(
    client_for, org_admin, organisation, outsider, receiver
):
    issued = subscribe(org_admin, organisation, receiver.url)
    route_a_report_to(organisation, outsider)
    delivery.send_due()
    page = client_for(org_admin).get(f"/integrations/webhooks/{issued.endpoint.pk}/").content.decode()
    assert "thanks" in page and "200" in page


def test_an_escalation_answer_is_queued_for_the_raising_organisation(
    org_admin, organisation, member, leader, receiver
):
    from escalations import services as escalation_services

    subscribe(org_admin, organisation, receiver.url, events=[WebhookEvent.ESCALATION_ANSWERED])
    escalation = escalation_services.raise_escalation(
        by=member, subject="Bränder", summary="Tre bränder i veckan.", urgency="urgent"
    )
    escalation_services.answer(escalation=escalation, by=leader, text="Vi sätter in väktare.")
    queued = WebhookDelivery.objects.get()
    assert json.loads(queued.body)["data"]["escalation_id"] == escalation.pk


def test_the_scheduler_runs_the_worker_every_minute_and_the_command_sends(
    org_admin, organisation, outsider, receiver
):
    from io import StringIO

    from django.core.management import call_command

    from hub import scheduler

    job = next(job for job in scheduler.JOBS if job.command == "send_webhooks")
    now = timezone.now()
    assert now - job.latest_slot(now) < timedelta(minutes=1)
    subscribe(org_admin, organisation, receiver.url)
    route_a_report_to(organisation, outsider)
    out = StringIO()
    call_command("send_webhooks", stdout=out)
    assert "sent=1 failed=0" in out.getvalue()
    assert len(receiver.received) == 1
