"""Load test: simulated partners reading, posting and reporting against a real hub under Daphne.

Each simulated user logs in and loops, with a short think time, over the dashboard, the forum, the
report list, a reply to a forum thread and a new report. Every request is bounded by a timeout and
the whole run by --seconds; all traffic goes to 127.0.0.1. Afterwards every object the hub
acknowledged (a redirect after the POST) is looked up in the database.

    python bench/load.py                       # 200 users, 300 s, SQLite then PostgreSQL
    python bench/load.py --users 20 --seconds 20 --db sqlite

With two cores or more the hub runs on core 0 and the simulated users on core 1 (--no-pin: both
anywhere). The hub runs as served (debug off). Prints one line per database:
    load db=sqlite users=200 seconds=300 requests=.. rps=.. asked_rps=.. p50_ms=.. p95_ms=.. login_p95_ms=..
asked_rps is what the users' think time asks for (each user one request per think time, counted
from when they are signed in); rps equal to it means no request waited in a queue.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fanout import cpu_ms  # noqa: E402

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

# Users 0 .. signed_in-1 are already signed in (a session each, as after an earlier login); the
# rest sign in during the run, as one burst.
CREATE_USERS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from partners.models import Membership, Organisation, User
orgs = list(Organisation.objects.filter(is_active=True).order_by("pk"))
sessions = []
for n in range({users}):
    user, made = User.objects.get_or_create(
        email=f"last{{n}}@demo.test", defaults={{"full_name": f"Last {{n}}"}}
    )
    if made:
        user.set_password("{password}")
        user.save()
        Membership.objects.create(user=user, organisation=orgs[n % len(orgs)])
    if n < {signed_in}:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "partners.backends.HubModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
print(json.dumps(sessions))
"""

COUNT_CREATED = """
import json
from forum.models import Post
from reports.models import Report
tokens = {tokens}
found_reports = set(
    Report.objects.filter(place_text__in=tokens["reports"]).values_list("place_text", flat=True)
)
found_posts = set()
for token in tokens["posts"]:
    if Post.objects.filter(body_raw__contains=token).exists():
        found_posts.add(token)
print(json.dumps({{"reports": len(found_reports), "posts": len(found_posts)}}))
"""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    logins: list[float] = field(default_factory=list)
    during_logins: list[float] = field(default_factory=list)  # page latencies while anyone signs in
    signing_in: int = 0
    thinking: float = 0.0  # seconds all users spent thinking between requests
    statuses: dict[int, int] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    transport_errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if self.signing_in:
                self.during_logins.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1


def timed(tally: Tally, call, *args, **kwargs):
    started = time.perf_counter()
    try:
        status, body, headers = call(*args, **kwargs)
    except OSError as error:
        with tally.lock:
            tally.transport_errors += 1
            kind = type(error).__name__
            tally.error_kinds[kind] = tally.error_kinds.get(kind, 0) + 1
        return 0, "", {}
    tally.record(status, time.perf_counter() - started)
    return status, body, headers


def first_thread_url(client: HubClient, tally: Tally) -> str | None:
    status, body, _ = timed(tally, client.get, "/forum/")
    categories = re.findall(r'href="(/forum/c/[^"]+)"', body) if status == 200 else []
    for category in categories[:3]:
        status, body, _ = timed(tally, client.get, category)
        threads = re.findall(r'href="(/forum/t/\d+/)[^"]*"', body) if status == 200 else []
        if threads:
            return threads[0]
    return None


def simulated_user(
    base_url: str, number: int, deadline: float, tally: Tally, areas: list[str], session: str | None
) -> None:
    client = HubClient(base_url)
    started = time.perf_counter()
    try:
        if session:
            client.use_session(session)
        else:
            with tally.lock:
                tally.signing_in += 1
            try:
                client.log_in(f"last{number}@demo.test", PASSWORD)
            finally:
                with tally.lock:
                    tally.signing_in -= 1
            with tally.lock:
                tally.logins.append(time.perf_counter() - started)
    except (AssertionError, OSError) as error:
        with tally.lock:
            tally.transport_errors += 1
            kind = "login:" + type(error).__name__ + ":" + str(error)[:60]
            tally.error_kinds[kind] = tally.error_kinds.get(kind, 0) + 1
        return
    rng = random.Random(number)
    thread_url = first_thread_url(client, tally)
    step = 0
    while time.monotonic() < deadline:
        step += 1
        action = rng.random()
        if action < 0.35:
            timed(tally, client.get, "/")
        elif action < 0.55:
            timed(tally, client.get, "/reports/")
        elif action < 0.75 and thread_url:
            timed(tally, client.get, thread_url)
        elif action < 0.87 and thread_url:
            token = f"last-{number}-{step}-{rng.randrange(10**9)}"
            status, _body, _ = timed(
                tally, client.post, thread_url + "reply/", {"body": f"Belastningstest {token}"}
            )
            if status in (302, 303):
                with tally.lock:
                    tally.posts.append(token)
        else:
            token = f"Lasttest {number}-{step}-{rng.randrange(10**9)}"
            data = {
                "area": rng.choice(areas),
                "category": "graffiti",
                "place_text": token,
                "occurred_at": datetime.now().strftime("%Y-%m-%dT%H:%M"),
                "severity": "low",
                "visibility": "network",
                "description": "Klotter på elskåp (belastningstest).",
            }
            status, _body, _ = timed(tally, client.post, "/reports/new/", data)
            if status in (302, 303):
                with tally.lock:
                    tally.reports.append(token)
        pause = rng.uniform(2.0, 8.0)  # think time of a person reading a page
        with tally.lock:
            tally.thinking += pause
        time.sleep(pause)


