# ruff: noqa: E501
"""Fan-out of one notification to N connected browsers, against a bare `websockets` broadcast server.

    .venv/bin/python bench/fanout.py                      # N = 100, 1000, 5000 under Daphne
    .venv/bin/python bench/fanout.py --clients 1000 --servers daphne,uvicorn --layers local,inmemory
    .venv/bin/python bench/fanout.py --clients 1000 --redis   # also two Daphne processes with Redis
    # the recorded run (docs/PERFORMANCE.md): everything, comparisons at N <= 1000
    .venv/bin/python bench/fanout.py --servers daphne,uvicorn --layers local,inmemory --redis

The hub runs in a subprocess on 127.0.0.1 with a temporary SQLite database holding one organisation
of N members (users and sessions written directly by a `manage.py shell` script). N authenticated
clients (session cookie, allowed Origin) connect to /ws/notifications/ and resume. Each round a
leader answers an escalation of that organisation over HTTP (a real action, which notifies every
member); latency is from just before the POST to each client's receipt. The reference is a bare
`websockets` server in its own process that broadcasts one JSON message to the same N clients.

Prints one line per measurement:
  fanout clients=N p50_ms=.. p99_ms=.. max_ms=.. delivered=.. expected=.. lost=.. kib_per_conn=..
         ratio_vs_reference=.. server=.. layer=.. processes=..
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import free_port, hub_env, manage, stop, wait_for_port  # noqa: E402

HOST = "127.0.0.1"
ROUND_TIMEOUT = 20.0
# Untimed rounds before measuring, on every server: the first action after a start pays for code
# paths loaded once (steady state is what a partner meets).
WARMUP = 1
CONNECT_CONCURRENCY = 100

SETUP = r"""
import json, sys
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from django.db import transaction
from partners.demo import with_check_digit
from partners.models import Membership, Organisation, User
from escalations.models import Escalation

sizes = __SIZES__
rounds = __ROUNDS__
backend = "partners.backends.HubModelBackend"

def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

out = {"orgs": {}}
with transaction.atomic():
    municipality = Organisation.objects.create(name="Bench kommun", kind="municipality", organisation_number=with_check_digit("212000014"))
    leader = User.objects.create(email="leader@bench.test", full_name="Bench Leader", password="!")
    Membership.objects.create(user=leader, organisation=municipality)
    leader.groups.add(Group.objects.get_or_create(name="leadership")[0])
    out["leader"] = session_for(leader)
    for index, size in enumerate(sizes):
        org = Organisation.objects.create(name=f"Bench {size} AB", kind="housing", organisation_number=with_check_digit(f"5569{index:05d}"))
        users = User.objects.bulk_create([User(email=f"u{size}-{n}@bench.test", full_name=f"U {n}", password="!") for n in range(size)])
        Membership.objects.bulk_create([Membership(user=user, organisation=org) for user in users])
        escalations = [Escalation.objects.create(organisation=org, subject=f"bench {size} {r}", summary="bench", summary_html="<p>bench</p>", urgency="normal").pk for r in range(rounds)]
        out["orgs"][str(size)] = {"sessions": [session_for(user) for user in users], "escalations": escalations}
with open('__OUT__', "w") as handle:
    json.dump(out, handle)
