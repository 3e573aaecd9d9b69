"""Bench: one week's lägesbild for all areas, and one area's year-long trend, over 100,000 reports.

Loads the reports (two years, ten areas) straight into a temporary SQLite database with
bulk_create, then times the selectors the pages use (situation.selectors.lagesbild and .trend).
Usage: .venv/bin/python bench/lagesbild.py [--reports N] [--runs N]  (BENCH_KEEP=1 keeps the database)
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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-lagesbild-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("HUB_TESTING", "1")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)

    from partners.categories import IncidentCategory
    from partners.models import Area, Membership, Organisation, User
    from reports.models import Report
    from situation import selectors
    from situation.weeks import IsoWeek

    try:
        random.seed(7)
        organisation = Organisation.objects.create(
            name="Bench AB", kind=Organisation.Kind.HOUSING, organisation_number="556000-0016"
        )
        user = User.objects.create_user(email="bench@example.test", full_name="Bench")
        Membership.objects.create(user=user, organisation=organisation)
        areas = [Area.objects.create(name=f"Område {number}") for number in range(10)]
        categories = IncidentCategory.values
        now = timezone.now()
        span = timedelta(days=730).total_seconds()
        started = time.perf_counter()
        batch = []
        for _ in range(args.reports):
            occurred = now - timedelta(seconds=random.random() * span)
            is_open = random.random() < 0.08
            batch.append(
                Report(
                    reporter=user,
                    organisation=organisation,
                    area=random.choice(areas),
                    category=random.choice(categories),
                    place_text="Gatan 1",
                    occurred_at=occurred,
                    description="Bench",
                    status=Report.Status.NEW if is_open else Report.Status.RESOLVED,
                    due_at=occurred + timedelta(days=3),
                    created_at=occurred,
                    assigned_at=occurred,
                )
            )
            if len(batch) == 5000:
                Report.objects.bulk_create(batch)
                batch = []
        Report.objects.bulk_create(batch)
        print(f"loaded {Report.objects.count()} reports in {time.perf_counter() - started:.1f} s")
        # A long-lived database has planner statistics; with them SQLite picks different plans, so
        # the bench measures that (harder) case.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        week = IsoWeek.current().shifted(-1)

        def timed(run) -> list[float]:
            run()  # warm the page cache and the query plans once
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                run()
                times.append((time.perf_counter() - start) * 1000)
            return times

        picture_times = timed(lambda: selectors.lagesbild(week))
        trend_times = timed(lambda: selectors.trend(areas[0], week))
        picture = selectors.lagesbild(week)
        total = sum(area.total for area in picture.areas)
        print(f"week {week}: {total} reports, {len(picture.hotspots)} hotspots")
        print(
            f"lagesbild areas={len(areas)} reports={args.reports} "
            f"p50_ms={statistics.median(picture_times):.1f} p95_ms={percentile(picture_times, 0.95):.1f}"
        )
        print(
            f"trend weeks={selectors.TREND_WEEKS} "
            f"p50_ms={statistics.median(trend_times):.1f} p95_ms={percentile(trend_times, 0.95):.1f}"
        )
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(workdir)


if __name__ == "__main__":
    main()
