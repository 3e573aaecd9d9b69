"""The whole citizen path in a browser: a resident files with a pin and a photo, confirms from the
e-mail, a coordinator accepts, the housing company fixes it with public feedback, the resident gets
each e-mail and sees it on the tracking page, answers "inte åtgärdat", and it is back in the queue."""

import email
import email.policy
import re
import time
import uuid
from io import BytesIO
from pathlib import Path

from PIL import Image

from tests.e2e.conftest import log_in


def jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def mails_to(mail_dir: Path, address: str) -> list[email.message.EmailMessage]:
    """Every message the file backend wrote to this address, oldest first."""
    found = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime) if mail_dir.exists() else []:
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw.strip() + b"\n", policy=email.policy.default)
            if address in str(message.get("To", "")):
                found.append(message)
    return found


def wait_for_mail(mail_dir: Path, address: str, count: int) -> list[email.message.EmailMessage]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        messages = mails_to(mail_dir, address)
        if len(messages) >= count:
            return messages
        time.sleep(0.2)
    raise AssertionError(f"{address} got {len(mails_to(mail_dir, address))} e-mails, expected {count}")


def subject(message) -> str:
    # A long encoded subject is folded over lines; read it as one line.
    return " ".join(str(message["Subject"]).split())


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_resident_reports_follows_and_reopens_a_fixed_report(new_page, hub_server):
    mail_dir = Path(hub_server.env["EMAIL_FILE_PATH"])
    address = f"invanare-{uuid.uuid4().hex[:8]}@example.test"

    resident = new_page()
    resident.goto("/felanmalan/")
    resident.select_option("select[name=category]", value="vandalism")
    outline = resident.locator("path.area-handen")
    outline.wait_for()
    box = outline.bounding_box()
    resident.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert resident.input_value("input[name=latitude]") != ""
    resident.fill("textarea[name=description]", "Krossad glasruta i busskuren vid Handenterminalen.")
    resident.fill("input[name=email]", address)
    resident.set_input_files(
        "input[name=photos]", files=[{"name": "ruta.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    resident.click("form.intake-form button[type=submit].primary")
    resident.wait_for_url("**/felanmalan/skickad/")

    (confirmation,) = wait_for_mail(mail_dir, address, 1)
    confirm_path = re.search(r"(/felanmalan/bekrafta/[^\s]+/)", body(confirmation)).group(1)
    resident.goto(confirm_path)
    resident.click("main button[type=submit].primary")
    resident.wait_for_url("**/felanmalan/arende/**")
    tracking_url = resident.url
    assert "Vi har tagit emot din felanmälan" in resident.locator("#tracking-history").inner_text()
    received = wait_for_mail(mail_dir, address, 2)[1]
    assert subject(received) == "Vi har tagit emot din felanmälan"

    coordinator = new_page()
    log_in(coordinator, "samordnare@demo.test")
    coordinator.goto("/felanmalan/triage/")
    coordinator.locator("table tbody a").first.click()
    coordinator.wait_for_url("**/felanmalan/triage/*/")
    assert "Krossad glasruta i busskuren" in coordinator.locator("main").inner_text()
    coordinator.click("#triage-accept")
    coordinator.wait_for_url("**/reports/*/")
    report_url = coordinator.url
    accepted = wait_for_mail(mail_dir, address, 3)[2]
    assert subject(accepted) == "Din felanmälan har skickats till Haninge Bostäder AB"

    handler = new_page()
    log_in(handler, "bostad@demo.test")
    handler.goto(report_url)
    handler.fill("#step-note", "Internt: glasmästare Kalle, order 4471.")
    handler.fill("#step-public-feedback", "Glasrutan i busskuren är utbytt.")
    handler.click("button[formaction$='/resolved/']")
    handler.wait_for_url(report_url)
    fixed = wait_for_mail(mail_dir, address, 4)[3]
    assert subject(fixed) == "Haninge Bostäder AB har åtgärdat det"
    assert "Glasrutan i busskuren är utbytt." in body(fixed)
    assert "Kalle" not in body(fixed)

    resident.goto(tracking_url)
    history = resident.locator("#tracking-history").inner_text()
    assert "Din felanmälan har skickats till Haninge Bostäder AB" in history
    assert "Glasrutan i busskuren är utbytt." in history and "Kalle" not in history
    resident.fill("textarea[name=reason]", "Rutan är fortfarande trasig.")
    resident.click("main form button[type=submit].primary")
    resident.wait_for_url(tracking_url)
    assert "Du har meddelat att det inte är åtgärdat" in resident.locator("#tracking-history").inner_text()

    handler.goto("/reports/queue/")
    path = "/" + report_url.split("//", 1)[1].split("/", 1)[1]
    assert handler.locator(f"table a[href='{path}']").count() == 1


def test_on_a_phone_without_the_map_a_resident_files_by_keyboard(new_page, hub_server):
    """The map is never the only way: area and address, typed and chosen by keyboard, at 390 px."""
    mail_dir = Path(hub_server.env["EMAIL_FILE_PATH"])
    address = f"telefon-{uuid.uuid4().hex[:8]}@example.test"
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/felanmalan/", "/felanmalan/karta/", "/felanmalan/det-har-gor-vi/"):
        page.goto(path)
        scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{path} is {scroll} px wide on a {inner} px screen"
    page.goto("/felanmalan/")
    page.focus("select[name=category]")
    page.select_option("select[name=category]", value="lighting")
    page.keyboard.press("Tab")
    page.select_option("select[name=area]", label="Jordbro")
    page.fill("input[name=place_text]", "Gångtunneln vid Jordbro station")
    page.fill("textarea[name=description]", "Lampan i tunneln är trasig.")
    page.fill("input[name=email]", address)
    page.focus("input[name=email]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/felanmalan/skickad/")
    assert "bekrafta" in body(wait_for_mail(mail_dir, address, 1)[0])
