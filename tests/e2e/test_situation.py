"""The weekly round in a browser: a reporter answers "nothing to report" and the coordinator sees it."""

import uuid

from tests.e2e.conftest import log_in
from tests.support import manage

PASSWORD = "a-long-e2e-password-7"

CREATE = """
from partners.demo import with_check_digit
from partners.models import Membership, Organisation, User
from situation.models import ReportingDuty
organisation = Organisation.objects.create(
    name="Brf Rapportören {tag}",
    kind=Organisation.Kind.HOUSING,
    organisation_number=with_check_digit("556777123"),
)
user = User.objects.create_user(
    email="rapportor-{tag}@example.test", password="{password}", full_name="Rut Rapportör"
)
Membership.objects.create(user=user, organisation=organisation)
ReportingDuty.objects.create(organisation=organisation, user=user)
print(organisation.pk)
"""


def test_reporter_answers_nothing_to_report_and_the_coordinator_round_shows_it(new_page, hub_server):
    tag = uuid.uuid4().hex[:8]
    output = manage(hub_server.env, "shell", "-c", CREATE.format(tag=tag, password=PASSWORD))
    organisation_id = output.strip().splitlines()[-1]

    reporter = new_page()
    log_in(reporter, f"rapportor-{tag}@example.test", PASSWORD)
    panel = reporter.locator("#panel-situation-round").locator("xpath=..")
    panel.get_by_role("button", name="Inget att rapportera den här veckan").click()
    reporter.wait_for_load_state()
    assert reporter.locator(".message.success").count() == 1
    assert (
        reporter.locator("#panel-situation-round").locator("xpath=..").locator(".round-nothing").count() == 1
    )
    # The button is gone: a second answer cannot be given from the page.
    assert reporter.get_by_role("button", name="Inget att rapportera den här veckan").count() == 0

    coordinator = new_page()
    log_in(coordinator, "samordnare@demo.test")
    coordinator.goto("/situation/round/")
    row = coordinator.locator(f'tr[data-organisation="{organisation_id}"]')
    assert row.locator(".round-nothing").count() == 1
    assert "Rut Rapportör" in row.inner_text()
    assert coordinator.locator(".round-missing").count() >= 1  # the demo leaves some organisations silent
