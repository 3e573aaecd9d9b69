"""The forum and the knowledge bank: categories, threads, posts, moderation, flags, knowledge articles
and the search documents both search backends index."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners import versions
from partners.models import Organisation, Role

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000


def _is_member(user: Any) -> bool:
    # partners.permissions.is_member, inlined to keep models free of the permission layer's imports.
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    membership = getattr(user, "membership", None)
    return bool(membership and membership.organisation.is_active) or user.has_role(Role.COORDINATOR)


# Who may read which category is asked by every forum page; the answer is kept per person and
# dropped whenever a category's rule changes (forum.apps connects category_rules_changed).
CATEGORY_RULES_KEY = "forum:category-rules"
VISIBLE_IDS_SECONDS = 60


def category_rules_changed(**kwargs: Any) -> None:
    """A category, its kinds, organisations or chairs changed."""
    versions.changed(CATEGORY_RULES_KEY)


class CategoryQuerySet(models.QuerySet["Category"]):
    def visible_to(self, user: Any) -> CategoryQuerySet:
        """Categories a person may read: open ones, those for their organisation's kind or for their
        organisation by name, and those they chair. Coordinators see every category."""
        if not _is_member(user):
            return self.none()
        if user.has_role(Role.COORDINATOR):
            return self.all()
        membership = getattr(user, "membership", None)
        rule = Q(visibility=Category.Visibility.ALL) | Q(
            pk__in=Category.chairs.through.objects.filter(user_id=user.pk).values("category_id")
        )
        if membership is not None:
            rule |= Q(
                visibility=Category.Visibility.KINDS,
                pk__in=CategoryKind.objects.filter(kind=membership.organisation.kind).values("category_id"),
            )
            rule |= Q(
                visibility=Category.Visibility.ORGANISATIONS,
                pk__in=Category.allowed_organisations.through.objects.filter(
                    organisation_id=membership.organisation_id
                ).values("category_id"),
            )
        return self.filter(rule)

    def visible_ids(self, user: Any) -> list[int]:
        """The ids of visible_to(user): read once, then kept until a category's rule changes (or
        VISIBLE_IDS_SECONDS, for a change made in another process without a shared cache). The key
        holds everything of the person the rule reads, from the person as loaded for this request."""
        if not _is_member(user):
            return []
        membership = getattr(user, "membership", None)
        organisation = membership.organisation if membership is not None else None
        key = ":".join(
            map(
                str,
                (
                    "forum:visible-categories",
                    *versions.current([CATEGORY_RULES_KEY]),
                    user.pk,
                    user.has_role(Role.COORDINATOR),
                    organisation.pk if organisation is not None else None,
                    organisation.kind if organisation is not None else None,
                ),
            )
        )
        ids = cache.get(key)
        if ids is None:
            ids = list(Category.objects.visible_to(user).values_list("pk", flat=True))
            cache.set(key, ids, timeout=VISIBLE_IDS_SECONDS)
        return ids

    def moderated_by(self, user: Any) -> CategoryQuerySet:
        """Where a person may moderate: coordinators everywhere, chairs in the categories they chair."""
        if not _is_member(user):
            return self.none()
        if user.has_role(Role.COORDINATOR):
            return self.all()
        if not user.has_role(Role.CHAIR):
            return self.none()
        return self.filter(chairs=user)


class Category(models.Model):
    class Visibility(models.TextChoices):
        ALL = "all", _("All partners")
        KINDS = "kinds", _("Listed organisation kinds")
        ORGANISATIONS = "organisations", _("Listed organisations")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.ALL
    )
    allowed_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="forum_categories", verbose_name=_("organisations")
    )
    chairs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="chaired_categories", verbose_name=_("chairs")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", args=[self.slug])

    def readers(self) -> Q:
        """The people who may read this category, as a filter on users: visible_to's rule seen from
        the category's side, so a notification's recipients are found in one query, not one each."""
        coordinator = Q(groups__name=Role.COORDINATOR)
        rule = coordinator | Q(chaired_categories=self)
        if self.visibility == Category.Visibility.ALL:
            rule |= Q(membership__isnull=False)
        elif self.visibility == Category.Visibility.KINDS:
            rule |= Q(membership__organisation__kind__in=self.allowed_kinds.values("kind"))
        else:
            rule |= Q(membership__organisation__in=self.allowed_organisations.values("pk"))
        member = Q(is_active=True) & (Q(membership__organisation__is_active=True) | coordinator)
        return member & rule


class CategoryKind(models.Model):
    """An organisation kind allowed to see a category whose visibility is "kinds"."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="allowed_kinds")
    kind = models.CharField(_("kind"), max_length=32, choices=Organisation.Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "kind"], name="forum_category_kind_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.kind}"