"""


def rss_kib(pid: int) -> int:
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total = int(line.split()[1])
    return total


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a process so far: a steadier figure than latency on a shared machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))]


class Clients:
    """N websocket clients; each records the arrival time of every notification it receives."""

    def __init__(self) -> None:
        self.sockets: list[websockets.ClientConnection] = []
        self.arrivals: list[float] = []
        self.readers: list[asyncio.Task[None]] = []
        self.per_client: list[list[int]] = []

    async def connect(self, urls_and_headers: list[tuple[str, dict[str, str]]], resume: bool) -> None:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def one(index: int, url: str, headers: dict[str, str]) -> None:
            async with gate:
                for attempt in range(5):
                    try:
                        socket = await websockets.connect(
                            url,
                            additional_headers=headers,
                            max_size=2**16,
                            open_timeout=60,
                            ping_interval=None,
                        )
                        break
                    except (OSError, websockets.InvalidStatus, TimeoutError):
                        await asyncio.sleep(0.2 * (attempt + 1))
                else:
                    raise RuntimeError(f"client {index} could not connect")
                if resume:
                    await socket.send(json.dumps({"type": "resume", "after": 0}))
                    while json.loads(await socket.recv())["type"] != "unread":
                        pass
                self.sockets.append(socket)
                ids: list[int] = []
                self.per_client.append(ids)
                self.readers.append(asyncio.create_task(self.read(socket, ids)))

        await asyncio.gather(*(one(i, url, headers) for i, (url, headers) in enumerate(urls_and_headers)))

    async def read(self, socket: websockets.ClientConnection, ids: list[int]) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in socket:
                now = time.perf_counter()
                message = json.loads(raw)
                if message.get("type") == "notification":
                    self.arrivals.append(now)
                    ids.append(message["id"])

    async def close(self) -> None:
        for task in self.readers:
            task.cancel()
        await asyncio.gather(*(socket.close() for socket in self.sockets), return_exceptions=True)

    async def wait_for(self, expected: int, timeout: float = ROUND_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while len(self.arrivals) < expected and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)


def http_request(port: int, method: str, path: str, cookie: str, body: str = "", headers: dict | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.connect()
    # http.client writes headers and body in two sends: without this, Nagle plus the server's
    # delayed ACK add ~40 ms to every trigger, whatever the server.
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    all_headers = {"Cookie": cookie, "Host": f"{HOST}:{port}", **(headers or {})}
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read().decode(errors="replace")
    set_cookie = response.getheader("Set-Cookie") or ""
    connection.close()
    return response.status, data, set_cookie


def prepare_answer(port: int, leader_session: str, escalation_id: int) -> tuple[str, str]:
    """CSRF cookie and form token for the leader's answer form (fetched before the clock starts)."""
    cookie = f"sessionid={leader_session}"
    status, body, set_cookie = http_request(port, "GET", f"/escalations/{escalation_id}/", cookie)
    assert status == 200, status
    csrf_cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)  # type: ignore[union-attr]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
    return f"{cookie}; csrftoken={csrf_cookie}", token


def post_answer(port: int, cookie: str, token: str, escalation_id: int) -> int:
    body = f"csrfmiddlewaretoken={token}&answer=Bench+answer"
    status, _, _ = http_request(
        port,
        "POST",
        f"/escalations/{escalation_id}/answer/",
        cookie,
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{HOST}:{port}",
            "Referer": f"http://{HOST}:{port}/escalations/{escalation_id}/",
        },
    )
    return status


