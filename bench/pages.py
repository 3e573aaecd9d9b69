"""Pages under load: the hub on one core, wrk on the other, each page against the floor.

The floor is /healthz: Daphne, Django and the middleware stack, with one query. Every page is
measured in the same run with the same connections, so the ratio (floor requests/s over the page's)
says what the page itself costs, whatever else the shared machine is doing.

    python bench/pages.py                     # 8 connections, 10 s per route
    python bench/pages.py --seconds 5 --connections 8 --db postgres

Needs wrk (Debian: apt-get install wrk) and taskset (util-linux). Prints one line per route:
    pages route=dashboard rps=.. p50_ms=.. p99_ms=.. ratio_vs_floor=.. errors=0
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import (  # noqa: E402
    HubClient,
    hub_env,
    manage,
    postgres_server,
    production_env,
    start_daphne,
    stop,
)

PASSWORD = "samverkan-demo"
# A housing company's admin: a queue to handle, reports, the forum and the weekly round.
USER = "bostad@demo.test"

FIND_THREAD = """
from django.db.models import Count
from forum.models import Thread
threads = Thread.objects.filter(is_hidden=False, category__visibility="all").annotate(n=Count("posts"))
print(threads.order_by("-n").first().pk)
"""


def routes(thread: int) -> list[tuple[str, str]]:
    year, week, _day = date.today().isocalendar()
    return [
        ("floor", "/healthz"),
        ("dashboard", "/"),
        ("report_list", "/reports/"),
        ("report_queue", "/reports/queue/"),
        ("thread", f"/forum/t/{thread}/"),
        ("forum_search", "/forum/search/?q=klotter"),
        ("lagesbild_week", f"/situation/week/{year}/{week}/"),
        ("notifications", "/notifications/"),
        ("public_intake", "/felanmalan/"),
    ]


def wrk(url: str, cookie: str, *, core: int, seconds: int, connections: int) -> dict[str, float]:
    result = subprocess.run(
        [
            "taskset",
            "-c",
            str(core),
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(n) for n in match.groups())
    return {"rps": rps, "p50_ms": _ms(out, "50%"), "p99_ms": _ms(out, "99%"), "errors": errors}


def _ms(out: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)\b", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--only", nargs="*", help="route names to measure (the floor always runs)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    if (os.cpu_count() or 1) < 2:
        sys.exit("two cores are needed: the server on one, wrk on the other")

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    with contextlib.ExitStack() as stack:
        if args.db == "postgres":
            database_url = stack.enter_context(postgres_server()).url
        else:
            database_url = f"sqlite:///{workdir / 'hub.sqlite3'}"
        # Debug off, as served; HUB_DEMO lets the demo data in.
        env = production_env(hub_env(DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(workdir / "media")))
        env["HUB_DEMO"] = "1"
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        thread = int(manage(env, "shell", "-c", FIND_THREAD).strip().splitlines()[-1])
        server = start_daphne(env, pin=0)
        stack.callback(stop, server.process)
        base = server.url
        client = HubClient(base)
        client.log_in(USER, PASSWORD)
        cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies)
        results: dict[str, dict[str, float]] = {}
        for name, path in routes(thread):
            if args.only and name != "floor" and name not in args.only:
                continue
            status, _body, _headers = client.get(path)
            if status != 200:
                print(f"# {name} {path}: {status}, skipped", flush=True)
                continue
            time.sleep(0.5)
            results[name] = wrk(
                base + path, cookie, core=1, seconds=args.seconds, connections=args.connections
            )
        floor = results["floor"]["rps"]
        for name, figures in results.items():
            print(
                f"pages route={name} db={args.db} rps={figures['rps']:.1f} p50_ms={figures['p50_ms']:.1f} "
                f"p99_ms={figures['p99_ms']:.1f} ratio_vs_floor={floor / figures['rps']:.2f} "
                f"errors={int(figures['errors'])}",
                flush=True,
            )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
