"""A forum meeting in the browser, from invitation to approved minutes and an action reported done:
the chair plans it, a partner answers, the chair builds the agenda from the hub and writes the
minutes with a decision and an action, the chair and the adjuster approve with their passwords, and
the owner organisation reports the action done."""

import uuid
from datetime import timedelta

from django.utils import timezone

from tests.e2e.conftest import DEMO_PASSWORD, log_in

HOUSING = "Haninge Bostäder AB"
POLICE = "Polisen, lokalpolisområde Haninge/Nynäshamn"


def test_meeting_from_invitation_to_approved_minutes_and_an_action_done(new_page):
    title = f"Forum {uuid.uuid4().hex[:6]}"
    item_title = f"Valborg i Handen {uuid.uuid4().hex[:4]}"
    action_text = f"Ordna extra belysning vid Rudsjöparken {uuid.uuid4().hex[:4]}"
    start = timezone.localtime() + timedelta(days=3)

    chair = new_page()
    log_in(chair, "ordforande@demo.test")
    chair.goto("/meetings/plan/")
    chair.fill("input[name=title]", title)
    chair.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    chair.fill("input[name=ends_at]", (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    chair.fill("input[name=place]", "Kommunhuset")
    chair.get_by_label(HOUSING, exact=True).check()
    chair.get_by_label(POLICE, exact=True).check()
    chair.click("form.stacked-form button[type=submit].primary")
    chair.wait_for_url("**/meetings/*/")
    meeting_url = chair.url

    partner = new_page()
    log_in(partner, "bostad@demo.test")
    partner.goto("/notifications/")
    assert partner.locator("body", has_text=title).count() == 1
    partner.goto(meeting_url)
    partner.click("#invitation button[value=attending]")
    partner.wait_for_url(meeting_url)
    assert partner.locator("#invitation").inner_text().count("Kommer") >= 1

    chair.goto(meeting_url)
    chair.click("form[action$='/propose/'] button[type=submit]")
    chair.wait_for_url(meeting_url)
    assert chair.locator("li.agenda-item").count() >= 1  # the demo's open actions come back
    chair.fill("form[action$='/items/'] input[name=title]", item_title)
    chair.click("form[action$='/items/'] button[type=submit]")
    chair.wait_for_url(meeting_url)
    item = chair.locator("li.agenda-item", has_text=item_title)
    item.locator("details.rename-item summary").click()
    item_title = f"{item_title} och skolavslutningen"
    item.locator("details.rename-item input[name=title]").fill(item_title)
    item.locator("details.rename-item button[type=submit]").click()
    chair.wait_for_url(f"{meeting_url}#item-*")
    item = chair.locator("li.agenda-item", has_text=item_title)
    item.locator("textarea[name=notes]").fill("Polisen och bostadsbolaget planerar Valborg.")
    item.locator("textarea[name=decision]").fill("Forumet beslutar om extra belysning.")
    item.locator("form.minutes-form button[type=submit]").click()
    chair.wait_for_url(f"{meeting_url}#item-*")
    item = chair.locator("li.agenda-item", has_text=item_title)
    item.locator("details.give-action summary").click()
    item.locator("select[name=owner]").select_option(label=HOUSING)
    item.locator("input[name=due_date]").fill((start + timedelta(days=30)).strftime("%Y-%m-%d"))
    item.locator("details.give-action textarea[name=description]").fill(action_text)
    item.locator("details.give-action button[type=submit]").click()
    chair.wait_for_url(f"{meeting_url}#item-*")
    assert chair.locator("li.agenda-item", has_text=action_text).count() == 1
    chair.locator("select[name=adjuster]").select_option(label="Per Polis")
    chair.click("form[action$='/adjuster/'] button[type=submit]")
    chair.wait_for_url(meeting_url)
    chair.fill("#approval input[name=password]", DEMO_PASSWORD)
    chair.click("#approval button[type=submit]")
    chair.wait_for_url(meeting_url)
    assert chair.locator("#approval li", has_text="Ordförande").count() == 1
    assert chair.locator("textarea[name=notes]").count() == 0  # locked after the first approval

    adjuster = new_page()
    log_in(adjuster, "polis@demo.test")
    adjuster.goto(meeting_url)
    adjuster.fill("#approval input[name=password]", DEMO_PASSWORD)
    adjuster.click("#approval button[type=submit]")
    adjuster.wait_for_url(meeting_url)
    assert adjuster.locator("#meeting-state").inner_text() == "Protokoll justerat"
    assert adjuster.locator("#approval li").count() == 2

    partner.goto("/meetings/actions/")
    action = partner.locator("li[id^=action-]", has_text=action_text)
    action.locator("textarea[name=comment]").fill("Belysningen är beställd.")
    action.locator("button[type=submit]").click()
    partner.wait_for_url("**/meetings/actions/")
    assert partner.locator("li[id^=action-]", has_text=action_text).count() == 0
    partner.goto("/meetings/actions/?done=1")
    assert partner.locator("li[id^=action-]", has_text="Belysningen är beställd.").count() == 1