def start_server(kind: str, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    if kind == "daphne":
        command = [
            sys.executable,
            "-m",
            "daphne",
            "--websocket-max-message-size",
            "65536",
            "-b",
            HOST,
            "-p",
            str(port),
            "hub.asgi:application",
        ]
    elif kind == "uvicorn":
        command = [
            sys.executable, "-m", "uvicorn", "hub.asgi:application", "--host", HOST, "--port", str(port),
            "--ws", "websockets", "--ws-max-size", "65536", "--log-level", "warning", "--no-access-log",
            "--ws-ping-interval", "0",
        ]  # fmt: skip
    else:
        command = [sys.executable, __file__, "--reference-server", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    wait_for_port(port, timeout=60, process=process)
    return process


async def measure_hub(
    *,
    size: int,
    server: str,
    layer: str,
    processes: int,
    data: dict,
    env: dict[str, str],
    rounds: int,
    workdir: Path,
    offset: int,
) -> dict[str, float]:
    env = dict(env)
    if layer == "inmemory":
        env["HUB_CHANNEL_LAYER"] = "channels.layers.InMemoryChannelLayer"
    ports = [free_port() for _ in range(processes)]
    servers = [start_server(server, env, port, workdir / f"{server}-{port}.log") for port in ports]
    clients = Clients()
    try:
        await asyncio.sleep(1.0)
        baseline = sum(rss_kib(process.pid) for process in servers)
        sessions = data["orgs"][str(size)]["sessions"]
        targets = [
            (
                f"ws://{HOST}:{ports[index % processes]}/ws/notifications/",
                {"Cookie": f"sessionid={key}", "Origin": f"http://{HOST}:{ports[index % processes]}"},
            )
            for index, key in enumerate(sessions)
        ]
        started = time.perf_counter()
        await clients.connect(targets, resume=True)
        connect_s = time.perf_counter() - started
        await asyncio.sleep(1.0)
        loaded = sum(rss_kib(process.pid) for process in servers)
        latencies: list[float] = []
        expected = 0
        profiler = None
        if os.environ.get("BENCH_PYSPY"):
            profiler = subprocess.Popen(
                [str(Path(sys.executable).parent / "py-spy"), "record", "-p", str(servers[0].pid), "-r", "200",
                 "--format", "raw", "-o", os.environ["BENCH_PYSPY"]],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            await asyncio.sleep(1.0)
        escalations = data["orgs"][str(size)]["escalations"][offset : offset + WARMUP + rounds]
        for escalation_id in escalations[:WARMUP]:
            cookie, token = await asyncio.to_thread(prepare_answer, ports[0], data["leader"], escalation_id)
            before = len(clients.arrivals)
            assert await asyncio.to_thread(post_answer, ports[0], cookie, token, escalation_id) == 302
            await clients.wait_for(before + size)
        escalations = escalations[WARMUP:]
        cpu_before = sum(cpu_ms(process.pid) for process in servers)
        for escalation_id in escalations:
            cookie, token = await asyncio.to_thread(prepare_answer, ports[0], data["leader"], escalation_id)
            before = len(clients.arrivals)
            t0 = time.perf_counter()
            status = await asyncio.to_thread(post_answer, ports[0], cookie, token, escalation_id)
            assert status == 302, f"answer returned {status}"
            expected += size
            await clients.wait_for(before + size)
            latencies.extend((arrival - t0) * 1000 for arrival in clients.arrivals[before:])
        cpu_per_round = (sum(cpu_ms(process.pid) for process in servers) - cpu_before) / len(escalations)
        if profiler is not None:
            profiler.send_signal(2)
            profiler.wait(timeout=30)
        in_order = all(ids == sorted(ids) and len(ids) == len(set(ids)) for ids in clients.per_client)
        return {
            "latencies": latencies,
            "expected": expected,
            "delivered": len(latencies),
            "kib_per_conn": (loaded - baseline) / size,
            "rss_mib": loaded / 1024,
            "connect_s": connect_s,
            "in_order": in_order,
            "cpu_ms_per_round": cpu_per_round,
        }
    finally:
        await clients.close()
        for process in servers:
            stop(process)


async def measure_reference(size: int, rounds: int, workdir: Path) -> dict[str, float]:
    port = free_port()
    server = start_server("reference", dict(os.environ), port, workdir / "reference.log")
    clients = Clients()
    try:
        baseline = rss_kib(server.pid)
        await clients.connect(
            [(f"ws://{HOST}:{port}/", {"Origin": f"http://{HOST}:{port}"})] * size, resume=False
        )
        await asyncio.sleep(1.0)
        loaded = rss_kib(server.pid)
        control = await websockets.connect(f"ws://{HOST}:{port}/trigger", ping_interval=None)
        latencies: list[float] = []
        for number in range(WARMUP):
            before = len(clients.arrivals)
            await control.send(str(number + 1))
            await clients.wait_for(before + size)
        for number in range(WARMUP, WARMUP + rounds):
            before = len(clients.arrivals)
            t0 = time.perf_counter()
            await control.send(str(number + 1))
            await clients.wait_for(before + size)
            latencies.extend((arrival - t0) * 1000 for arrival in clients.arrivals[before:])
        await control.close()
        return {
            "latencies": latencies,
            "expected": size * rounds,
            "delivered": len(latencies),
            "kib_per_conn": (loaded - baseline) / size,
        }
    finally:
        await clients.close()
        stop(server)


def reference_server(port: int) -> None:
    """A bare websockets broadcast server: the floor for what one Python process can do."""
    clients: set = set()

    async def handler(socket) -> None:
        if socket.request.path == "/trigger":
            async for number in socket:
                message = json.dumps(
                    {
                        "type": "notification",
                        "id": int(number),
                        "kind": "bench",
                        "text": "Bench answer",
                        "url": "/",
                        "created": "",
                    }
                )
                websockets.broadcast(clients, message)
            return
        clients.add(socket)
        try:
            await socket.wait_closed()
        finally:
            clients.discard(socket)

    async def main() -> None:
        async with websockets.serve(handler, HOST, port, max_size=2**16, ping_interval=None):
            await asyncio.Future()

    asyncio.run(main())


def line(size: int, result: dict, reference_p99: float, **labels: object) -> str:
    values = result["latencies"]
    p99 = percentile(values, 0.99)
    fields = {
        "clients": size,
        "min_ms": f"{min(values) if values else float('nan'):.1f}",
        "p50_ms": f"{percentile(values, 0.50):.1f}",
        "p99_ms": f"{p99:.1f}",
        "max_ms": f"{max(values) if values else float('nan'):.1f}",
        "delivered": result["delivered"],
        "expected": result["expected"],
        "lost": result["expected"] - result["delivered"],
        "kib_per_conn": f"{result['kib_per_conn']:.1f}",
        "ratio_vs_reference": f"{p99 / reference_p99:.2f}" if reference_p99 else "nan",
        **labels,
    }
    return "fanout " + " ".join(f"{key}={value}" for key, value in fields.items())


async def run(args: argparse.Namespace) -> None:
    sizes = [int(value) for value in args.clients.split(",")]
    servers = args.servers.split(",")
    layers = args.layers.split(",")
    variants = [(server, layer, 1) for server in servers for layer in layers]
    if args.redis:
        variants.append(("daphne", "redis", 2))
    workdir = Path(tempfile.mkdtemp(prefix="fanout-"))
    env = hub_env(DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}", DJANGO_LOG_LEVEL="ERROR")
    env.pop("DJANGO_DEBUG", None)
    env["HUB_TESTING"] = "1"  # no SECRET_KEY needed, DEBUG off (as in production)
    env["HUB_RATE_ESCALATION_ACTIONS_PER_MINUTE"] = "100000"  # one leader answers many rounds quickly
    manage(env, "migrate", "--no-input")
    out = workdir / "setup.json"
    script = SETUP.replace("__SIZES__", json.dumps(sizes)).replace(
        "__ROUNDS__", str((args.rounds + WARMUP) * len(variants))
    )
    manage(env, "shell", "-c", script.replace("__OUT__", str(out)), timeout=900)
    data = json.loads(out.read_text())
    redis = None
    try:
        if args.redis:
            redis_port = free_port()
            redis = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(redis_port),
                    "--bind",
                    HOST,
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
            )
            wait_for_port(redis_port)
        summary = []
        for size in sizes:
            reference = await measure_reference(size, args.rounds, workdir)
            reference_p99 = percentile(reference["latencies"], 0.99)
            print(line(size, reference, reference_p99, server="websockets-reference"), flush=True)
            for index, (server, layer, processes) in enumerate(variants):
                if (server, layer, processes) != ("daphne", "local", 1) and size > args.compare_max:
                    continue
                variant_env = dict(env)
                if layer == "redis":
                    variant_env["REDIS_URL"] = f"redis://{HOST}:{redis_port}/0"
                result = await measure_hub(
                    size=size, server=server, layer=layer, processes=processes, data=data, env=variant_env,
                    rounds=args.rounds, workdir=workdir, offset=index * (args.rounds + WARMUP),
                )  # fmt: skip
                text = line(
                    size, result, reference_p99, server=server, layer=layer, processes=processes,
                    in_order=result["in_order"], rss_mib=f"{result['rss_mib']:.0f}", server_cpu_ms_per_round=f"{result['cpu_ms_per_round']:.0f}", connect_s=f"{result['connect_s']:.1f}",
                )  # fmt: skip
                print(text, flush=True)
                summary.append(text)
        print("\n".join(summary))
    finally:
        if redis is not None:
            stop(redis)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", default="100,1000,5000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--servers", default="daphne")
    parser.add_argument("--layers", default="local")
    parser.add_argument("--redis", action="store_true", help="also two Daphne processes sharing Redis")
    parser.add_argument("--compare-max", type=int, default=1000, help="other variants only up to this N")
    parser.add_argument("--reference-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(
        resource.RLIMIT_NOFILE, (min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536, hard)
    )
    if args.reference_server:
        reference_server(args.reference_server)
        return
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
