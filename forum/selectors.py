"""Read paths of the forum: everything starts from visible_to(user); fetch-or-deny helpers give the
same 404 for "missing" and "not yours"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from forum.models import (
    Category,
    Flag,
    KnowledgeArticle,
    ModerationAction,
    Post,
    Subscription,
    Thread,
    ThreadRead,
)
from partners.models import User


def _get(queryset: QuerySet, pk: Any) -> Any:
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404


def categories_for(user: User) -> QuerySet[Category]:
    """The category list: each with its visible thread count and latest activity, in one query."""
    return Category.objects.visible_to(user).annotate(
        thread_count=Count("threads", filter=Q(threads__is_hidden=False), distinct=True),
        last_activity=Max("threads__last_post_at", filter=Q(threads__is_hidden=False)),
    )


def get_category_for(user: User, slug: str) -> Category:
    try:
        return Category.objects.visible_to(user).get(slug=slug)
    except Category.DoesNotExist:
        raise Http404


def threads_in(user: User, category: Category) -> QuerySet[Thread]:
    """Threads of a category, pinned first, with the user's read marker for unread flags."""
    read = ThreadRead.objects.filter(user_id=user.pk, thread=OuterRef("pk")).values("last_read_post_id")[:1]
    return (
        Thread.objects.visible_to(user)
        .filter(category=category)
        .select_related("author", "author_organisation")
        .annotate(last_read_post_id=Subquery(read, output_field=IntegerField()))
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )


def latest_threads_for(user: User, limit: int = 5) -> list[Thread]:
    return list(
        Thread.objects.visible_to(user)
        .filter(is_hidden=False)
        .select_related("category")
        .order_by("-last_post_at", "-pk")[:limit]
    )


def get_thread_for(user: User, pk: Any) -> Thread:
    thread = _get(Thread.objects.visible_to(user).select_related("category", "author"), pk)
    # Read through visible_to(user) just now: permissions.thread_actions need not ask again.
    thread.visible_to_user_id = user.pk
    return thread


def get_post_for(user: User, pk: Any) -> Post:
    return _get(Post.objects.visible_to(user).select_related("thread__category", "author"), pk)


def posts_of(thread: Thread) -> QuerySet[Post]:
    return (
        Post.objects.filter(thread=thread)
        .select_related("author", "organisation", "hidden_by")
        .order_by("pk")
    )


def posts_after(thread: Thread, after: int, limit: int) -> list[Post]:
    """The thread's posts written after `after`, oldest first (a reconnecting page catching up)."""
    return list(posts_of(thread).filter(pk__gt=after)[:limit])


def page_of_post(thread: Thread, post_id: int) -> int:
    position = Post.objects.filter(thread=thread, pk__lt=post_id).count()
    return position // settings.FORUM_POSTS_PER_PAGE + 1


def first_unread_post_id(user: User, thread: Thread) -> int | None:
    last_read = (
        ThreadRead.objects.filter(user_id=user.pk, thread=thread)
        .values_list("last_read_post_id", flat=True)
        .first()
        or 0
    )
    return (
        Post.objects.filter(thread=thread, pk__gt=last_read)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def last_read_post_id(user: User, thread: Thread) -> int:
    return (
        ThreadRead.objects.filter(user_id=user.pk, thread=thread)
        .values_list("last_read_post_id", flat=True)
        .first()
        or 0
    )


def subscription_mode(
    user: User, *, thread: Thread | None = None, category: Category | None = None
) -> str | None:
    target = {"thread": thread} if thread is not None else {"category": category}
    return Subscription.objects.filter(user_id=user.pk, **target).values_list("mode", flat=True).first()


def flag_queue_for(user: User) -> QuerySet[Post]:
    """Posts with unresolved flags in the categories the user moderates, oldest flag first."""
    return (
        Post.objects.filter(
            Exists(Flag.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)),
            thread__category__in=Category.objects.moderated_by(user),
        )
        .select_related("thread__category", "author", "organisation")
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .order_by("pk")
    )


def open_flags_of(posts: list[Post]) -> dict[int, list[Flag]]:
    flags: dict[int, list[Flag]] = {}
    for flag in Flag.objects.filter(post__in=posts, resolved_at__isnull=True).select_related(
        "flagged_by", "organisation"
    ):
        flags.setdefault(flag.post_id, []).append(flag)
    return flags


def moderation_log_for(user: User) -> QuerySet[ModerationAction]:
    # django-stubs does not see methods of a queryset subscripted with its model through as_manager().
    return ModerationAction.objects.visible_to(user).select_related(  # type: ignore[attr-defined]
        "actor", "category", "thread", "post", "article"
    )


def articles_for(user: User, *, category: str = "", evidence: str = "") -> QuerySet[KnowledgeArticle]:
    articles = (
        KnowledgeArticle.objects.visible_to(user)
        .filter(status=KnowledgeArticle.Status.PUBLISHED)
        .select_related("category", "author")
    )
    if category:
        articles = articles.filter(category__slug=category)
    if evidence:
        articles = articles.filter(evidence_level=evidence)
    return articles


def my_articles(user: User) -> QuerySet[KnowledgeArticle]:
    return (
        KnowledgeArticle.objects.visible_to(user)
        .filter(author_id=user.pk)
        .exclude(status=KnowledgeArticle.Status.PUBLISHED)
        .select_related("category")
    )


def articles_in_review_for(user: User) -> QuerySet[KnowledgeArticle]:
    return KnowledgeArticle.objects.filter(
        status=KnowledgeArticle.Status.IN_REVIEW, category__in=Category.objects.moderated_by(user)
    ).select_related("category", "author")


def get_article_for(user: User, pk: Any) -> KnowledgeArticle:
    return _get(
        KnowledgeArticle.objects.visible_to(user).select_related("category", "author", "discussion"), pk
    )
