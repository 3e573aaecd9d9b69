"""Every socket of a session closes within a second of the session ending, also when the sockets are
held by other Daphne processes than the one that ended it (two processes sharing a real Redis)."""

import asyncio
import os
import re
import shutil
import time
import uuid

import pytest
import websockets

from tests.realtime.live import _request, new_database_env, open_socket, resume, seed
from tests.support import free_port, hub_env, manage, redis_server, start_daphne, stop

# In the PostgreSQL pass the two processes share a fresh database on that server.
pytestmark = [pytest.mark.redis, pytest.mark.both_databases]


def _database_env(**extra):
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        return new_database_env(hub_env, **extra), None
    import psycopg

    name = f"hub_live_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return hub_env(DATABASE_URL=server.rsplit("/", 1)[0] + "/" + name, **extra), name


DEACTIVATE_LEADER = r"""
from django.contrib.auth.models import Group
from partners.models import Membership, Organisation, User
from partners.services import deactivate_member
town = Organisation.objects.get(name="Kommunen")
coordinator = User.objects.create(email="coordinator@live.test", full_name="Cora", password="!")
Membership.objects.create(user=coordinator, organisation=town)
coordinator.groups.add(Group.objects.get_or_create(name="coordinator")[0])
leader = User.objects.get(email="leader@live.test")
deactivate_member(by=coordinator, membership=leader.membership)
"""


def log_out(base: str, session: str) -> int:
    """The member presses "Log out" (allauth's form, with its CSRF token) on one process."""
    cookie = f"sessionid={session}"
    status, body, set_cookie = _request(base, "GET", "/accounts/logout/", cookie)
    assert status == 200, status
    csrf = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    status, _, _ = _request(
        base,
        "POST",
        "/accounts/logout/",
        f"{cookie}; csrftoken={csrf}",
        f"csrfmiddlewaretoken={token}",
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": base, "Referer": base + "/"},
    )
    return status


async def seconds_until_closed(socket, limit: float = 1.0) -> float:
    started = time.monotonic()
    try:
        while True:
            await asyncio.wait_for(socket.recv(), limit)
    except websockets.ConnectionClosed:
        return time.monotonic() - started
    except TimeoutError:
        raise AssertionError(f"the socket was still open {limit} s after the session ended") from None


async def test_logout_and_deactivation_close_sockets_held_by_other_processes_within_a_second():
    port = free_port()
    env, postgres_database = _database_env(REDIS_URL=f"redis://127.0.0.1:{port}/0", DJANGO_LOG_LEVEL="ERROR")
    manage(env, "migrate", "--no-input")
    data = seed(env)
    first = second = None
    with redis_server(port):
        try:
            first = start_daphne(env)
            second = start_daphne(env)
            member_sockets = [await open_socket(server, data["member"]) for server in (first, second)]
            for socket in member_sockets:
                await resume(socket)
            leader_sockets = [
                await open_socket(second, data["leader"]),
                await open_socket(second, data["leader"], path="/ws/escalations/"),
            ]
            await resume(leader_sockets[0])

            assert await asyncio.to_thread(log_out, first.url, data["member"]) == 302
            for socket in member_sockets:
                assert await seconds_until_closed(socket) < 1.0

            # Deactivated by a coordinator from a third process (a management shell).
            await asyncio.to_thread(manage, env, "shell", "-c", DEACTIVATE_LEADER)
            for socket in leader_sockets:
                assert await seconds_until_closed(socket) < 1.0
        except BaseException:
            for server in (first, second):
                if server is not None:
                    print(server.output())
            raise
        finally:
            for server in (first, second):
                if server is not None:
                    stop(server.process)
            if postgres_database is None:
                workdir = env["DATABASE_URL"].removeprefix("sqlite:///").rsplit("/", 1)[0]
                shutil.rmtree(workdir, ignore_errors=True)
