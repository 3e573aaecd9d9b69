"""The reconnect storm: N browsers connected, the hub restarted (a deploy), everyone back.

    .venv/bin/python bench/storm.py                 # 5,000 sockets
    .venv/bin/python bench/storm.py --clients 1000

One organisation of N members (bench/fanout.py's setup). N clients connect to /ws/notifications/
and resume, as static/js/socket.js does. Then the hub is stopped; while it is down every member is
notified (rows written by a `manage.py shell`, as a scheduled job or another process would); the hub
starts again on the same port. Each client reconnects with socket.js's backoff and jitter (500 ms ×
2^attempt, × 0.5–1, at most 30 s), resumes after the last id it holds, and must receive the
notification written while it was away. Finally one live notification checks the path afterwards.
The hub runs on core 0 and the clients on core 1 where there are two cores.

Prints one line per measurement:
  storm clients=N first_connect_s=.. back_s=.. replayed=.. lost=.. live_lost=.. kib_per_socket=..
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fanout import HOST, SETUP, cpu_ms, post_answer, prepare_answer, rss_kib  # noqa: E402

from tests.support import free_port, hub_env, manage, start_daphne, stop  # noqa: E402

# Started before the hub stops (Django's start-up is not part of the downtime); it notifies every
# member when told to on stdin, while the hub is down.
NOTIFY_WHILE_DOWN = r"""
import sys
from realtime.services import notify
from partners.models import User
members = User.objects.filter(membership__organisation__name="Bench __SIZE__ AB")
print("ready", flush=True)
sys.stdin.readline()
notify(members, "escalation.answered", "Medan hubben startade om: ett svar från kommunledningen.")
print("done", flush=True)
"""


class Browser:
    """One client as socket.js behaves: resume after the last id it holds, reconnect with backoff."""

    def __init__(self, url: str, headers: dict[str, str], rng: random.Random) -> None:
        self.url = url
        self.headers = headers
        self.rng = rng
        self.last_id = 0
        self.received: list[int] = []
        self.connected = asyncio.Event()
        self.resumed_at = 0.0
        self.attempts = 0
        self.stopping = False

    async def run(self) -> None:
        attempt = 0
        while not self.stopping:
            try:
                socket = await websockets.connect(
                    self.url,
                    additional_headers=self.headers,
                    max_size=2**16,
                    open_timeout=60,
                    ping_interval=None,
                )
            except (OSError, websockets.InvalidStatus, websockets.InvalidHandshake, TimeoutError):
                socket = None
            if socket is not None:
                attempt = 0
                with contextlib.suppress(websockets.ConnectionClosed):
                    await socket.send(json.dumps({"type": "resume", "after": self.last_id}))
                    async for raw in socket:
                        message = json.loads(raw)
                        if message.get("type") == "unread" and not self.connected.is_set():
                            self.resumed_at = time.perf_counter()
                            self.connected.set()
                        elif message.get("type") == "notification":
                            self.last_id = max(self.last_id, int(message["id"]))
                            self.received.append(int(message["id"]))
                self.connected.clear()
                if self.stopping:
                    return
            attempt += 1
            self.attempts += 1
            await asyncio.sleep(min(30.0, 0.5 * 2**attempt) * (0.5 + self.rng.random() / 2))


async def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()


async def storm(args: argparse.Namespace) -> str:
    size = args.clients
    workdir = Path(tempfile.mkdtemp(prefix="storm-"))
    env = hub_env(DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}", DJANGO_LOG_LEVEL="ERROR")
    env.pop("DJANGO_DEBUG", None)
    env["HUB_TESTING"] = "1"  # DEBUG off, as in production
    env["HUB_RATE_ESCALATION_ACTIONS_PER_MINUTE"] = "100000"
    manage(env, "migrate", "--no-input")
    out = workdir / "setup.json"
    script = SETUP.replace("__SIZES__", json.dumps([size])).replace("__ROUNDS__", "2")
    manage(env, "shell", "-c", script.replace("__OUT__", str(out)), timeout=900)
    data = json.loads(out.read_text())
    pin = 0 if len(os.sched_getaffinity(0)) >= 2 else None
    if pin is not None:
        os.sched_setaffinity(0, {1})
    port = free_port()
    server = start_daphne(env, port, pin=pin)
    rng = random.Random(19)
    browsers = [
        Browser(
            f"ws://{HOST}:{port}/ws/notifications/",
            {"Cookie": f"sessionid={key}", "Origin": f"http://{HOST}:{port}"},
            random.Random(rng.random()),
        )
        for key in data["orgs"][str(size)]["sessions"]
    ]
    tasks: list[asyncio.Task[None]] = []
    try:
        baseline = rss_kib(server.process.pid)
        cpu_before = cpu_ms(server.process.pid)
        started = time.perf_counter()
        tasks = [asyncio.create_task(browser.run()) for browser in browsers]
        await wait_until(lambda: all(b.connected.is_set() for b in browsers), timeout=300)
        first_connect = time.perf_counter() - started
        first_cpu = cpu_ms(server.process.pid) - cpu_before
        # The deploy: the hub stops, every member is told something while it is down, it starts again.
        writer = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", NOTIFY_WHILE_DOWN.replace("__SIZE__", str(size))],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        while (await asyncio.to_thread(writer.stdout.readline)).strip() not in ("ready", ""):
            pass  # the shell's own banner first
        down = time.perf_counter()
        stop(server.process)
        writer.stdin.write("go\n")
        writer.stdin.flush()
        while (await asyncio.to_thread(writer.stdout.readline)).strip() not in ("done", ""):
            pass
        writer.wait(timeout=30)
        server = start_daphne(env, port, pin=pin)
        restarted = time.perf_counter()
        fresh = rss_kib(server.process.pid)
        restart_cpu = cpu_ms(server.process.pid)
        await wait_until(lambda: all(b.connected.is_set() and b.received for b in browsers), timeout=120)
        back = max((b.resumed_at for b in browsers), default=restarted) - restarted
        downtime = restarted - down
        back_cpu = cpu_ms(server.process.pid) - restart_cpu
        replayed = sum(1 for b in browsers if b.received)
        await asyncio.sleep(1.0)
        loaded = rss_kib(server.process.pid)
        # Afterwards the live path: one answer notifies every member.
        escalation = data["orgs"][str(size)]["escalations"][0]
        cookie, token = await asyncio.to_thread(prepare_answer, port, data["leader"], escalation)
        assert await asyncio.to_thread(post_answer, port, cookie, token, escalation) == 302
        await wait_until(lambda: all(len(b.received) >= 2 for b in browsers), timeout=60)
        live_lost = sum(1 for b in browsers if len(b.received) < 2)
        duplicated = sum(1 for b in browsers if len(b.received) != len(set(b.received)))
        attempts = sorted(b.attempts for b in browsers)
        return (
            f"storm clients={size} first_connect_s={first_connect:.1f} down_s={downtime:.1f} "
            f"back_s={back:.1f} "
            f"replayed={replayed} lost={size - replayed} live_lost={live_lost} duplicated={duplicated} "
            f"reconnect_attempts_p50={attempts[len(attempts) // 2]} reconnect_attempts_max={attempts[-1]} "
            f"cpu_ms_per_connect={first_cpu / size:.2f} cpu_ms_per_reconnect={back_cpu / size:.2f} "
            f"kib_per_socket={(loaded - fresh) / size:.1f} "
            f"first_kib_per_socket={(loaded - baseline) / size:.1f}"
        )
    finally:
        for browser in browsers:
            browser.stopping = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        stop(server.process)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=5000)
    args = parser.parse_args()
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.clients * 2 + 1000)), hard))
    print(asyncio.run(storm(args)), flush=True)


if __name__ == "__main__":
    main()
