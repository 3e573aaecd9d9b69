"""The forum's writes: rules, bad input, moderation limits, the log, notifications and the index."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum import services
from forum.models import (
    BODY_MAX_LENGTH,
    Flag,
    ModerationAction,
    Post,
    PostRevision,
    SearchDocument,
    Subscription,
    Thread,
    ThreadRead,
)
from partners.models import AuditEvent, Role
from realtime.models import Notification
from tests.forum.factories import CategoryFactory
from tests.partners.factories import OrganisationFactory, make_member

pytestmark = pytest.mark.django_db


def kinds_of_notifications(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# --- threads and replies --------------------------------------------------------------------------


def test_starting_a_thread_creates_its_first_post_rendered_and_indexed(category, member):
    thread = services.create_thread(category=category, by=member, title="Rubrik", body="**fet** text")
    post = thread.posts.get()
    assert post.body_html == "<p><strong>fet</strong> text</p>"
    assert thread.latest_post_id == post.pk and thread.post_count == 1
    assert SearchDocument.objects.filter(kind="post", object_id=post.pk).exists()
    assert SearchDocument.objects.filter(kind="thread", object_id=thread.pk).exists()
    assert AuditEvent.objects.filter(action="forum.thread.create", actor=member).exists()


def test_posting_follows_the_thread(thread, member):
    assert Subscription.objects.get(user=member, thread=thread).mode == "follow"


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_empty_post_is_refused_and_nothing_saved(thread, member, body):
    with pytest.raises(ValidationError):
        services.reply(thread=thread, by=member, body=body)
    assert thread.posts.count() == 1


def test_oversized_post_is_refused_and_nothing_saved(thread, member):
    with pytest.raises(ValidationError):
        services.reply(thread=thread, by=member, body="x" * 50_000)
    assert thread.posts.count() == 1
    assert BODY_MAX_LENGTH < 50_000


def test_oversized_title_is_refused_and_no_thread_saved(category, member):
    with pytest.raises(ValidationError):
        services.create_thread(category=category, by=member, title="t" * 201, body="text")
    assert not Thread.objects.exists()


def test_invalid_markdown_is_stored_and_rendered_without_error(thread, member):
    post = services.reply(thread=thread, by=member, body="**unclosed _mixed [link](  <b>\n| a |\n|-")
    assert post.body_html


def test_reply_to_locked_thread_is_refused(thread, member, chair):
    services.moderate_thread(thread=thread, by=chair, action="lock")
    with pytest.raises(ValidationError):
        services.reply(thread=thread, by=member, body="Hej")
    assert thread.posts.count() == 1


def test_chair_may_reply_to_locked_thread_in_own_category(thread, chair):
    services.moderate_thread(thread=thread, by=chair, action="lock")
    services.reply(thread=thread, by=chair, body="Låst, men ordföranden svarar.")
    assert thread.posts.count() == 2


def test_member_cannot_post_in_category_they_cannot_see(restricted_category, member):
    with pytest.raises(PermissionDenied):
        services.create_thread(category=restricted_category, by=member, title="x", body="y")


def test_editing_keeps_the_old_text_as_a_revision(post, member):
    services.edit_post(post=post, by=member, body="Ny text")
    post.refresh_from_db()
    assert post.body_raw == "Ny text" and post.edited_at is not None
    assert PostRevision.objects.get(post=post).body_raw == "Nytt klotter vid stationen."
    assert SearchDocument.objects.get(kind="post", object_id=post.pk).body == "Ny text"


def test_member_cannot_edit_someone_elses_post(post, outsider):
    with pytest.raises(PermissionDenied):
        services.edit_post(post=post, by=outsider, body="Kapad")


# --- notifications --------------------------------------------------------------------------------


def test_reply_notifies_thread_followers_but_not_the_author(thread, member, outsider):
    services.reply(thread=thread, by=outsider, body="Svar")
    assert kinds_of_notifications(member) == ["forum.reply"]
    assert kinds_of_notifications(outsider) == []


def test_muted_thread_sends_no_reply_notification(thread, member, outsider):
    services.set_subscription(user=member, thread=thread, mode="mute")
    services.reply(thread=thread, by=outsider, body="Svar")
    assert kinds_of_notifications(member) == []


def test_category_follower_is_told_of_new_threads(category, member, outsider):
    services.set_subscription(user=outsider, category=category, mode="follow")
    services.create_thread(category=category, by=member, title="Ny", body="Text")
    assert kinds_of_notifications(outsider) == ["forum.reply"]


def test_mention_by_email_local_part_notifies_the_person(thread, outsider, member):
    services.reply(thread=thread, by=outsider, body="Vad tycker @member om detta?")
    assert "forum.mention" in kinds_of_notifications(member)


def test_mention_of_someone_who_cannot_see_the_category_sends_nothing(
    restricted_category, police_member, member
):
    thread = services.create_thread(
        category=restricted_category, by=police_member, title="Läge", body="Hej @member"
    )
    assert thread and kinds_of_notifications(member) == []


def test_follower_who_lost_access_is_not_notified(category, thread, member, outsider):
    services.set_subscription(user=outsider, thread=thread, mode="follow")
    category.visibility = "organisations"
    category.save()
    category.allowed_organisations.add(member.organisation)
    services.reply(thread=thread, by=member, body="Bara för oss nu")
    assert kinds_of_notifications(outsider) == []


def test_category_follower_who_muted_the_thread_hears_nothing_of_its_replies(category, thread, outsider):
    services.set_subscription(user=outsider, category=category, mode="follow")
    services.set_subscription(user=outsider, thread=thread, mode="mute")
    services.reply(thread=thread, by=thread.author, body="Svar")
    assert kinds_of_notifications(outsider) == []


def test_a_mentioned_follower_is_told_once_of_the_mention(thread, member, outsider):
    services.reply(thread=thread, by=outsider, body="@member titta här")
    assert kinds_of_notifications(member) == ["forum.mention"]


def test_a_reply_costs_the_same_queries_for_many_followers_as_for_one(category, thread, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_a_reply():
        with CaptureQueriesContext(connection) as queries:
            services.reply(thread=thread, by=member, body="Svar")
        # The recipients are inserted from a query: no follower is loaded into Python.
        assert not [query for query in queries if '"partners_user"."password"' in query["sql"]]
        return len(queries)

    followers = [make_member() for _ in range(16)]
    services.set_subscription(user=followers[0], thread=thread, mode="follow")
    queries_of_a_reply()  # who may read which category, read once
    few = queries_of_a_reply()
    for follower in followers[1:]:
        services.set_subscription(user=follower, thread=thread, mode="follow")
    assert queries_of_a_reply() == few
    told = Notification.objects.filter(kind="forum.reply", recipient__in=followers)
    assert told.count() == 2 + 16


def test_ambiguous_mention_notifies_nobody(thread, outsider):
    make_member(email="anna@one.test", full_name="Anna Ett")
    make_member(email="anna@two.test", full_name="Anna Två")
    services.reply(thread=thread, by=outsider, body="@anna")
    assert not Notification.objects.filter(kind="forum.mention").exists()


# --- moderation -----------------------------------------------------------------------------------


def test_chair_hides_post_with_reason_author_is_told_and_it_leaves_search(post, chair, member):
    services.hide_post(post=post, by=chair, reason="Personuppgifter")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Personuppgifter" and post.hidden_by == chair
    notification = Notification.objects.get(recipient=member, kind="forum.post_hidden")
    assert "Personuppgifter" in notification.text
    assert not SearchDocument.objects.filter(kind="post", object_id=post.pk).exists()
    assert ModerationAction.objects.get(action="hide_post").reason == "Personuppgifter"


def test_hiding_needs_a_reason(post, chair):
    with pytest.raises(ValidationError):
        services.hide_post(post=post, by=chair, reason="  ")
    post.refresh_from_db()
    assert not post.is_hidden


def test_member_cannot_hide_post(post, outsider):
    with pytest.raises(PermissionDenied):
        services.hide_post(post=post, by=outsider, reason="nej")
    assert not ModerationAction.objects.exists()


def test_chair_cannot_hide_post_in_other_category(other_category, member, chair):
    thread = services.create_thread(category=other_category, by=member, title="Annat", body="Text")
    with pytest.raises(PermissionDenied):
        services.hide_post(post=thread.posts.get(), by=chair, reason="nej")


def test_coordinator_may_moderate_every_category(other_category, member, coordinator):
    thread = services.create_thread(category=other_category, by=member, title="Annat", body="Text")
    services.hide_post(post=thread.posts.get(), by=coordinator, reason="Fel forum")
    assert Post.objects.get(thread=thread).is_hidden


def test_chair_listed_on_category_without_the_chair_role_cannot_moderate(category, member, post):
    former = make_member(email="former@example.test")
    category.chairs.add(former)
    with pytest.raises(PermissionDenied):
        services.hide_post(post=post, by=former, reason="nej")


def test_restoring_a_post_puts_it_back_in_search(post, chair):
    services.hide_post(post=post, by=chair, reason="Fel")
    services.restore_post(post=post, by=chair)
    post.refresh_from_db()
    assert not post.is_hidden and post.hidden_reason == ""
    assert SearchDocument.objects.filter(kind="post", object_id=post.pk).exists()


def test_pin_lock_and_hide_thread_are_logged(thread, chair):
    for action in ("pin", "lock"):
        services.moderate_thread(thread=thread, by=chair, action=action)
    services.moderate_thread(thread=thread, by=chair, action="hide", reason="Dubblett")
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked and thread.is_hidden
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == [
        "pin",
        "lock",
        "hide_thread",
    ]
    assert not SearchDocument.objects.filter(thread_id_ref=thread.pk).exists()


def test_member_cannot_pin(thread, member):
    with pytest.raises(PermissionDenied):
        services.moderate_thread(thread=thread, by=member, action="pin")


def test_unknown_moderation_action_is_refused(thread, chair):
    with pytest.raises(ValidationError):
        services.moderate_thread(thread=thread, by=chair, action="explode")


def test_moving_needs_moderation_rights_in_both_categories(thread, chair, other_category):
    with pytest.raises(PermissionDenied):
        services.move_thread(thread=thread, by=chair, to=other_category)


def test_move_updates_category_and_search_documents(thread, chair):
    target = CategoryFactory(chairs=[chair])
    services.move_thread(thread=thread, by=chair, to=target, reason="Passar bättre")
    thread.refresh_from_db()
    assert thread.category == target
    assert set(
        SearchDocument.objects.filter(thread_id_ref=thread.pk).values_list("category_id", flat=True)
    ) == {target.pk}


def test_moderation_log_is_append_only(thread, chair):
    services.moderate_thread(thread=thread, by=chair, action="pin")
    action = ModerationAction.objects.get()
    with pytest.raises(ValidationError):
        action.save()
    with pytest.raises(ValidationError):
        ModerationAction.objects.all().delete()
    with pytest.raises(ValidationError):
        ModerationAction.objects.update(reason="x")


# --- flags ----------------------------------------------------------------------------------------


def test_member_flags_a_post_once(post, outsider):
    services.flag_post(post=post, by=outsider, reason="Kränkande")
    with pytest.raises(ValidationError):
        services.flag_post(post=post, by=outsider, reason="Igen")
    assert Flag.objects.count() == 1


def test_flag_without_reason_is_refused(post, outsider):
    with pytest.raises(ValidationError):
        services.flag_post(post=post, by=outsider, reason="")


def _flagger(kind_index):
    return make_member(OrganisationFactory(), email=f"flagger{kind_index}@example.test")


def test_flags_from_three_organisations_hide_the_post_at_once(post, chair):
    for index in range(3):
        services.flag_post(post=post, by=_flagger(index), reason="Olämpligt")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_by is None
    assert ModerationAction.objects.filter(action="auto_hide_post", actor=None).exists()
    assert Notification.objects.filter(recipient=chair, kind="forum.flag_queue").exists()


def test_flags_from_one_organisation_do_not_hide(post, other_organisation):
    for index in range(3):
        services.flag_post(
            post=post, by=make_member(other_organisation, email=f"o{index}@example.test"), reason="x"
        )
    post.refresh_from_db()
    assert not post.is_hidden


def test_auto_hide_threshold_is_a_setting(post, settings):
    settings.FORUM_FLAG_HIDE_ORGANISATIONS = 1
    services.flag_post(post=post, by=_flagger(0), reason="x")
    post.refresh_from_db()
    assert post.is_hidden


def test_dismissing_flags_of_auto_hidden_post_restores_it(post, chair):
    for index in range(3):
        services.flag_post(post=post, by=_flagger(index), reason="x")
    services.dismiss_flags(post=post, by=chair)
    post.refresh_from_db()
    assert not post.is_hidden
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


# --- subscriptions and read markers ---------------------------------------------------------------


def test_read_marker_only_moves_forward(thread, outsider):
    services.mark_read(user=outsider, thread=thread, post_id=10)
    services.mark_read(user=outsider, thread=thread, post_id=5)
    assert ThreadRead.objects.get(user=outsider, thread=thread).last_read_post_id == 10


def test_cannot_follow_a_thread_one_cannot_see(restricted_category, police_member, member):
    thread = services.create_thread(category=restricted_category, by=police_member, title="x", body="y")
    with pytest.raises(PermissionDenied):
        services.set_subscription(user=member, thread=thread, mode="follow")


def test_chair_role_group_matters_for_moderated_by(category, chair):
    from forum.models import Category

    assert chair.has_role(Role.CHAIR)
    assert list(Category.objects.moderated_by(chair)) == [category]


# --- live push ------------------------------------------------------------------------------------


async def _receive(layer, channel):
    import asyncio

    try:
        return await asyncio.wait_for(layer.receive(channel), timeout=0.5)
    except TimeoutError:
        return None


def test_new_post_is_pushed_to_the_thread_group_after_commit(
    thread, member, django_capture_on_commit_callbacks
):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"thread.{thread.pk}", channel)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.reply(thread=thread, by=member, body="Live")
    assert async_to_sync(_receive)(layer, channel) == {"type": "thread.post", "post_id": post.pk}


def test_rolled_back_post_is_never_pushed(thread, member, django_capture_on_commit_callbacks):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer
    from django.db import transaction

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"thread.{thread.pk}", channel)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.reply(thread=thread, by=member, body="Ångrad")
        raise RuntimeError
    assert callbacks == []
    assert async_to_sync(_receive)(layer, channel) is None
    assert thread.posts.count() == 1
