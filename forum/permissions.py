"""What a user may do in the forum and the knowledge bank, one capability per aggregate.

Services enforce these; views, the thread socket and templates only read them, so a button shows
exactly when its POST would succeed. Moderation: a chair (the hub-wide role) moderates the
categories they are listed as chair of; coordinators moderate every category.
"""

from __future__ import annotations

from dataclasses import dataclass

from forum.models import Category, KnowledgeArticle, Post, Thread
from partners import permissions as partner_permissions
from partners.models import User


def can_view_category(user: User, category: Category) -> bool:
    return category.pk in Category.objects.visible_ids(user)


def can_moderate(user: User, category: Category) -> bool:
    if not partner_permissions.is_member(user):
        return False
    if partner_permissions.is_coordinator(user):
        return True
    return partner_permissions.is_chair(user) and category.chairs.filter(pk=user.pk).exists()


def can_start_thread(user: User, category: Category) -> bool:
    return partner_permissions.is_member(user) and can_view_category(user, category)


@dataclass(frozen=True)
class ThreadActions:
    can_view: bool
    can_reply: bool
    can_moderate: bool
    # The author of a thread a chair hid reads it, with the reason, and writes nothing in it.
    is_read_only: bool


NO_THREAD_ACTIONS = ThreadActions(can_view=False, can_reply=False, can_moderate=False, is_read_only=True)


def thread_actions(user: User, thread: Thread) -> ThreadActions:
    vouched = getattr(thread, "visible_to_user_id", None) == user.pk  # selectors.get_thread_for
    if not vouched and not Thread.objects.visible_to(user).filter(pk=thread.pk).exists():
        return NO_THREAD_ACTIONS
    moderator = can_moderate(user, thread.category)
    read_only = thread.is_hidden and not moderator
    return ThreadActions(
        can_view=True,
        can_reply=not read_only and (not thread.is_locked or moderator),
        can_moderate=moderator,
        is_read_only=read_only,
    )


def can_view_thread(user: User, thread: Thread) -> bool:
    return thread_actions(user, thread).can_view


@dataclass(frozen=True)
class PostActions:
    can_view: bool
    can_reply: bool  # quote it in a reply
    can_edit: bool
    can_flag: bool
    can_hide: bool  # and restore, dismiss its flags, read its edit history
    sees_hidden_body: bool
    sees_hidden_reason: bool


NO_POST_ACTIONS = PostActions(False, False, False, False, False, False, False)


def post_actions(user: User, post: Post, *, on_thread: ThreadActions | None = None) -> PostActions:
    """on_thread: the thread's actions when the caller already has them (a page of posts)."""
    on = on_thread if on_thread is not None else thread_actions(user, post.thread)
    if not on.can_view:
        return NO_POST_ACTIONS
    own = post.author_id == user.pk
    shown = not post.is_hidden
    writable = not on.is_read_only and partner_permissions.is_member(user)
    return PostActions(
        can_view=True,
        can_reply=shown and on.can_reply,
        can_edit=own and shown and writable and not post.thread.is_locked,
        # One's own post is edited, not flagged.
        can_flag=not own and shown and writable,
        can_hide=on.can_moderate,
        sees_hidden_body=on.can_moderate,
        sees_hidden_reason=on.can_moderate or own,
    )


@dataclass(frozen=True)
class ArticleActions:
    can_edit: bool  # and submit for review
    can_moderate: bool  # the category's moderators: review and archive decisions are theirs
    can_review: bool  # publish or send back, now
    can_archive: bool


def article_actions(user: User, article: KnowledgeArticle) -> ArticleActions:
    moderator = can_moderate(user, article.category)
    return ArticleActions(
        can_edit=article.author_id == user.pk
        and article.status == KnowledgeArticle.Status.DRAFT
        and partner_permissions.is_member(user),
        can_moderate=moderator,
        can_review=moderator and article.status == KnowledgeArticle.Status.IN_REVIEW,
        can_archive=moderator and article.status == KnowledgeArticle.Status.PUBLISHED,
    )
