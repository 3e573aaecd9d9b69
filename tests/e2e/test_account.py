import re

from tests.e2e.conftest import DEMO_PASSWORD, log_in


def test_two_factor_setup_shows_qr_code_under_the_csp(new_page):
    page = new_page()
    log_in(page, "ordforande@demo.test")
    page.goto("/accounts/2fa/totp/activate/")
    if "reauthenticate" in page.url:
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("#main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/2fa/totp/activate/.*"))
    assert page.locator("img, svg").count() > 0
    assert page.locator("input[name=code]").count() == 1


def test_session_warning_is_hidden_on_a_fresh_page(new_page):
    page = new_page()
    log_in(page, "forening@demo.test")
    assert page.locator("#session-warning").is_hidden()
