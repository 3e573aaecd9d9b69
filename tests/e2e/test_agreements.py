"""Renewal in the browser: a coordinator drafts and opens the next version, a signatory signs it with
their password, and the renewal board shows the signature."""

import uuid

from tests.e2e.conftest import DEMO_PASSWORD, log_in
from tests.support import manage

SETUP = """
from datetime import date
from agreements.models import Agreement, AgreementVersion, Signature
from partners.models import Organisation, User
agreement = Agreement.objects.create(kind="commission", title="{title}")
version = AgreementVersion.objects.create(
    agreement=agreement, number=1, body_raw="Vi lovar att samverka.",
    valid_from=date(2019, 1, 1), valid_until=date(2026, 12, 31), status="in_force",
)
Signature.objects.create(
    version=version, organisation=Organisation.objects.get(name="Haninge Bostäder AB"),
    signed_by=User.objects.get(email="bostad@demo.test"), text_sha256=version.text_sha256(),
)
print(agreement.pk)
"""


def test_coordinator_opens_renewal_signatory_signs_and_board_shows_it(new_page, hub_server):
    title = f"Testavtal {uuid.uuid4().hex[:8]}"
    agreement_pk = manage(hub_server.env, "shell", "-c", SETUP.format(title=title)).strip().splitlines()[-1]

    coordinator = new_page()
    log_in(coordinator, "samordnare@demo.test")
    coordinator.goto(f"/agreements/{agreement_pk}/")
    coordinator.click(f"form[action='/agreements/{agreement_pk}/renew/'] button[type=submit]")
    coordinator.wait_for_url("**/versions/*/edit/")
    version_url = coordinator.url.replace("edit/", "")
    coordinator.fill(
        "textarea[name=body]", "Vi lovar att samverka.\n\nVi rapporterar i Samverkan varje vecka."
    )
    coordinator.click("form.stacked-form button[type=submit].primary")
    coordinator.wait_for_url(version_url)
    coordinator.goto(version_url + "diff/")
    assert coordinator.locator("ins.added", has_text="Vi rapporterar i Samverkan varje vecka.").count() == 1
    coordinator.goto(version_url)
    coordinator.click("form[action$='/open/'] button[type=submit]")
    coordinator.wait_for_url(version_url)
    assert coordinator.locator(".tag.status-open").count() == 1

    signer = new_page()
    log_in(signer, "bostad@demo.test")
    signer.goto(version_url)
    signer.fill("input[name=password]", DEMO_PASSWORD)
    signer.click("form[action$='/sign/'] button[type=submit]")
    signer.wait_for_url(version_url)
    assert "Berit Bostad" in signer.locator("table.signatures").inner_text()
    assert signer.locator("input[name=password]").count() == 0

    coordinator.goto(version_url + "board/")
    assert coordinator.locator("#count-signed").inner_text() == "1"
    assert coordinator.locator("#count-pending").inner_text() == "0"
    row = coordinator.locator("tr.board-signed")
    assert "Haninge Bostäder AB" in row.inner_text() and "Berit Bostad" in row.inner_text()
