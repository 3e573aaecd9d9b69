"""Sign-ins wait in a lane of their own: a burst of them never takes the slots of page requests."""

import asyncio
import threading

from hub.concurrency import ConcurrencyLimit


def _scope(method, path):
    return {"type": "http", "method": method, "path": path}


def test_page_requests_pass_while_every_login_slot_is_taken():
    release = asyncio.Event()
    served = []

    async def app(scope, receive, send):
        if scope["path"] == "/accounts/login/":
            await release.wait()
        served.append(scope["path"])

    async def run():
        limit = ConcurrencyLimit(app, limit=2, login_path="/accounts/login/", login_limit=1)
        logins = [
            asyncio.create_task(limit(_scope("POST", "/accounts/login/"), None, None)) for _ in range(5)
        ]
        await asyncio.sleep(0)
        await asyncio.wait_for(limit(_scope("GET", "/"), None, None), timeout=1)
        await asyncio.wait_for(limit(_scope("GET", "/reports/"), None, None), timeout=1)
        assert served == ["/", "/reports/"]
        release.set()
        await asyncio.gather(*logins)
        assert served.count("/accounts/login/") == 5

    asyncio.run(run())


def test_the_login_page_itself_is_an_ordinary_request():
    async def app(scope, receive, send):
        pass

    limit = ConcurrencyLimit(app, limit=1, login_path="/accounts/login/", login_limit=1)
    pages = limit._lane(_scope("GET", "/accounts/login/"))
    assert pages is limit._lane(_scope("GET", "/")) and pages is not limit._lane(
        _scope("POST", "/accounts/login/")
    )


def test_a_requests_sync_work_runs_on_one_of_the_lanes_long_lived_threads():
    from asgiref.sync import ThreadSensitiveContext, sync_to_async

    threads = []

    async def app(scope, receive, send):
        async with ThreadSensitiveContext():  # as Django's ASGIHandler does for every request
            threads.append(await sync_to_async(threading.current_thread)())
            threads.append(await sync_to_async(threading.current_thread)())

    async def run():
        limit = ConcurrencyLimit(app, limit=2, login_path="/accounts/login/", login_limit=1)
        await asyncio.gather(*(limit(_scope("GET", f"/{n}/"), None, None) for n in range(6)))
        await limit(_scope("POST", "/accounts/login/"), None, None)

    asyncio.run(run())
    pages, login = threads[:12], threads[12:]
    assert len(set(pages)) == 2 and all(thread.name.startswith("http-") for thread in pages)
    assert len(set(login)) == 1 and login[0].name.startswith("login-")
