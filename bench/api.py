"""Bench: Open311 requests.json over 100,000 reports, and the webhook worker's sending rate.

Loads the reports into a temporary SQLite database (the demo partners), times
/open311/v2/requests.json through django.test.Client with a housing company's API key (which sees
network reports plus its own restricted ones), then queues webhook deliveries to a receiver on
loopback and times the worker (integrations.delivery.send_due) until every one is delivered.
Usage: .venv/bin/python bench/api.py [--reports N] [--runs N] [--deliveries N] [--keep FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def load_reports(count: int) -> None:
    from django.utils import timezone

    from partners.categories import IncidentCategory
    from partners.models import Area, Organisation, User
    from reports.models import Report

    areas = list(Area.objects.all())
    organisations = list(Organisation.objects.all())
    reporters = list(User.objects.select_related("membership__organisation").filter(membership__isnull=False))
    rng = random.Random(42)
    now = timezone.now()
    span = timedelta(days=730).total_seconds()
    batch = []
    for index in range(count):
        reporter = rng.choice(reporters)
        occurred = now - timedelta(seconds=rng.random() * span)
        status = rng.choices(Report.Status.values, weights=[10, 5, 5, 70, 10])[0]
        batch.append(
            Report(
                reporter=reporter,
                organisation=reporter.membership.organisation,
                area=rng.choice(areas),
                category=rng.choice(IncidentCategory.values),
                place_text=f"Plats {index}",
                occurred_at=occurred,
                severity=rng.choice(Report.Severity.values),
                visibility=Report.Visibility.RESTRICTED if rng.random() < 0.2 else Report.Visibility.NETWORK,
                description="Beskrivning av händelsen. " * 4,
                status=status,
                responsible_organisation=rng.choice(organisations),
                assigned_at=occurred,
                created_at=occurred,
                due_at=occurred + timedelta(hours=72),
                resolved_at=occurred + timedelta(days=2) if status == "resolved" else None,
            )
        )
        if len(batch) == 5000:
            Report.objects.bulk_create(batch)
            batch = []
    Report.objects.bulk_create(batch)


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received: set[int] = set()
    lock = threading.Lock()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.lock:
            self.received.add(json.loads(body)["id"])
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--deliveries", type=int, default=3000)
    parser.add_argument("--keep", help="keep the loaded database in this file and reuse it next time")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    database = Path(args.keep) if args.keep else workdir / "bench.sqlite3"
    reuse = database.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("HUB_MFA_REQUIRED", "0")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.INTEGRATIONS_API_RATE_LIMIT = (10**9, 60)
    settings.INTEGRATIONS_WEBHOOK_ALLOW_HTTP = True
    call_command("migrate", verbosity=0)
    if not reuse:
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        started = time.perf_counter()
        load_reports(args.reports)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"loaded {args.reports} reports in {time.perf_counter() - started:.1f} s")

    from integrations import delivery, services
    from integrations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
    from partners.models import Membership, Organisation
    from reports.models import Report

    housing = Organisation.objects.get(name="Haninge Bostäder AB")
    secret = services.create_api_key(organisation=housing, by=None, name="bench", scopes=["read"]).secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    results = []
    total = Report.objects.count()
    scenarios = [
        ("default", {}),
        ("open", {"status": "open"}),
        ("service_code", {"service_code": "graffiti"}),
        ("page10", {"page": 10, "page_size": 50}),
        ("ids", {"service_request_id": ",".join(str(pk) for pk in range(1, 200, 10))}),
    ]
    for name, params in scenarios:
        client.get("/open311/v2/requests.json", params)  # warm up
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get("/open311/v2/requests.json", params)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.content[:300]
        results.append(
            f"open311_requests filter={name} reports={total} runs={args.runs} "
            f"p50_ms={statistics.median(timings):.1f} p95_ms={percentile(timings, 0.95):.1f}"
        )

    ThreadingHTTPServer.request_queue_size = 128  # the default listen backlog of 5 drops bursts
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    WebhookEndpoint.objects.all().delete()  # a reused database keeps earlier runs' endpoints
    admin = Membership.objects.filter(organisation=housing, role="org_admin").select_related("user").first()
    assert admin is not None
    endpoint = services.create_webhook(
        organisation=housing,
        by=admin.user,
        url=f"http://127.0.0.1:{server.server_port}/hook",
        events=[WebhookEvent.ROUTED],
    ).endpoint
    for _ in range(args.deliveries):
        services.enqueue_event(organisation_id=housing.pk, event=WebhookEvent.ROUTED, payload={"bench": True})
    started = time.perf_counter()
    rounds = retried = 0
    pending = WebhookDelivery.objects.filter(endpoint=endpoint, status="pending")
    # Until every delivery is delivered: a failed try waits for its backoff (30 s), as in production.
    while pending.exists():
        sent, failed = delivery.send_due()
        rounds += 1
        retried += failed
        if sent + failed == 0:
            time.sleep(1)
    elapsed = time.perf_counter() - started
    delivered = WebhookDelivery.objects.filter(endpoint=endpoint, status="delivered").count()
    received = len(Receiver.received)
    lost = args.deliveries - received
    results.append(
        f"webhook_worker deliveries={args.deliveries} delivered={delivered} received={received} "
        f"lost={lost} failed_tries={retried} seconds={elapsed:.1f} "
        f"per_second={args.deliveries / elapsed:.0f} rounds={rounds}"
    )
    server.shutdown()
    connection.close()
    shutil.rmtree(workdir, ignore_errors=True)
    for line in results:
        print(line)


if __name__ == "__main__":
    main()
