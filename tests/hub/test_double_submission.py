import re
import threading

import pytest
from django.core.cache import cache
from django.urls import reverse

from partners.models import Area, Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def submission_id(page: str) -> str:
    return re.search(r'name="_submission" value="([0-9a-f]{32})"', page).group(1)


def test_every_post_form_carries_a_one_time_submission_id(org_admin, organisation, client_for):
    client = client_for(org_admin)
    page = client.get(reverse("partners:invite", args=[organisation.pk])).content.decode()
    again = client.get(reverse("partners:invite", args=[organisation.pk])).content.decode()
    assert submission_id(page) != submission_id(again)


def test_same_form_posted_twice_creates_one_object(org_admin, organisation, client_for):
    client = client_for(org_admin)
    url = reverse("partners:invite", args=[organisation.pk])
    token = submission_id(client.get(url).content.decode())
    data = {"email": "ny@example.test", "role": "member", "_submission": token}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Invitation.objects.filter(email="ny@example.test").count() == 1


def test_form_with_errors_can_be_corrected_and_sent(coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("partners:areas")
    token = submission_id(client.get(url).content.decode())
    assert client.post(url, {"name": "", "_submission": token}).status_code == 200
    assert client.post(url, {"name": "Handen", "is_active": "on", "_submission": token}).status_code == 302
    assert Area.objects.filter(name="Handen").count() == 1


def test_two_concurrent_clicks_create_one_object(coordinator, client_for, transactional_db):
    """Two requests at once, each in its own thread, as a double click sends them."""
    client = client_for(coordinator)
    url = reverse("partners:areas")
    token = submission_id(client.get(url).content.decode())
    statuses = []

    def post():
        statuses.append(
            client.post(url, {"name": "Jordbro", "is_active": "on", "_submission": token}).status_code
        )

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 302]
    assert Area.objects.filter(name="Jordbro").count() == 1
