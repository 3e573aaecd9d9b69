"""A member escalates in one browser; the leader's open dashboard in another shows it without reload."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_leader_dashboard_shows_new_acute_escalation_live(new_page):
    leader = new_page()
    log_in(leader, "ledning@demo.test")
    leader.goto("/escalations/")
    expect(leader.locator("[data-live-escalations]")).to_be_visible()
    # Let the dashboard socket connect before the member acts.
    leader.wait_for_timeout(1000)
    marker = leader.evaluate("() => performance.timeOrigin")

    member = new_page()
    log_in(member, "polis@demo.test")
    member.goto("/escalations/new/")
    subject = f"Stenkastning mot bussar {uuid.uuid4().hex[:6]}"
    member.fill("input[name=subject]", subject)
    member.fill("textarea[name=summary]", "Bussar i Jordbro har fått rutor krossade tre kvällar i rad.")
    member.select_option("select[name=urgency]", "acute")
    member.click("button[type=submit].primary")
    expect(member.locator("h1")).to_have_text(subject)

    row = leader.locator("#escalation-rows tr", has_text=subject)
    expect(row).to_be_visible(timeout=10000)
    expect(row).to_have_class(re.compile(r"urgency-acute"))
    alert = leader.locator("#escalation-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(subject)
    # Same page load: the dashboard was never reloaded.
    assert leader.evaluate("() => performance.timeOrigin") == marker
