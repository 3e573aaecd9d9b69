"""notify(), preferences, immediate emails and the daily digest."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from realtime.models import Delivery, Notification, NotificationPreference
from realtime.services import notify, send_digests, set_preferences
from tests.realtime.factories import NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def test_notify_writes_one_row_per_distinct_active_recipient_in_one_insert(
    member, signatory, deactivated, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4) as captured:  # savepoint, insert, preference lookup, release
        rows = notify([member, member, signatory, deactivated, None], "test.kind", "Hej", "/x/")
    inserts = [query["sql"] for query in captured.captured_queries if query["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert sorted(row.recipient_id for row in rows) == sorted([member.pk, signatory.pk])
    assert list(Notification.objects.filter(recipient=member).values_list("pk", flat=True)) == [
        row.id for row in rows if row.recipient_id == member.pk
    ]


def test_notify_writes_for_a_queryset_of_recipients_in_one_insert_select(
    member, signatory, deactivated, django_assert_max_num_queries
):
    from partners.models import User

    people = User.objects.filter(pk__in=[member.pk, signatory.pk, deactivated.pk])
    with django_assert_max_num_queries(4) as captured:  # savepoint, insert, preferences, release
        rows = notify(people, "test.kind", "Hej", actor=signatory)
    assert [row.recipient_id for row in rows] == [member.pk]
    (insert,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert "SELECT" in insert
    assert Notification.objects.get(pk=rows[0].id).recipient_id == member.pk


def test_the_pushed_text_is_the_stored_notification_as_json(member, django_capture_on_commit_callbacks):
    import json

    from realtime import services

    pushed = []
    original = services.push
    services.push = pushed.extend
    try:
        with django_capture_on_commit_callbacks(execute=True):
            (row,) = notify([member], "test.kind", 'Svar på "id": 0 och \u00e5', "/x/?a=1")
    finally:
        services.push = original
    ((group, event),) = pushed
    stored = Notification.objects.get(pk=row.id)
    assert group == f"user.{member.pk}"
    assert event == {"type": "notification.push", "id": row.id, "json": json.dumps(stored.as_message())}


def test_notify_to_more_recipients_than_one_batch_keeps_ids_matched(organisation):
    from tests.partners.factories import make_member

    people = [make_member(organisation) for _ in range(3)]
    from realtime import services

    original = services.connection.features.max_query_params
    services.connection.features.max_query_params = 12  # two rows per INSERT
    try:
        rows = notify(people, "test.kind", "Hej")
    finally:
        services.connection.features.max_query_params = original
    for row in rows:
        assert Notification.objects.get(pk=row.id).recipient_id == row.recipient_id


def test_notify_skips_the_actor(member, signatory):
    rows = notify([member, signatory], "test.kind", "Hej", actor=member)
    assert [row.recipient_id for row in rows] == [signatory.pk]


def test_immediate_preference_emails_after_commit_and_marks_it(member, django_capture_on_commit_callbacks):
    set_preferences(user=member, deliveries={"test.kind": Delivery.IMMEDIATE})
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = notify([member], "test.kind", "Something happened", "/x/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "Something happened" in mail.outbox[0].body
    assert Notification.objects.get(pk=row.id).emailed_at is not None


def test_in_app_preference_sends_no_email(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([member], "test.kind", "Quiet")
    assert mail.outbox == []


def test_choosing_in_app_removes_the_preference_row(member):
    set_preferences(user=member, deliveries={"test.kind": Delivery.DIGEST})
    set_preferences(user=member, deliveries={"test.kind": Delivery.IN_APP})
    assert not NotificationPreference.objects.filter(user=member).exists()


def test_digest_sends_one_email_with_unread_notifications_once(member, signatory):
    set_preferences(user=member, deliveries={"test.kind": Delivery.DIGEST})
    NotificationFactory(recipient=member, text="first")
    NotificationFactory(recipient=member, text="second")
    NotificationFactory(recipient=member, kind="other.kind", text="not chosen")
    NotificationFactory(recipient=signatory, text="someone else's")
    assert send_digests() == 1
    assert len(mail.outbox) == 1
    assert "first" in mail.outbox[0].body and "second" in mail.outbox[0].body
    assert "not chosen" not in mail.outbox[0].body
    call_command("send_notification_digest", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert (
        Notification.objects.filter(recipient=member, kind="test.kind", emailed_at__isnull=False).count() == 2
    )
