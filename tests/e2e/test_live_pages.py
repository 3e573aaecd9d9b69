"""The pages people keep open stay current without a reload: leadership's dashboard panel, the
raising organisation's escalation page and the notifications list."""

import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def _raise(page, subject: str) -> str:
    page.goto("/escalations/new/")
    page.fill("input[name=subject]", subject)
    page.fill("textarea[name=summary]", "Upprepade inbrott i förråd vid Torget; vi behöver ett beslut.")
    page.select_option("select[name=urgency]", "normal")
    page.click("button[type=submit].primary")
    expect(page.locator("h1")).to_have_text(subject)
    return page.url


def _loaded_at(page) -> float:
    return page.evaluate("() => performance.timeOrigin")


def test_the_leaders_dashboard_panel_shows_a_new_escalation_without_reload(new_page):
    leader = new_page()
    log_in(leader, "ledning@demo.test")
    expect(leader.locator("#dashboard-panels")).to_be_visible()
    leader.wait_for_timeout(1000)
    loaded = _loaded_at(leader)

    member = new_page()
    log_in(member, "polis@demo.test")
    subject = f"Förrådsinbrott {uuid.uuid4().hex[:6]}"
    _raise(member, subject)

    expect(leader.locator("#dashboard-panels")).to_contain_text(subject, timeout=10000)
    assert _loaded_at(leader) == loaded


def test_the_raising_organisation_sees_leaderships_answer_on_its_open_page(new_page):
    member = new_page()
    log_in(member, "polis@demo.test")
    subject = f"Belysning vid Torget {uuid.uuid4().hex[:6]}"
    url = _raise(member, subject)
    member.wait_for_timeout(1000)
    loaded = _loaded_at(member)

    leader = new_page()
    log_in(leader, "ledning@demo.test")
    leader.goto(url)
    answer = f"Vi beslutar om ny belysning {uuid.uuid4().hex[:6]}."
    leader.fill("textarea[name=answer]", answer)
    leader.click("button:has-text('Skicka svar')")
    expect(leader.locator("#escalation-state")).to_contain_text(answer)

    expect(member.locator("#escalation-state")).to_contain_text(answer, timeout=10000)
    expect(member.locator("#escalation-timeline")).to_contain_text("Besvarad")
    assert _loaded_at(member) == loaded


def test_the_notifications_list_shows_a_new_notice_without_reload(new_page):
    member = new_page()
    log_in(member, "polis@demo.test")
    subject = f"Skadegörelse på lekplats {uuid.uuid4().hex[:6]}"
    url = _raise(member, subject)
    member.goto("/notifications/")
    member.wait_for_timeout(1000)
    loaded = _loaded_at(member)

    leader = new_page()
    log_in(leader, "ledning@demo.test")
    leader.goto(url)
    leader.fill("textarea[name=answer]", "Vi tar upp det på nästa möte.")
    leader.click("button:has-text('Skicka svar')")

    expect(member.locator("#notification-list li").first).to_contain_text(subject, timeout=10000)
    assert _loaded_at(member) == loaded


def test_the_acknowledge_button_leaves_a_leaders_open_page_when_another_tab_acknowledges(new_page):
    member = new_page()
    log_in(member, "polis@demo.test")
    url = _raise(member, f"Klotter på skolan {uuid.uuid4().hex[:6]}")

    watching = new_page()
    log_in(watching, "ledning@demo.test")
    watching.goto(url)
    acknowledge = watching.locator("#escalation-acknowledge button")
    expect(acknowledge).to_be_visible()
    watching.fill("textarea[name=answer]", "Halvskrivet svar")
    watching.locator("h1").click()
    watching.wait_for_timeout(1000)
    loaded = _loaded_at(watching)

    acting = new_page()
    log_in(acting, "ledning@demo.test")
    acting.goto(url)
    acting.click("#escalation-acknowledge button")
    expect(acting.locator("#escalation-acknowledge button")).to_have_count(0)

    expect(acknowledge).to_have_count(0, timeout=10000)
    expect(watching.locator("textarea[name=answer]")).to_have_value("Halvskrivet svar")
    assert _loaded_at(watching) == loaded
