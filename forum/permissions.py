"""Who may do what in the forum: plain functions, called by views, services and the consumer alike.

Moderation: a chair (the hub-wide role) moderates the categories they are listed as chair of;
coordinators moderate every category. A chair listed on a category always sees it.
"""

from __future__ import annotations

from typing import Any

from forum.models import Category, KnowledgeArticle, Post, Thread
from partners import permissions as partner_permissions


def can_view_category(user: Any, category: Category) -> bool:
    return Category.objects.visible_to(user).filter(pk=category.pk).exists()


def can_moderate(user: Any, category: Category) -> bool:
    if not partner_permissions.is_member(user):
        return False
    if partner_permissions.is_coordinator(user):
        return True
    return partner_permissions.is_chair(user) and category.chairs.filter(pk=user.pk).exists()


def can_view_thread(user: Any, thread: Thread) -> bool:
    return Thread.objects.visible_to(user).filter(pk=thread.pk).exists()


def can_start_thread(user: Any, category: Category) -> bool:
    return partner_permissions.is_member(user) and can_view_category(user, category)


def can_reply(user: Any, thread: Thread) -> bool:
    if not can_view_thread(user, thread):
        return False
    return not thread.is_locked or can_moderate(user, thread.category)


def can_edit_post(user: Any, post: Post) -> bool:
    return (
        partner_permissions.is_member(user)
        and post.author_id == user.pk
        and not post.is_hidden
        and not post.thread.is_locked
        and can_view_thread(user, post.thread)
    )


def can_edit_article(user: Any, article: KnowledgeArticle) -> bool:
    return article.author_id == user.pk and article.status == KnowledgeArticle.Status.DRAFT


def can_review_article(user: Any, article: KnowledgeArticle) -> bool:
    return can_moderate(user, article.category)
