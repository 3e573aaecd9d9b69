"""WCAG 2.5.3 (label in name): a control's accessible name contains the text it shows."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


class LabelledControls(HTMLParser):
    """Collects (aria-label, visible text) of every button and link that has an aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"button", "a"}:
            self._open.append([dict(attrs).get("aria-label"), ""])

    def handle_data(self, data):
        for control in self._open:
            control[1] += data

    def handle_endtag(self, tag):
        if tag in {"button", "a"} and self._open:
            label, text = self._open.pop()
            if label is not None:
                self.found.append((label, " ".join(text.split())))


def labelled_controls(html):
    parser = LabelledControls()
    parser.feed(html)
    return parser.found


def test_the_role_pages_buttons_say_in_their_name_what_they_show(coordinator, member, client_for):
    html = client_for(coordinator).get(reverse("partners:roles")).content.decode()
    assert "visually-hidden" in html
    for label, text in labelled_controls(html):
        assert text.lower() in label.lower(), (label, text)


def test_every_labelled_control_on_the_dashboard_contains_its_visible_text(coordinator, client_for):
    for label, text in labelled_controls(client_for(coordinator).get(reverse("dashboard")).content.decode()):
        assert text.lower() in label.lower(), (label, text)


def test_the_favicon_is_answered_with_the_hubs_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert "<svg" in Path(finders.find("favicon.svg")).read_text()


def test_every_page_names_its_icon(client):
    assert 'rel="icon"' in client.get(reverse("account_login")).content.decode()
