"""What the forum and the knowledge bank hold about a person, registered with partners.privacy."""

from forum.models import (
    Category,
    Flag,
    KnowledgeArticle,
    ModerationAction,
    Post,
    PostRevision,
    Subscription,
    Thread,
    ThreadRead,
)
from partners import privacy


def register() -> None:
    privacy.register(Category, "chairs", section="chair_of", fields=["name"])
    privacy.register(
        Thread, "author", section="threads", fields=["category", "title", "created_at", "is_hidden"]
    )
    privacy.register(
        Post,
        "author",
        section="posts",
        fields=["thread_id", "created_at", "edited_at", "body_raw", "is_hidden", "hidden_reason"],
    )
    privacy.register(Post, "hidden_by", section="posts_hidden", fields=["thread_id", "created_at"])
    privacy.register(PostRevision, "edited_by", section="post_revisions", fields=["post_id", "body_raw"])
    privacy.register(
        Flag, "flagged_by", section="flags", fields=["post_id", "reason", "created_at", "resolved_at"]
    )
    privacy.register(Flag, "resolved_by", section="flags_resolved", fields=["post_id", "resolved_at"])
    privacy.register(
        ModerationAction,
        "actor",
        section="moderation",
        fields=["action", "thread_id", "post_id", "reason", "created_at"],
    )
    privacy.register(
        Subscription, "user", section="subscriptions", fields=["thread_id", "category_id", "mode"]
    )
    privacy.register(ThreadRead, "user", section="threads_read", fields=["thread_id", "last_read_post_id"])
    privacy.register(
        KnowledgeArticle,
        "author",
        section="articles",
        fields=["title", "status", "summary", "body_raw", "evidence_level", "review_comment", "published_at"],
    )
    privacy.register(KnowledgeArticle, "reviewer", section="articles_reviewed", fields=["title", "status"])
