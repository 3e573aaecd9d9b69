"""Browser tests: a real hub under Daphne on loopback, with demo data, driven by Debian's Chromium."""

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support import hub_env, manage, require_binary, start_daphne, stop

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "samverkan-demo"


@pytest.fixture(scope="session")
def hub_server():
    """A hub with its own SQLite file, migrated and seeded, served by Daphne."""
    workdir = Path(tempfile.mkdtemp(prefix="hub-e2e-"))
    env = hub_env(
        DATABASE_URL=f"sqlite:///{workdir / 'hub.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        # Mail as files, so a test can read what a resident was sent (tests/e2e/test_intake.py).
        EMAIL_FILE_PATH=str(workdir / "mail"),
        # Every browser test logs in from 127.0.0.1; the suite does so more than the 30 a minute one
        # address may in production (the failed-login limits stay as they are).
        HUB_LOGIN_RATE="600/m/ip",
    )
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    server = start_daphne(env)
    yield server
    stop(server.process)
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium_path():
    return require_binary("chromium", "chromium-browser")


# Module scope: Playwright's sync API keeps an asyncio loop marked running until it stops, which
# would make Django refuse ORM calls in the tests that follow.
@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, hub_server):
    """Opens a fresh browser context (its own cookies); fails the test on a page error."""
    contexts = []
    errors: list[str] = []

    def make():
        context = browser.new_context(base_url=hub_server.url, locale="sv-SE")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                errors.append(message.text)
                if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors or CSP violations in the page: {errors}"


def log_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/")
