"""Django admin for the forum: coordinators set up categories (visibility, chairs) here, each save
audited. Posts, threads and articles change only through the services, so they are read-only; the
moderation log cannot be edited at all."""

from django.contrib import admin

from forum.models import Category, CategoryKind, KnowledgeArticle, ModerationAction, Post, Thread
from partners.admin_base import AuditedSetupAdmin, ReadOnlyAdmin


class CategoryKindInline(admin.TabularInline):
    model = CategoryKind
    extra = 0


@admin.register(Category)
class CategoryAdmin(AuditedSetupAdmin):
    list_display = ["name", "visibility", "position"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["allowed_organisations", "chairs"]
    inlines = [CategoryKindInline]


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ["title", "category", "author", "last_post_at", "is_pinned", "is_locked", "is_hidden"]
    list_filter = ["category"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["pk", "thread", "author", "created_at", "is_hidden"]
    list_select_related = ["thread", "author"]


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(ReadOnlyAdmin):
    list_display = ["title", "category", "evidence_level", "status"]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "category", "reason"]
