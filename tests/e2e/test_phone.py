"""At phone width (390 × 844) no page is wider than the screen, the menu folds, and the report
filters fold behind one control."""

import pytest

from tests.e2e.conftest import log_in

PAGES = [
    "/",
    "/reports/",
    "/reports/queue/",
    "/reports/new/",
    "/reports/overdue/",
    "/reports/rules/",
    "/forum/",
    "/forum/knowledge/",
    "/situation/",
    "/agreements/",
    "/escalations/",
    "/notifications/",
    "/partners/",
]


@pytest.fixture
def phone(new_page):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "samordnare@demo.test")
    return page


def test_no_main_page_is_wider_than_a_phone(phone):
    too_wide = {}
    for path in PAGES:
        phone.goto(path)
        width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            too_wide[path] = width
    assert not too_wide, f"pages wider than the screen (scrollWidth, innerWidth): {too_wide}"


def test_the_menu_folds_on_a_phone(phone):
    phone.goto("/")
    header = phone.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().height")
    assert header <= 80, f"the header takes {header} px"


def test_the_report_filters_fold_behind_one_control_on_a_phone(phone):
    phone.goto("/reports/")
    first_result = phone.evaluate("() => document.querySelector('.report-table').getBoundingClientRect().top")
    assert first_result < 844, f"the first result starts at {first_result} px, below the screen"
