from tests.e2e.conftest import log_in


def test_demo_user_logs_in_and_sees_dashboard_with_organisation(new_page):
    page = new_page()
    log_in(page, "bostad@demo.test")
    heading = page.locator("h1")
    assert "Berit" in heading.inner_text()
    assert "Haninge Bostäder AB" in page.locator(".greeting").inner_text()
    assert page.locator("html").get_attribute("lang") == "sv"


def test_wrong_password_shows_message_and_stays_on_login(new_page):
    page = new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "bostad@demo.test")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit].primary")
    assert "/accounts/login/" in page.url
    assert page.locator(".errorlist, .form-errors, ul.errorlist").count() > 0
