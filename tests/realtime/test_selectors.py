"""Resumes read together answer each socket as its own read would."""

from datetime import UTC, datetime

import pytest

from realtime import selectors
from tests.partners.factories import UserFactory
from tests.realtime.factories import NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def _ids(messages):
    return [message["id"] for message in messages]


def test_resumes_read_together_give_each_user_their_own_rows_after_their_id(django_assert_num_queries):
    anna, bo, cecilia = UserFactory.create_batch(3)
    rows = {user: NotificationFactory.create_batch(3, recipient=user) for user in (anna, bo, cecilia)}
    rows[bo][0].read_at = datetime.now(UTC)
    rows[bo][0].save()
    asks = [(anna.pk, 0), (bo.pk, rows[bo][1].pk), (cecilia.pk, rows[cecilia][2].pk)]
    with django_assert_num_queries(2):
        answers = selectors.replay_and_unread_many(asks)
    assert answers == [selectors.replay_and_unread(user_id, after) for user_id, after in asks]
    assert _ids(answers[0][0]) == [row.pk for row in rows[anna]] and answers[0][1] == 3
    assert _ids(answers[1][0]) == [rows[bo][2].pk] and answers[1][1] == 2
    assert answers[2] == ([], 3)


def test_a_second_tab_of_the_same_user_in_a_batch_gets_its_own_answer():
    anna = UserFactory()
    rows = NotificationFactory.create_batch(3, recipient=anna)
    answers = selectors.replay_and_unread_many([(anna.pk, 0), (anna.pk, rows[1].pk)])
    assert _ids(answers[0][0]) == [row.pk for row in rows]
    assert _ids(answers[1][0]) == [rows[2].pk]


def test_resumes_read_together_stop_at_the_replay_limit_per_user(monkeypatch):
    monkeypatch.setattr(selectors, "REPLAY_LIMIT", 2)
    anna, bo = UserFactory.create_batch(2)
    anna_rows = NotificationFactory.create_batch(3, recipient=anna)
    bo_row = NotificationFactory(recipient=bo)
    answers = selectors.replay_and_unread_many([(anna.pk, 0), (bo.pk, 0)])
    assert _ids(answers[0][0]) == [row.pk for row in anna_rows[:2]]
    assert _ids(answers[1][0]) == [bo_row.pk]


def test_the_badge_counts_no_further_than_it_shows(django_assert_num_queries):
    anna = UserFactory()
    rows = NotificationFactory.create_batch(selectors.BADGE_LIMIT + 20, recipient=anna)
    with django_assert_num_queries(1):
        assert selectors.badge(anna) == (selectors.BADGE_LIMIT + 1, rows[-1].pk)


def test_the_badge_counts_only_the_persons_own_unread_and_knows_their_newest():
    anna, bo = UserFactory.create_batch(2)
    unread = NotificationFactory.create_batch(2, recipient=anna)
    newest_read = NotificationFactory(recipient=anna, read_at=datetime(2026, 3, 1, tzinfo=UTC))
    NotificationFactory(recipient=bo)
    assert selectors.badge(anna) == (len(unread), newest_read.pk)


def test_someone_without_notifications_has_an_empty_badge():
    assert selectors.badge(UserFactory()) == (0, 0)


def test_a_page_shows_more_than_99_unread_as_99_plus(client_for, member):
    NotificationFactory.create_batch(120, recipient=member)
    page = client_for(member).get("/").content.decode()
    assert 'data-count="100">99+</span>' in page
