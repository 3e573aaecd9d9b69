"""Faults against a real hub: a server killed mid-write, a database locked or gone for a while.
Nothing acknowledged to the user is lost, and the hub recovers by itself."""

import signal
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.support import HubClient, hub_env, manage, postgres_server, production_env, start_daphne, stop

DEMO_PASSWORD = "samverkan-demo"


@pytest.fixture
def sqlite_hub():
    workdir = Path(tempfile.mkdtemp(prefix="hub-faults-"))
    database = workdir / "hub.sqlite3"
    env = hub_env(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        HUB_RATE_FORUM_POSTS_PER_MINUTE="100000",
    )
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    server = start_daphne(env)
    yield server, database
    stop(server.process)


def area_names(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        return {row[0] for row in db.execute("SELECT name FROM partners_area")}


def first_thread_id(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT t.id FROM forum_thread t JOIN forum_category c ON c.id = t.category_id "
            "WHERE t.is_locked = 0 AND t.is_hidden = 0 AND c.slug IN "
            "(SELECT slug FROM forum_category ORDER BY id LIMIT 1) ORDER BY t.id LIMIT 1"
        ).fetchone()[0]


def post_bodies(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute("SELECT body_raw FROM forum_post")]


def test_server_killed_while_posts_are_saved_loses_nothing_acknowledged(sqlite_hub):
    server, database = sqlite_hub
    thread = first_thread_id(database)
    client = HubClient(server.url)
    client.log_in("samordnare@demo.test", DEMO_PASSWORD)
    acknowledged = []
    stop_writing = threading.Event()

    def write():
        number = 0
        while not stop_writing.is_set():
            number += 1
            body = f"Inlägg under avbrott nummer {number}"
            try:
                status, _body, _headers = client.post(f"/forum/t/{thread}/reply/", {"body": body}, timeout=5)
            except OSError:
                continue
            if status == 302:
                acknowledged.append(body)

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(2.0)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    time.sleep(0.3)
    stop_writing.set()
    writer.join()
    assert len(acknowledged) > 3

    restarted = start_daphne(server.env, port=server.port)
    try:
        stored = post_bodies(database)
        assert [body for body in acknowledged if body not in stored] == []
        client = HubClient(restarted.url)
        client.log_in("samordnare@demo.test", DEMO_PASSWORD)
        status, _body, _headers = client.post(f"/forum/t/{thread}/reply/", {"body": "Efter omstart"})
        assert status == 302
        assert "Efter omstart" in post_bodies(database)
    finally:
        stop(restarted.process)


def test_write_waits_out_a_briefly_locked_database(sqlite_hub):
    server, database = sqlite_hub
    client = HubClient(server.url)
    client.log_in("samordnare@demo.test", DEMO_PASSWORD)
    locker = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    locker.execute("BEGIN EXCLUSIVE")
    releaser = threading.Timer(2.0, lambda: locker.execute("COMMIT"))
    releaser.start()
    started = time.monotonic()
    status, body, _headers = client.post("/partners/areas/", {"name": "Under lås", "is_active": "on"})
    releaser.join()
    locker.close()
    assert status == 302, body[:500]
    assert time.monotonic() - started >= 1.5
    assert "Under lås" in area_names(database)
    assert "database is locked" not in server.output()


@pytest.mark.postgres
def test_postgres_outage_answers_503_and_hub_recovers_by_itself():
    with postgres_server() as database:
        env = hub_env(DATABASE_URL=database.url)
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        server = start_daphne(production_env(env))
        try:
            client = HubClient(server.url)
            client.log_in("samordnare@demo.test", DEMO_PASSWORD)
            database.stop()
            status, body, headers = client.get("/partners/")
            assert status == 503, body[:300]
            assert "Retry-After" in headers
            database.start()
            deadline = time.monotonic() + 20
            status = None
            while time.monotonic() < deadline:
                status, _body, _headers = client.get("/partners/")
                if status == 200:
                    break
                time.sleep(0.5)
            assert status == 200
        finally:
            stop(server.process)
