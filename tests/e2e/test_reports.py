"""A member files a report, the housing company it reaches resolves it, the reporter sees the feedback."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import log_in


def test_report_routed_to_housing_company_is_resolved_and_reporter_sees_feedback(new_page):
    place = f"Poststigen 4, port {uuid.uuid4().hex[:6]}"
    when = (datetime.now(ZoneInfo("Europe/Stockholm")) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    reporter = new_page()
    log_in(reporter, "forening@demo.test")
    reporter.goto("/reports/new/")
    reporter.select_option("select[name=area]", label="Handen")
    reporter.select_option("select[name=category]", value="vandalism")
    reporter.fill("input[name=place_text]", place)
    reporter.fill("input[name=occurred_at]", when)
    reporter.fill("textarea[name=description]", "Krossad glasruta i entrédörren.")
    reporter.click("form.stacked-form button[type=submit].primary")
    reporter.wait_for_url("**/reports/*/")
    assert "Haninge Bostäder AB" in reporter.locator(".messages").inner_text()
    report_url = reporter.url

    handler = new_page()
    log_in(handler, "bostad@demo.test")
    handler.goto("/reports/queue/")
    path = report_url.split("//", 1)[1].split("/", 1)[1]
    handler.click(f"table a[href='/{path}']")
    handler.wait_for_url(report_url)
    assert "Haninge Bostäder AB" in handler.locator(".facts").inner_text()
    handler.fill("#step-note", "Glasrutan är utbytt. Tack för felanmälan!")
    handler.click("button[formaction$='/resolved/']")
    handler.wait_for_url(report_url)
    assert handler.locator(".event-resolved").count() == 1

    reporter.goto(report_url)
    assert "Glasrutan är utbytt. Tack för felanmälan!" in reporter.locator(".report-history").inner_text()
    assert reporter.locator(".tag.status-resolved").count() == 1
    reporter.goto("/")
    assert (
        "Glasrutan är utbytt" in reporter.locator("#panel-report-feedback").locator("xpath=..").inner_text()
    )
