"""Django admin for the forum: coordinators set up categories (visibility, chairs) here. Posts,
threads and articles change only through the services, so they are read-only; the moderation log
cannot be edited at all."""

from django.contrib import admin
from django.http import HttpRequest

from forum.models import Category, CategoryKind, KnowledgeArticle, ModerationAction, Post, Thread


class CategoryKindInline(admin.TabularInline):
    model = CategoryKind
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "position"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["allowed_organisations", "chairs"]
    inlines = [CategoryKindInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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