def area_ids(env: dict[str, str]) -> list[str]:
    output = manage(
        env,
        "shell",
        "-c",
        "from partners.models import Area; print(list(Area.objects.values_list('pk', flat=True)))",
    )
    return [str(pk) for pk in json.loads(output.strip().splitlines()[-1])]


def run_load(
    database_url: str, *, label: str, users: int, seconds: float, pin: bool = False, burst: int | None = None
) -> dict[str, object]:
    """burst: how many of the users sign in during the run, all at once a fifth of the way in (the
    others hold sessions from before); None: every user signs in as they arrive."""
    # Every simulated user comes from 127.0.0.1: lift the per-address login limit for the run.
    env = production_env(
        hub_env(
            DATABASE_URL=database_url,
            HUB_LOGIN_RATE="100000/m/ip",
            HUB_LOGIN_FAILED_RATE="100000/m/ip,5/300s/key",
        )
    )
    env["HUB_DEMO"] = "1"
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    signed_in = 0 if burst is None else users - burst
    output = manage(
        env, "shell", "-c", CREATE_USERS.format(users=users, password=PASSWORD, signed_in=signed_in)
    )
    sessions = json.loads(output.strip().splitlines()[-1])
    areas = area_ids(env)
    server = start_daphne(env, pin=0 if pin else None)
    tally = Tally()
    own_cores = os.sched_getaffinity(0)
    if pin:
        os.sched_setaffinity(0, {1})
    try:
        deadline = time.monotonic() + seconds
        workers = [
            threading.Thread(
                target=simulated_user,
                args=(server.url, n, deadline, tally, areas, sessions[n] if n < len(sessions) else None),
            )
            for n in range(users)
        ]
        started = time.monotonic()
        cpu_before = cpu_ms(server.process.pid)
        for index, worker in enumerate(workers):
            if burst is not None and index == len(sessions):
                time.sleep(max(0.0, started + seconds / 5 - time.monotonic()))  # then the burst, at once
            worker.start()
            if burst is None or index < len(sessions):
                time.sleep(min(0.2, seconds / 10 / users))  # people arrive over the first ~40 s, not at once
        for worker in workers:
            worker.join(timeout=seconds + 60)
        elapsed = time.monotonic() - started
        hub_cpu = cpu_ms(server.process.pid) - cpu_before
        log = server.output()
    finally:
        os.sched_setaffinity(0, own_cores)
        stop(server.process)
    tokens = json.dumps({"reports": tally.reports, "posts": tally.posts})
    found = json.loads(
        manage(env, "shell", "-c", COUNT_CREATED.format(tokens=tokens)).strip().splitlines()[-1]
    )
    latencies = sorted(tally.latencies) or [0.0]
    errors_5xx = sum(count for status, count in tally.statuses.items() if status >= 500)
    result = {
        "db": label,
        "users": users,
        "seconds": int(seconds),
        "requests": len(tally.latencies),
        "rps": round(len(tally.latencies) / elapsed, 1),
        "asked_rps": round(
            len(tally.latencies) / elapsed * (tally.thinking + sum(latencies)) / tally.thinking, 1
        )
        if tally.thinking
        else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "p95_during_logins_ms": round(
            sorted(tally.during_logins)[int(len(tally.during_logins) * 0.95) - 1] * 1000, 1
        )
        if tally.during_logins
        else 0.0,
        "logins": len(tally.logins),
        "login_p50_ms": round(statistics.median(tally.logins) * 1000, 1) if tally.logins else 0.0,
        "login_p95_ms": round(sorted(tally.logins)[int(len(tally.logins) * 0.95) - 1] * 1000, 1)
        if tally.logins
        else 0.0,
        "hub_cpu_pct": round(hub_cpu / 10 / elapsed, 1),  # of one core, over the run
        "errors_5xx": errors_5xx,
        "transport_errors": tally.transport_errors,
        "locked": log.count("database is locked"),
        "reports_created": len(tally.reports),
        "posts_created": len(tally.posts),
        "lost": (len(tally.reports) - found["reports"]) + (len(tally.posts) - found["posts"]),
        "error_kinds": tally.error_kinds,
    }
    return result


def line(result: dict[str, object]) -> str:
    return "load " + " ".join(f"{key}={value}" for key, value in result.items())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--no-pin", dest="pin", action="store_false", help="do not pin hub and users to cores"
    )
    parser.add_argument(
        "--burst",
        type=int,
        default=40,
        help="users who sign in during the run, at once (-1: all, as they arrive)",
    )
    args = parser.parse_args()
    args.pin = args.pin and len(os.sched_getaffinity(0)) >= 2
    burst = None if args.burst < 0 else min(args.burst, args.users)
    results = []
    if args.db in ("sqlite", "both"):
        workdir = Path(tempfile.mkdtemp(prefix="hub-load-"))
        results.append(
            run_load(
                f"sqlite:///{workdir / 'hub.sqlite3'}",
                label="sqlite",
                users=args.users,
                seconds=args.seconds,
                pin=args.pin,
                burst=burst,
            )
        )
    if args.db in ("postgres", "both"):
        with contextlib.ExitStack() as stack:
            database = stack.enter_context(postgres_server())
            results.append(
                run_load(
                    database.url,
                    label="postgres",
                    users=args.users,
                    seconds=args.seconds,
                    pin=args.pin,
                    burst=burst,
                )
            )
    for result in results:
        kinds = result.pop("error_kinds")
        if kinds:
            print(f"# transport errors by kind: {kinds}")
        print(line(result))


if __name__ == "__main__":
    main()