class ThreadQuerySet(models.QuerySet["Thread"]):
    def visible_to(self, user: Any) -> ThreadQuerySet:
        """Threads in visible categories; a hidden thread only for those who moderate its category
        and for its author (who reads it, with the reason, and writes nothing in it)."""
        visible = self.filter(category_id__in=Category.objects.visible_ids(user))
        shown = Q(is_hidden=False) | Q(category__in=Category.objects.moderated_by(user))
        if getattr(user, "pk", None) is not None:
            shown |= Q(author_id=user.pk)
        return visible.filter(shown)


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(db_index=True)
    # The id of the newest visible post, kept by the services; unread markers compare against it.
    latest_post_id = models.BigIntegerField(null=True, blank=True)
    post_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["category", "is_pinned", "last_post_at"], name="forum_thread_list")]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", args=[self.pk])


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, user: Any) -> PostQuerySet:
        """Posts of visible threads. Hidden posts stay listed (as a placeholder) in their thread."""
        return self.filter(thread__in=Thread.objects.visible_to(user))


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body_raw = models.TextField(_("text"), validators=[MaxLengthValidator(BODY_MAX_LENGTH)])
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"#{self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post", args=[self.pk])


class PostRevision(models.Model):
    """The text a post had before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body_raw = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision of {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Flag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "flagged_by"], name="forum_flag_once_per_user")
        ]

    def __str__(self) -> str:
        return f"flag on {self.post_id} by {self.flagged_by_id}"


class AppendOnlyQuerySet(models.QuerySet["ModerationAction"]):
    def update(self, **kwargs: object) -> int:
        raise ValidationError("The moderation log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError("The moderation log is append-only.")

    def visible_to(self, user: Any) -> AppendOnlyQuerySet:
        return self.filter(category__in=Category.objects.moderated_by(user))


class ModerationAction(models.Model):
    """Who did what to which post or thread, why and when. Append-only."""

    class Action(models.TextChoices):
        HIDE_POST = "hide_post", _("Hid a post")
        RESTORE_POST = "restore_post", _("Restored a post")
        AUTO_HIDE_POST = "auto_hide_post", _("Post hidden automatically after flags")
        DISMISS_FLAGS = "dismiss_flags", _("Dismissed flags")
        PIN = "pin", _("Pinned a thread")
        UNPIN = "unpin", _("Unpinned a thread")
        LOCK = "lock", _("Locked a thread")
        UNLOCK = "unlock", _("Unlocked a thread")
        HIDE_THREAD = "hide_thread", _("Hid a thread")
        RESTORE_THREAD = "restore_thread", _("Restored a thread")
        MOVE = "move", _("Moved a thread")
        PUBLISH_ARTICLE = "publish_article", _("Published an article")
        REQUEST_CHANGES = "request_changes", _("Asked for changes to an article")
        ARCHIVE_ARTICLE = "archive_article", _("Archived an article")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    article = models.ForeignKey(
        "KnowledgeArticle", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError("The moderation log is append-only.")


class Subscription(models.Model):
    """A person following or muting a thread or a whole category."""

    class Mode(models.TextChoices):
        FOLLOW = "follow", _("Follow")
        MUTE = "mute", _("Mute")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=8, choices=Mode.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, category__isnull=True)
                | Q(thread__isnull=True, category__isnull=False),
                name="forum_subscription_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"], condition=Q(thread__isnull=False), name="forum_sub_thread_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_sub_category_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.mode} {self.thread_id or self.category_id}"


class ThreadRead(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_read_post_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="forum_threadread_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to {self.last_read_post_id}"


class KnowledgeArticleQuerySet(models.QuerySet["KnowledgeArticle"]):
    def visible_to(self, user: Any) -> KnowledgeArticleQuerySet:
        """Published and archived articles in visible categories; drafts for their author; articles
        in review (and drafts sent back) also for those who moderate the category."""
        categories = Category.objects.visible_to(user)
        if not getattr(user, "is_authenticated", False):
            return self.none()
        public = Q(status__in=[KnowledgeArticle.Status.PUBLISHED, KnowledgeArticle.Status.ARCHIVED])
        own = Q(author_id=user.pk)
        review = Q(status=KnowledgeArticle.Status.IN_REVIEW, category__in=Category.objects.moderated_by(user))
        return self.filter(category__in=categories).filter(public | own | review)


class KnowledgeArticle(models.Model):
    class EvidenceLevel(models.TextChoices):
        EFFECT_SHOWN = "effect_shown", _("Effect shown")
        PROMISING = "promising", _("Promising")
        NOT_EVALUATED = "not_evaluated", _("Not evaluated")
        NO_EFFECT = "no_effect", _("No effect found")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("summary"), max_length=2000)
    body_raw = models.TextField(_("text"), validators=[MaxLengthValidator(BODY_MAX_LENGTH)])
    body_html = models.TextField(editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    evidence_level = models.CharField(_("evidence level"), max_length=16, choices=EvidenceLevel.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("comment from the reviewer"), blank=True)
    discussion = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = KnowledgeArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:article", args=[self.pk])


class KnowledgeSource(models.Model):
    article = models.ForeignKey(KnowledgeArticle, on_delete=models.CASCADE, related_name="sources")
    publication = models.CharField(_("publication"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.publication


class SearchDocument(models.Model):
    """One searchable thing (a thread title, a post, a published article), kept by the services.

    On SQLite an external-content FTS5 table mirrors it through triggers (migration 0002); on
    PostgreSQL the services fill search_vector, which has a GIN index.
    """

    class Kind(models.TextChoices):
        THREAD = "thread", _("Thread")
        POST = "post", _("Post")
        ARTICLE = "article", _("Knowledge article")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField()
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    thread_id_ref = models.BigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="forum_searchdoc_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
