# ruff: noqa: E501
"""Helpers for tests against real Daphne processes: seed users and sessions, act over HTTP, listen."""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import websockets

from tests.support import manage

SEED = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from partners.demo import with_check_digit
from partners.models import Membership, Organisation, User
from escalations.models import Escalation

def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

town = Organisation.objects.create(name="Kommunen", kind="municipality", organisation_number=with_check_digit("212000014"))
housing = Organisation.objects.create(name="Bostäder AB", kind="housing", organisation_number=with_check_digit("556500108"))
leader = User.objects.create(email="leader@live.test", full_name="Lea Leader", password="!")
Membership.objects.create(user=leader, organisation=town)
leader.groups.add(Group.objects.get_or_create(name="leadership")[0])
member = User.objects.create(email="member@live.test", full_name="Mia Member", password="!")
Membership.objects.create(user=member, organisation=housing)
escalations = [Escalation.objects.create(organisation=housing, subject=f"Live {n}", summary="x", summary_html="<p>x</p>").pk for n in range(3)]
print(json.dumps({"leader": session_for(leader), "member": session_for(member), "escalations": escalations}))
"""


def seed(env: dict[str, str]) -> dict:
    output = manage(env, "shell", "-c", SEED)
    return json.loads(output.strip().splitlines()[-1])


def new_database_env(hub_env, **extra: str) -> dict[str, str]:
    workdir = Path(tempfile.mkdtemp(prefix="hub-live-"))
    return hub_env(DATABASE_URL=f"sqlite:///{workdir / 'hub.sqlite3'}", **extra)


def _request(base: str, method: str, path: str, cookie: str, body: str = "", headers: dict | None = None):
    url = urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
    response = connection.getresponse()
    data = response.read().decode(errors="replace")
    set_cookie = response.getheader("Set-Cookie") or ""
    connection.close()
    return response.status, data, set_cookie


def answer_escalation(base: str, leader_session: str, escalation_id: int, text: str = "Svar") -> int:
    """The leader answers over HTTP (the form, with its CSRF token), as a browser would."""
    cookie = f"sessionid={leader_session}"
    status, body, set_cookie = _request(base, "GET", f"/escalations/{escalation_id}/", cookie)
    assert status == 200, status
    csrf = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    status, _, _ = _request(
        base,
        "POST",
        f"/escalations/{escalation_id}/answer/",
        f"{cookie}; csrftoken={csrf}",
        f"csrfmiddlewaretoken={token}&answer={text}",
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": base, "Referer": base + "/"},
    )
    return status


async def open_socket(
    server, session_key: str | None, origin: str | None = None, path: str = "/ws/notifications/"
):
    headers = {"Origin": origin or server.url}
    if session_key:
        headers["Cookie"] = f"sessionid={session_key}"
    return await websockets.connect(server.ws_url + path, additional_headers=headers, open_timeout=10)


async def resume(socket, after: int = 0) -> list[dict]:
    await socket.send(json.dumps({"type": "resume", "after": after}))
    messages = []
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), 5))
        messages.append(message)
        if message["type"] == "unread":
            return messages


async def next_notification(socket, timeout: float = 5) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), timeout))
        if message["type"] == "notification":
            return message
