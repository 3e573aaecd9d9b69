"""Out-of-range input gets a form error or a 404, never a 500 or a hang."""

import pytest
from asgiref.testing import ApplicationCommunicator
from django.urls import reverse

from hub.asgi import http_app
from tests.realtime.helpers import session_cookie_for, through_stack
from tests.support import http_scope

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "query", ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=0001-01-01&date_to=9999-12-31"]
)
@pytest.mark.parametrize("route", ["reports:list", "reports:export"])
def test_far_off_report_filter_dates_are_a_form_error(route, query, coordinator, client_for):
    response = client_for(coordinator).get(f"{reverse(route)}?{query}")
    assert response.status_code == 200
    if route == "reports:list":
        assert "field-errors" in response.content.decode()
    else:
        b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", ["situation:week", "situation:week_csv", "situation:round_week"])
@pytest.mark.parametrize("year", [1, 9999])
def test_weeks_outside_the_years_a_lagesbild_covers_are_not_found(name, year, coordinator, client_for):
    assert client_for(coordinator).get(reverse(name, args=(year, 1))).status_code == 404


async def http_get(path: str) -> tuple[int, bytes]:
    scope = http_scope(path)
    app = ApplicationCommunicator(http_app, scope)
    await app.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await app.receive_output(10)
    body = b""
    while True:
        message = await app.receive_output(10)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    return start["status"], body


async def test_a_static_path_that_climbs_out_of_the_static_folders_is_not_found():
    status, body = await http_get("/static/../hub/settings.py")
    assert status == 404
    assert b"SECRET_KEY" not in body


async def test_static_files_are_still_served():
    status, body = await http_get("/static/favicon.svg")
    assert status == 200 and b"<svg" in body


async def test_a_socket_path_no_route_serves_is_refused_without_an_error(member):
    from channels.db import database_sync_to_async

    cookie = await database_sync_to_async(session_cookie_for)(member)
    connected, code = await through_stack("/ws/no-such-socket/", session_key=cookie).connect()
    assert connected is False
    assert code == 1008
