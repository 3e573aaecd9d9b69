"""The notifications page and the email settings page."""

import pytest

from realtime.models import Delivery, NotificationPreference
from tests.realtime.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_list_shows_only_own_notifications(client_for, member, outsider):
    NotificationFactory(recipient=member, text="mine")
    NotificationFactory(recipient=outsider, text="theirs")
    body = client_for(member).get("/notifications/").content.decode()
    assert "mine" in body and "theirs" not in body


def test_list_query_count_is_constant(client_for, member, django_assert_max_num_queries):
    NotificationFactory.create_batch(60, recipient=member)
    client = client_for(member)
    with django_assert_max_num_queries(14):
        assert client.get("/notifications/").status_code == 200


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_marking_someone_elses_notification_is_404(client_for, member, outsider):
    theirs = NotificationFactory(recipient=outsider)
    assert client_for(member).post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_does_not_redirect_off_site(client_for, member):
    row = NotificationFactory(recipient=member, url="https://evil.example/")
    response = client_for(member).post(f"/notifications/{row.pk}/read/")
    assert response["Location"] == "/notifications/"


def test_mark_all_read(client_for, member):
    NotificationFactory.create_batch(3, recipient=member)
    client_for(member).post("/notifications/read-all/")
    assert member.notifications.unread().count() == 0


def test_page_renders_newest_notification_id_for_live_js(client_for, member):
    newest = NotificationFactory.create_batch(2, recipient=member)[-1]
    body = client_for(member).get("/notifications/").content.decode()
    assert f'data-last-notification="{newest.pk}"' in body


def test_preferences_page_saves_a_digest_choice(client_for, member):
    client = client_for(member)
    page = client.get("/notifications/settings/")
    assert "escalation.answered" in page.content.decode()
    response = client.post("/notifications/settings/", {"kind:escalation.answered": "digest"})
    assert response.status_code == 302
    assert (
        NotificationPreference.objects.get(user=member, kind="escalation.answered").delivery
        == Delivery.DIGEST
    )


def test_preferences_page_rejects_unknown_delivery(client_for, member):
    response = client_for(member).post(
        "/notifications/settings/", {"kind:escalation.answered": "carrier-pigeon"}
    )
    assert response.status_code == 200
    assert not NotificationPreference.objects.filter(user=member).exists()
