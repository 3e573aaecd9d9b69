"""Bench: the public pages, the public map's data and the intake, through the real server (Daphne).

Loads N public reports (default 10,000; open and recently fixed, with coordinates inside the demo
areas) into a temporary SQLite database, starts Daphne with the production settings, and times:
the public pages and the map's data (p50/p95 over sequential requests), and the intake at a fixed
rate of submissions per second (each a GET of the form for its CSRF token, then the POST).
Ends with one line per measurement: `name key=value ...`.
Usage: .venv/bin/python bench/public.py [--reports N] [--runs N] [--rate N] [--seconds N]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import hub_env, manage, production_env, start_daphne, stop  # noqa: E402


def load(database: Path, count: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    add_public_reports(count)


def add_public_reports(count: int) -> None:
    """count public reports inside the demo areas (Django set up, demo data loaded); the browser
    test of the map loads them the same way (tests/e2e/test_maps.py)."""
    from django.utils import timezone

    from intake.demo import BOXES
    from intake.models import PUBLIC_CATEGORIES
    from partners.models import Area, Organisation, User
    from reports.models import Report

    rng = random.Random(16)
    areas = {area.name: area for area in Area.objects.filter(name__in=BOXES)}
    reporter = User.objects.get(email="forening@demo.test")
    responsible = list(Organisation.objects.all()[:6])
    now = timezone.now()
    rows = []
    for index in range(count):
        name = rng.choice(list(areas))
        south, west, north, east = BOXES[name]
        created = now - timedelta(days=rng.uniform(0, 29), hours=rng.uniform(0, 23))
        fixed = index % 3 == 0
        rows.append(
            Report(
                reporter=reporter,
                organisation=reporter.membership.organisation,
                area=areas[name],
                category=rng.choice(PUBLIC_CATEGORIES),
                place_text="Bench",
                latitude=round(rng.uniform(south, north), 6),
                longitude=round(rng.uniform(west, east), 6),
                occurred_at=created,
                created_at=created,
                assigned_at=created,
                description="Bench report.",
                responsible_organisation=rng.choice(responsible),
                status=Report.Status.RESOLVED if fixed else Report.Status.NEW,
                resolved_at=created + timedelta(hours=rng.uniform(2, 200)) if fixed else None,
                due_at=created + timedelta(hours=72),
            )
        )
    Report.objects.bulk_create(rows, batch_size=1000)


def get(port: int, path: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def submit(port: int, number: int) -> tuple[int, float]:
    """One resident: GET the form (CSRF cookie and token), POST the report. Returns (status, ms)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/felanmalan/")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not cookie or not token:
        return 0, 0.0
    body = urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "category": "graffiti",
            "latitude": "59.170000",
            "longitude": f"{18.130 + (number % 300) * 0.0001:.6f}",
            "description": "Klotter på elskåpet (bench).",
            "email": f"bench-{uuid.uuid4().hex[:10]}@example.test",
            "website": "",
        }
    )
    connection.request(
        "POST",
        "/felanmalan/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie.group(1)}",
            "Referer": f"http://127.0.0.1:{port}/felanmalan/",
            "Origin": f"http://127.0.0.1:{port}",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--rate", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-public-"))
    database = workdir / "bench.sqlite3"
    env = hub_env(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        EMAIL_FILE_PATH=str(workdir / "mail"),
        HUB_RATE_INTAKE_PER_MINUTE="100000",
        INTAKE_MAX_PER_ADDRESS_PER_HOUR="100000",
        HUB_MAP_TILE_URL="",
    )
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    started = time.perf_counter()
    load(database, args.reports)
    print(f"loaded {args.reports} reports in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    server = start_daphne(production_env(env))
    lines = []
    try:
        pages = {
            "public_form": "/felanmalan/",
            "public_map_page": "/felanmalan/karta/",
            "public_map_data_all": "/felanmalan/karta.json?zoom=12",
            "public_map_data_street": "/felanmalan/karta.json?zoom=17&bbox=59.165,18.135,59.172,18.150",
            "public_nearby": "/felanmalan/nara/?category=graffiti&latitude=59.17&longitude=18.14",
            "public_what_we_do": "/felanmalan/det-har-gor-vi/",
            "public_areas": "/felanmalan/omraden.geojson",
        }
        for name, path in pages.items():
            get(server.port, path)  # warm
            timings, sizes, errors = [], [], 0
            for _run in range(args.runs):
                status, body, ms = get(server.port, path)
                errors += status != 200
                timings.append(ms)
                sizes.append(len(body))
            extra = ""
            if name.startswith("public_map_data"):
                import json

                data = json.loads(body)
                extra = f" clusters={len(data['clusters'])} points={len(data['points'])}"
            lines.append(
                f"{name} reports={args.reports} runs={args.runs} p50_ms={statistics.median(timings):.1f} "
                f"p95_ms={percentile(timings, 0.95):.1f} bytes={sizes[-1]} errors={errors}{extra}"
            )
        # A zoom's cluster layer built from nothing (the first view at that zoom, or after a minute):
        # the zooms not asked for above, so none is kept yet.
        timings, errors = [], 0
        for zoom in (6, 7, 8, 9, 10, 11, 13, 14, 15, 16):
            status, body, ms = get(
                server.port, f"/felanmalan/karta.json?zoom={zoom}&bbox=59.10,18.06,59.12,18.10"
            )
            errors += status != 200
            timings.append(ms)
        lines.append(
            f"public_map_layer_cold reports={args.reports} zooms={len(timings)} "
            f"p50_ms={statistics.median(timings):.1f} max_ms={max(timings):.1f} errors={errors}"
        )
        # Views panned at random over the municipality: each a new view; the zoom's layer is kept.
        rng = random.Random(7)
        timings, errors = [], 0
        for _run in range(args.runs):
            south = rng.uniform(59.10, 59.19)
            west = rng.uniform(18.06, 18.19)
            zoom = rng.choice([13, 14, 15])
            view = f"{south:.4f},{west:.4f},{south + 0.02:.4f},{west + 0.04:.4f}"
            path = f"/felanmalan/karta.json?zoom={zoom}&bbox={view}"
            status, body, ms = get(server.port, path)
            errors += status != 200
            timings.append(ms)
        lines.append(
            f"public_map_data_panned reports={args.reports} runs={args.runs} "
            f"p50_ms={statistics.median(timings):.1f} p95_ms={percentile(timings, 0.95):.1f} errors={errors}"
        )
        results: list[tuple[int, float]] = []
        lock = threading.Lock()

        def one(number: int) -> None:
            outcome = submit(server.port, number)
            with lock:
                results.append(outcome)

        threads = []
        total = args.rate * args.seconds
        begin = time.perf_counter()
        for number in range(total):
            target = begin + number / args.rate
            delay = target - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            thread = threading.Thread(target=one, args=(number,))
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - begin
        ok = [ms for status, ms in results if status == 302]
        errors = len(results) - len(ok)
        lines.append(
            f"intake_submit rate_target={args.rate} submitted={total} seconds={elapsed:.1f} "
            f"achieved_per_s={len(ok) / elapsed:.1f} errors={errors} "
            f"p50_ms={statistics.median(ok) if ok else 0:.1f} p95_ms={percentile(ok, 0.95) if ok else 0:.1f}"
        )
    finally:
        stop(server.process)
        shutil.rmtree(workdir, ignore_errors=True)
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
