"""Bench: the report list with 100,000 reports over two years on the embedded SQLite.

Loads the reports into a temporary database, then times the list page (and the CSV-free filters)
through django.test.Client logged in as a partner member and as a coordinator.
Usage: .venv/bin/python bench/reports.py [--reports N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", help="keep the loaded database in this file and reuse it next time")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-reports-"))
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
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.HUB_WRITE_RATE_LIMITS = []
    call_command("migrate", verbosity=0)
    if not reuse:
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from partners.categories import IncidentCategory
    from partners.models import Area, Organisation, User
    from reports.models import Report

    areas = list(Area.objects.all())
    organisations = list(Organisation.objects.all())
    reporters = list(User.objects.select_related("membership__organisation").filter(membership__isnull=False))
    categories = IncidentCategory.values
    statuses = Report.Status.values
    rng = random.Random(42)
    now = timezone.now()
    span = timedelta(days=730).total_seconds()
    started = time.perf_counter()
    batch = []
    for index in range(0 if reuse else args.reports):
        reporter = rng.choice(reporters)
        occurred = now - timedelta(seconds=rng.random() * span)
        status = rng.choices(statuses, weights=[10, 5, 5, 70, 10])[0]
        batch.append(
            Report(
                reporter=reporter,
                organisation=reporter.membership.organisation,
                area=rng.choice(areas),
                category=rng.choice(categories),
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
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {Report.objects.count()} reports in {time.perf_counter() - started:.1f} s")

    handen = Area.objects.get(name="Handen")
    housing = Organisation.objects.get(name="Haninge Bostäder AB")
    day = timezone.localdate()
    scenarios = [
        ("none", {}),
        ("area", {"area": handen.pk}),
        ("category+status", {"category": "graffiti", "status": "open"}),
        ("organisation", {"organisation": housing.pk}),
        (
            "dates",
            {
                "date_from": (day - timedelta(days=60)).isoformat(),
                "date_to": (day - timedelta(days=30)).isoformat(),
            },
        ),
        (
            "all",
            {
                "area": handen.pk,
                "category": "vandalism",
                "status": "resolved",
                "date_from": (day - timedelta(days=365)).isoformat(),
                "date_to": day.isoformat(),
            },
        ),
        ("page200", {"page": 200}),
    ]
    results = []
    for who in ("forening@demo.test", "samordnare@demo.test"):
        client = Client()
        client.force_login(User.objects.get(email=who), backend="django.contrib.auth.backends.ModelBackend")
        role = "member" if who.startswith("forening") else "coordinator"
        for name, params in scenarios:
            client.get("/reports/", params)  # warm up
            timings = []
            for _ in range(args.runs):
                start = time.perf_counter()
                response = client.get("/reports/", params)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            timings.sort()
            p50 = statistics.median(timings)
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            results.append(
                f"reports_list user={role} filter={name} reports={args.reports} "
                f"p50_ms={p50:.1f} p95_ms={p95:.1f}"
            )
    connection.close()
    shutil.rmtree(workdir, ignore_errors=True)
    for line in results:
        print(line)


if __name__ == "__main__":
    main()
