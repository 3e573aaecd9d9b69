"""Real servers on loopback for tests: Daphne, Redis, PostgreSQL. Nothing here is a mock.

A test that needs a system binary skips when it is missing on a developer's machine, and fails in CI
(CI=true), where .ci/run installs it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def http_scope(path: str, host: str = "127.0.0.1", method: str = "GET") -> dict:
    """The ASGI scope a server hands the application for one plain HTTP request."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", host.encode())],
        "client": ("127.0.0.1", 50000),
        "server": (host, 8000),
    }


def require_binary(name: str, *candidates: str) -> str:
    """The path of a system binary; skip locally, fail in CI, when it is missing."""
    for candidate in (name, *candidates):
        found = shutil.which(candidate) or (candidate if os.path.isfile(candidate) else None)
        if found:
            return found
    message = f"{name} is not installed (.ci/run installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        with contextlib.closing(socket.socket()) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listened on port {port} within {timeout}s")


def stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def hub_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "hub.settings",
            "DJANGO_DEBUG": "1",
            "HUB_MFA_REQUIRED": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def production_env(env: dict[str, str]) -> dict[str, str]:
    """The same hub as in production (DEBUG off, secure cookies), minus the HTTPS redirect, since
    tests speak plain HTTP on loopback."""
    return {
        **env,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@dataclass
class Daphne:
    port: int
    process: subprocess.Popen
    env: dict[str, str]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start_daphne(env: dict[str, str], port: int | None = None, *, pin: int | None = None) -> Daphne:
    """Daphne serving the hub on loopback; pin: the one CPU core it may run on (taskset)."""
    port = port or free_port()
    log = Path(tempfile.mkstemp(prefix="daphne-", suffix=".log")[1])
    handle = log.open("w")
    process = subprocess.Popen(
        [
            *(["taskset", "-c", str(pin)] if pin is not None else []),
            sys.executable,
            "-m",
            "daphne",
            "--websocket-max-message-size",
            "65536",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "hub.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process=process)
        _wait_healthy(f"http://127.0.0.1:{port}/healthz")
    except Exception:
        stop(process)
        raise RuntimeError(f"Daphne did not start:\n{log.read_text(errors='replace')}")
    return Daphne(port=port, process=process, env=env, log=log)


def _wait_healthy(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except Exception:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer 200")


@contextlib.contextmanager
def redis_server(port: int | None = None) -> Iterator[tuple[subprocess.Popen, int]]:
    binary = require_binary("redis-server")
    port = port or free_port()
    workdir = tempfile.mkdtemp(prefix="redis-")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process=process)
        yield process, port
    finally:
        stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def _postgres_bin(name: str) -> str:
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    return require_binary(name, *(str(path) for path in candidates))


@dataclass
class PostgresServer:
    url: str
    control: list[str]
    datadir: Path
    options: str

    def stop(self) -> None:
        subprocess.run(
            [*self.control, "-D", str(self.datadir / "data"), "-m", "fast", "stop"],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        subprocess.run(
            [
                *self.control,
                "-D",
                str(self.datadir / "data"),
                "-o",
                self.options,
                "-l",
                str(self.datadir / "log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster on loopback, trusting local connections."""
    initdb = _postgres_bin("initdb")
    pg_ctl = _postgres_bin("pg_ctl")
    datadir = Path(tempfile.mkdtemp(prefix="pg-"))
    port = free_port()
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root; the Debian package creates the postgres user.
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(datadir, "postgres", "postgres")
    subprocess.run(
        [
            *as_postgres,
            initdb,
            "-D",
            str(datadir / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
    )
    server = PostgresServer(
        url=f"postgres://postgres@127.0.0.1:{port}/postgres",
        control=[*as_postgres, pg_ctl],
        datadir=datadir,
        options=f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off",
    )
    server.start()
    try:
        yield server
    finally:
        subprocess.run(
            [*server.control, "-D", str(datadir / "data"), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(datadir, ignore_errors=True)


class HubClient:
    """A plain HTTP client with cookies and CSRF handling, for tests against a real server."""

    def __init__(self, base_url: str) -> None:
        import http.cookiejar
        import urllib.request

        class LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
            """Production cookies are Secure; on loopback the test talks plain HTTP."""

            def return_ok_secure(self, cookie, request):
                return True

        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar(policy=LoopbackPolicy())

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def cookie(self, name: str) -> str:
        for cookie in self.cookies:
            if cookie.name == name:
                return cookie.value
        return ""

    def request(self, method: str, path: str, data: dict | None = None, timeout: float = 30):
        """(status, body, headers); HTTP errors are returned, not raised."""
        import urllib.error
        import urllib.parse
        import urllib.request

        body = None
        headers = {"Referer": self.base_url + "/", "Origin": self.base_url}
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **data}
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return response.status, response.read().decode(errors="replace"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs):
        if not self.cookie("csrftoken"):
            self.get("/accounts/login/")
        return self.request("POST", path, data, **kwargs)

    def use_session(self, session_key: str, name: str = "sessionid") -> None:
        """Act as an already signed-in browser holding this session cookie."""
        import http.cookiejar

        host = self.base_url.split("//", 1)[-1].split(":", 1)[0]
        self.cookies.set_cookie(
            http.cookiejar.Cookie(
                0,
                name,
                session_key,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                True,
                None,
                None,
                {},
            )
        )

    def log_in(self, email: str, password: str) -> None:
        self.get("/accounts/login/")
        status, body, headers = self.post("/accounts/login/", {"login": email, "password": password})
        if status != 302:
            raise AssertionError(f"login failed for {email}: {status}")
