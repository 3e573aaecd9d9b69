"""Every write in the forum and the knowledge bank: permission check, validation, one transaction,
the audit event, the moderation log, the search index, notifications and the live push."""

from __future__ import annotations

import re
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from forum import permissions
from forum.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Category,
    Flag,
    KnowledgeArticle,
    KnowledgeSource,
    ModerationAction,
    Post,
    PostRevision,
    SearchDocument,
    Subscription,
    Thread,
    ThreadRead,
)
from forum.search import index_vector_postgres
from partners import audit
from partners import permissions as partner_permissions
from partners.markup import plain_text, render_markdown
from partners.models import User
from realtime.messages import Message
from realtime.services import notify

MAX_MENTIONS = 10
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9._+-]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)")


def thread_group(thread_id: int) -> str:
    return f"thread.{thread_id}"


# --- validation -----------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Write a title.")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": _("The title may be at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH}}
        )
    return title


def _clean_body(body: str, field: str = "body") -> str:
    body = (body or "").replace("\x00", "")
    if not body.strip():
        raise ValidationError({field: _("Write something before you post.")})
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {field: _("The text may be at most %(max)d characters.") % {"max": BODY_MAX_LENGTH}}
        )
    return body


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("The reason may be at most 500 characters.")})
    return reason


# --- search index ---------------------------------------------------------------------------------


def _index(
    kind: str, object_id: int, *, category_id: int, thread_id: int | None, title: str, body: str
) -> None:
    document, _created = SearchDocument.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={"category_id": category_id, "thread_id_ref": thread_id, "title": title, "body": body},
    )
    index_vector_postgres([document.pk])


def _unindex(kind: str, object_ids: Iterable[int]) -> None:
    # Deleted one by one so the SQLite trigger mirrors each row; the lists are small (one thread).
    for document in SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)):
        document.delete()


def _index_post(post: Post) -> None:
    # No title: the thread's own document carries it, so a title match finds the thread once
    # instead of every one of its posts. Search shows the thread's title beside each post.
    _index(
        SearchDocument.Kind.POST,
        post.pk,
        category_id=post.thread.category_id,
        thread_id=post.thread_id,
        title="",
        body=plain_text(post.body_raw),
    )


def _index_thread(thread: Thread) -> None:
    """The thread's title and every visible post; used when a thread is restored or moved."""
    _index(
        SearchDocument.Kind.THREAD,
        thread.pk,
        category_id=thread.category_id,
        thread_id=thread.pk,
        title=thread.title,
        body="",
    )
    for post in thread.posts.filter(is_hidden=False).select_related("thread"):
        _index_post(post)


def _unindex_thread(thread: Thread) -> None:
    _unindex(SearchDocument.Kind.THREAD, [thread.pk])
    _unindex(SearchDocument.Kind.POST, thread.posts.values_list("pk", flat=True))


# --- notifications --------------------------------------------------------------------------------


def _who_can_see(users: Iterable[User], category: Category) -> list[User]:
    """Never tell someone about a category they may not read (Category.readers: one query)."""
    ids = {user.pk for user in users}
    if not ids:
        return []
    readers = set(User.objects.filter(pk__in=ids).filter(category.readers()).values_list("pk", flat=True))
    return [user for user in users if user.pk in readers]


def _users(ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(pk__in=set(ids), is_active=True).select_related("membership__organisation")
    )


def mentioned_users(body: str) -> list[User]:
    """@local-part (the part of the email address before @) or @full.email@address: unambiguous only."""
    found: list[User] = []
    for handle in _MENTION.findall(body or "")[: MAX_MENTIONS * 3]:
        handle = handle.rstrip(".").lower()
        if "@" in handle:
            matches = list(User.objects.people().filter(email__iexact=handle)[:2])
        else:
            matches = list(User.objects.people().filter(email__istartswith=f"{handle}@")[:2])
        if len(matches) == 1 and matches[0] not in found:
            found.append(matches[0])
        if len(found) >= MAX_MENTIONS:
            break
    return found


def _followers(thread: Thread) -> QuerySet[User]:
    """Followers of the thread, and followers of its category without a thread-level mute: a query,
    so a reply to a thread two hundred people follow loads none of them (notify inserts from it)."""
    on_thread = Subscription.objects.filter(thread=thread, user=OuterRef("pk"))
    in_category = Subscription.objects.filter(
        category_id=thread.category_id, mode=Subscription.Mode.FOLLOW, user=OuterRef("pk")
    )
    return User.objects.filter(
        Exists(on_thread.filter(mode=Subscription.Mode.FOLLOW)) | (Exists(in_category) & ~Exists(on_thread))
    )


def _notify_new_post(post: Post, *, is_new_thread: bool) -> None:
    thread = post.thread
    author = post.author
    mentioned = _who_can_see(mentioned_users(post.body_raw), thread.category)
    notify(
        mentioned,
        kind="forum.mention",
        text=Message(
            gettext_noop("%(name)s mentioned you in “%(title)s”"), name=author.full_name, title=thread.title
        ),
        url=post.get_absolute_url(),
        actor=author,
    )
    followers = _followers(thread).exclude(pk__in=[author.pk, *(user.pk for user in mentioned)])
    text = (
        _("New thread “%(title)s” in %(category)s")
        if is_new_thread
        else _("New reply in “%(title)s” (%(category)s)")
    ) % {"title": thread.title, "category": thread.category.name}
    notify(
        followers.filter(thread.category.readers()),
        kind="forum.reply",
        text=text,
        url=post.get_absolute_url(),
        actor=author,
    )


def _push_post(thread_id: int, post_id: int) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                thread_group(thread_id), {"type": "thread.post", "post_id": post_id}
            )

    transaction.on_commit(send)


def _refresh_thread_counters(thread: Thread) -> None:
    visible = thread.posts.filter(is_hidden=False)
    aggregate = visible.aggregate(latest=Max("pk"), last=Max("created_at"))
    thread.latest_post_id = aggregate["latest"]
    thread.last_post_at = aggregate["last"] or thread.created_at
    thread.post_count = visible.count()
    thread.save(update_fields=["latest_post_id", "last_post_at", "post_count"])


# --- threads and posts ----------------------------------------------------------------------------


def _follow(user: User, thread: Thread) -> None:
    Subscription.objects.get_or_create(user=user, thread=thread, defaults={"mode": Subscription.Mode.FOLLOW})


def _add_post(*, thread: Thread, by: User, body: str) -> Post:
    now = timezone.now()
    membership = partner_permissions.membership_of(by)
    post = Post(
        thread=thread,
        author=by,
        organisation=membership.organisation if membership else None,
        body_raw=body,
        body_html=render_markdown(body),
    )
    post.save()
    thread.latest_post_id = post.pk
    thread.last_post_at = now
    thread.post_count = thread.post_count + 1
    thread.save(update_fields=["latest_post_id", "last_post_at", "post_count"])
    _index_post(post)
    _follow(by, thread)
    ThreadRead.objects.update_or_create(user=by, thread=thread, defaults={"last_read_post_id": post.pk})
    _push_post(thread.pk, post.pk)
    return post


def create_thread(*, category: Category, by: User, title: str, body: str) -> Thread:
    if not permissions.can_start_thread(by, category):
        raise PermissionDenied
    title = _clean_title(title)
    body = _clean_body(body)
    membership = partner_permissions.membership_of(by)
    with transaction.atomic():
        thread = Thread.objects.create(
            category=category,
            title=title,
            author=by,
            author_organisation=membership.organisation if membership else None,
            last_post_at=timezone.now(),
        )
        _index(
            SearchDocument.Kind.THREAD,
            thread.pk,
            category_id=category.pk,
            thread_id=thread.pk,
            title=title,
            body="",
        )
        post = _add_post(thread=thread, by=by, body=body)
        audit.record(actor=by, action="forum.thread.create", target=thread)
        _notify_new_post(post, is_new_thread=True)
    return thread


def reply(*, thread: Thread, by: User, body: str) -> Post:
    actions = permissions.thread_actions(by, thread)
    if not actions.can_view or actions.is_read_only:
        raise PermissionDenied
    if not actions.can_reply:
        raise ValidationError(_("This thread is locked; no new replies can be posted."))
    body = _clean_body(body)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        post = _add_post(thread=thread, by=by, body=body)
        audit.record(actor=by, action="forum.post.create", target=post)
        _notify_new_post(post, is_new_thread=False)
    return post


def edit_post(*, post: Post, by: User, body: str) -> Post:
    if not permissions.post_actions(by, post).can_edit:
        raise PermissionDenied
    body = _clean_body(body)
    if body == post.body_raw:
        return post
    with transaction.atomic():
        PostRevision.objects.create(post=post, body_raw=post.body_raw, edited_by=by)
        post.body_raw = body
        post.body_html = render_markdown(body)
        post.edited_at = timezone.now()
        post.save(update_fields=["body_raw", "body_html", "edited_at"])
        _index_post(post)
        audit.record(actor=by, action="forum.post.edit", target=post)
    return post


def mark_read(*, user: User, thread: Thread, post_id: int) -> None:
    """Moves the user's read marker forward (never back)."""
    if not user.is_authenticated or not post_id:
        return
    updated = ThreadRead.objects.filter(user=user, thread=thread, last_read_post_id__lt=post_id).update(
        last_read_post_id=post_id
    )
    if not updated:
        ThreadRead.objects.get_or_create(user=user, thread=thread, defaults={"last_read_post_id": post_id})


def set_subscription(
    *, user: User, mode: str | None, thread: Thread | None = None, category: Category | None = None
) -> Subscription | None:
    """Follow, mute, or (mode None) forget a thread or a category."""
    if (thread is None) == (category is None):
        raise ValueError("Exactly one of thread and category.")
    visible = (
        permissions.can_view_thread(user, thread)
        if thread
        else category is not None and permissions.can_view_category(user, category)
    )
    if not visible:
        raise PermissionDenied
    if mode not in (None, Subscription.Mode.FOLLOW, Subscription.Mode.MUTE):
        raise ValidationError(_("Unknown choice."))
    target = {"thread": thread} if thread else {"category": category}
    with transaction.atomic():
        if mode is None:
            Subscription.objects.filter(user=user, **target).delete()
            return None
        subscription, _created = Subscription.objects.update_or_create(
            user=user, **target, defaults={"mode": mode}
        )
    return subscription


# --- moderation -----------------------------------------------------------------------------------


def _log(
    *,
    actor: User | None,
    action: str,
    category: Category,
    reason: str = "",
    thread: Thread | None = None,
    post: Post | None = None,
    article: KnowledgeArticle | None = None,
) -> ModerationAction:
    return ModerationAction.objects.create(
        actor=actor,
        action=action,
        category=category,
        reason=reason,
        thread=thread,
        post=post,
        article=article,
    )


def _require_moderator(user: User, category: Category) -> None:
    if not permissions.can_moderate(user, category):
        raise PermissionDenied


def _require_post_moderator(user: User, post: Post) -> None:
    if not permissions.post_actions(user, post).can_hide:
        raise PermissionDenied


def _resolve_flags(post: Post, by: User | None) -> None:
    post.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), resolved_by=by)


def _hide(post: Post, *, by: User | None, reason: str) -> None:
    post.is_hidden = True
    post.hidden_reason = reason
    post.hidden_by = by
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by"])
    _unindex(SearchDocument.Kind.POST, [post.pk])
    _refresh_thread_counters(post.thread)


def hide_post(*, post: Post, by: User, reason: str) -> Post:
    _require_post_moderator(by, post)
    reason = _clean_reason(reason)
    with transaction.atomic():
        _hide(post, by=by, reason=reason)
        _resolve_flags(post, by)
        _log(
            actor=by,
            action=ModerationAction.Action.HIDE_POST,
            category=post.thread.category,
            thread=post.thread,
            post=post,
            reason=reason,
        )
        audit.record(actor=by, action="forum.post.hide", target=post)
        notify(
            _who_can_see([post.author], post.thread.category),
            kind="forum.post_hidden",
            text=Message(
                gettext_noop("Your post in “%(title)s” was hidden by a moderator. Reason: %(reason)s"),
                title=post.thread.title,
                reason=reason,
            ),
            url=post.get_absolute_url(),
            actor=by,
        )
    return post


def restore_post(*, post: Post, by: User, reason: str = "") -> Post:
    _require_post_moderator(by, post)
    with transaction.atomic():
        post.is_hidden = False
        post.hidden_reason = ""
        post.hidden_by = None
        post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by"])
        _resolve_flags(post, by)
        if not post.thread.is_hidden:
            _index_post(post)
        _refresh_thread_counters(post.thread)
        _log(
            actor=by,
            action=ModerationAction.Action.RESTORE_POST,
            category=post.thread.category,
            thread=post.thread,
            post=post,
            reason=reason.strip()[:500],
        )
        audit.record(actor=by, action="forum.post.restore", target=post)
    return post


def dismiss_flags(*, post: Post, by: User, reason: str = "") -> Post:
    """The chair finds nothing wrong: the flags are resolved (and an auto-hidden post comes back)."""
    if post.is_hidden:
        return restore_post(post=post, by=by, reason=reason)
    _require_post_moderator(by, post)
    with transaction.atomic():
        _resolve_flags(post, by)
        _log(
            actor=by,
            action=ModerationAction.Action.DISMISS_FLAGS,
            category=post.thread.category,
            thread=post.thread,
            post=post,
            reason=reason.strip()[:500],
        )
    return post


def flag_post(*, post: Post, by: User, reason: str) -> Flag:
    """A member who can read someone else's post flags it, once. Flags from members of
    FORUM_FLAG_HIDE_ORGANISATIONS different organisations hide it at once, pending a chair."""
    if not permissions.post_actions(by, post).can_flag:
        raise PermissionDenied
    reason = _clean_reason(reason)
    if Flag.objects.filter(post=post, flagged_by=by).exists():
        raise ValidationError(_("You have already flagged this post."))
    membership = partner_permissions.membership_of(by)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                post=post,
                flagged_by=by,
                organisation=membership.organisation if membership else None,
                reason=reason,
            )
            audit.record(actor=by, action="forum.post.flag", target=post)
            organisations = (
                post.flags.filter(resolved_at__isnull=True, organisation__isnull=False)
                .values("organisation")
                .distinct()
                .count()
            )
            if not post.is_hidden and organisations >= settings.FORUM_FLAG_HIDE_ORGANISATIONS:
                auto_reason = _(
                    "Flagged by members of %(count)d organisations; awaiting a chair's review."
                ) % {"count": organisations}
                _hide(post, by=None, reason=auto_reason)
                _log(
                    actor=None,
                    action=ModerationAction.Action.AUTO_HIDE_POST,
                    category=post.thread.category,
                    thread=post.thread,
                    post=post,
                    reason=auto_reason,
                )
                chairs = _who_can_see(
                    _users(post.thread.category.chairs.values_list("pk", flat=True)), post.thread.category
                )
                notify(
                    chairs,
                    kind="forum.flag_queue",
                    text=Message(
                        gettext_noop("A post in “%(title)s” was hidden after flags and awaits review."),
                        title=post.thread.title,
                    ),
                    url=post.get_absolute_url(),
                )
    except IntegrityError:
        raise ValidationError(_("You have already flagged this post."))
    return flag


def moderate_thread(*, thread: Thread, by: User, action: str, reason: str = "") -> Thread:
    """pin, unpin, lock, unlock, hide, restore."""
    _require_moderator(by, thread.category)
    changes = {
        "pin": ("is_pinned", True, ModerationAction.Action.PIN),
        "unpin": ("is_pinned", False, ModerationAction.Action.UNPIN),
        "lock": ("is_locked", True, ModerationAction.Action.LOCK),
        "unlock": ("is_locked", False, ModerationAction.Action.UNLOCK),
        "hide": ("is_hidden", True, ModerationAction.Action.HIDE_THREAD),
        "restore": ("is_hidden", False, ModerationAction.Action.RESTORE_THREAD),
    }
    if action not in changes:
        raise ValidationError(_("Unknown moderation action."))
    field, value, logged = changes[action]
    if action == "hide":
        reason = _clean_reason(reason)
    with transaction.atomic():
        setattr(thread, field, value)
        fields = [field]
        if action in ("hide", "restore"):
            thread.hidden_reason = reason if action == "hide" else ""
            fields.append("hidden_reason")
        thread.save(update_fields=fields)
        if action == "hide":
            _unindex_thread(thread)
        elif action == "restore":
            _index_thread(thread)
        _log(actor=by, action=logged, category=thread.category, thread=thread, reason=reason.strip()[:500])
        # The reason lives in the moderation log; the audit log keeps what was done to which thread.
        audit.record(actor=by, action=f"forum.thread.{action}", target=thread)
        if action in ("hide", "restore"):
            _tell_thread_author(thread, hidden=action == "hide", by=by)
    return thread


def _tell_thread_author(thread: Thread, *, hidden: bool, by: User) -> None:
    if hidden:
        text = Message(
            gettext_noop("Your thread “%(title)s” was hidden by a moderator. Reason: %(reason)s"),
            title=thread.title,
            reason=thread.hidden_reason,
        )
    else:
        text = Message(gettext_noop("Your thread “%(title)s” is visible again."), title=thread.title)
    notify(
        _who_can_see(_users([thread.author_id]), thread.category),
        kind="forum.thread_hidden" if hidden else "forum.thread_restored",
        text=text,
        url=thread.get_absolute_url(),
        actor=by,
    )


def move_thread(*, thread: Thread, by: User, to: Category, reason: str = "") -> Thread:
    """A chair must moderate both the thread's category and the one it goes to."""
    _require_moderator(by, thread.category)
    _require_moderator(by, to)
    if to.pk == thread.category_id:
        raise ValidationError({"category": _("The thread is already in that category.")})
    source = thread.category
    with transaction.atomic():
        thread.category = to
        thread.save(update_fields=["category"])
        SearchDocument.objects.filter(thread_id_ref=thread.pk).update(category=to)
        _log(
            actor=by,
            action=ModerationAction.Action.MOVE,
            category=source,
            thread=thread,
            reason=(reason.strip() + f" ({source.name} → {to.name})").strip()[:500],
        )
        _log(
            actor=by,
            action=ModerationAction.Action.MOVE,
            category=to,
            thread=thread,
            reason=reason.strip()[:500],
        )
        audit.record(
            actor=by,
            action="forum.thread.move",
            target=thread,
            data={"from": source.pk, "to": to.pk},
        )
    return thread


# --- knowledge bank -------------------------------------------------------------------------------


def _clean_sources(sources: list[tuple[str, str]]) -> list[tuple[str, str]]:
    from django.core.validators import URLValidator

    validate = URLValidator(schemes=["http", "https"])
    cleaned = []
    for publication, url in sources:
        publication, url = (publication or "").strip(), (url or "").strip()
        if not publication:
            continue
        if len(publication) > 300 or len(url) > 500:
            raise ValidationError({"sources": _("A source or its link is too long.")})
        if url:
            try:
                validate(url)
            except ValidationError:
                raise ValidationError({"sources": _("“%(url)s” is not an http(s) link.") % {"url": url[:80]}})
        cleaned.append((publication, url))
    return cleaned


def _check_article_fields(
    *, title: str, summary: str, body: str, evidence_level: str
) -> tuple[str, str, str]:
    title = _clean_title(title)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Write a summary.")})
    if len(summary) > 2000:
        raise ValidationError({"summary": _("The summary may be at most 2000 characters.")})
    body = _clean_body(body)
    if evidence_level not in KnowledgeArticle.EvidenceLevel.values:
        raise ValidationError({"evidence_level": _("Choose an evidence level.")})
    return title, summary, body


def save_article(
    *,
    by: User,
    category: Category,
    title: str,
    summary: str,
    body: str,
    evidence_level: str,
    sources: list[tuple[str, str]],
    article: KnowledgeArticle | None = None,
) -> KnowledgeArticle:
    """Create a draft, or change one's own draft."""
    if not permissions.can_start_thread(by, category):
        raise PermissionDenied
    if article is not None and not permissions.article_actions(by, article).can_edit:
        raise PermissionDenied
    title, summary, body = _check_article_fields(
        title=title, summary=summary, body=body, evidence_level=evidence_level
    )
    sources = _clean_sources(sources)
    with transaction.atomic():
        article = article or KnowledgeArticle(author=by)
        article.title, article.summary, article.body_raw = title, summary, body
        article.body_html = render_markdown(body)
        article.category = category
        article.evidence_level = evidence_level
        article.save()
        article.sources.all().delete()
        KnowledgeSource.objects.bulk_create(
            [KnowledgeSource(article=article, publication=pub, url=url) for pub, url in sources]
        )
        audit.record(actor=by, action="forum.article.save", target=article)
    return article


def submit_article(*, article: KnowledgeArticle, by: User) -> KnowledgeArticle:
    if not permissions.article_actions(by, article).can_edit:
        raise PermissionDenied
    with transaction.atomic():
        article.status = KnowledgeArticle.Status.IN_REVIEW
        article.save(update_fields=["status", "updated_at"])
        audit.record(actor=by, action="forum.article.submit", target=article)
        notify(
            _who_can_see(
                [
                    u
                    for u in _users(article.category.chairs.values_list("pk", flat=True))
                    if permissions.can_moderate(u, article.category)
                ],
                article.category,
            ),
            kind="forum.article_review",
            text=Message(gettext_noop("“%(title)s” awaits your review"), title=article.title),
            url=article.get_absolute_url(),
            actor=by,
        )
    return article


def _require_review(by: User, article: KnowledgeArticle) -> None:
    actions = permissions.article_actions(by, article)
    if not actions.can_moderate:
        raise PermissionDenied
    if not actions.can_review:
        raise ValidationError(_("Only an article in review can be published or sent back."))


def request_changes(*, article: KnowledgeArticle, by: User, comment: str) -> KnowledgeArticle:
    _require_review(by, article)
    comment = _clean_reason(comment)
    with transaction.atomic():
        article.status = KnowledgeArticle.Status.DRAFT
        article.reviewer = by
        article.review_comment = comment
        article.save(update_fields=["status", "reviewer", "review_comment", "updated_at"])
        _log(
            actor=by,
            action=ModerationAction.Action.REQUEST_CHANGES,
            category=article.category,
            article=article,
            reason=comment,
        )
        audit.record(actor=by, action="forum.article.request_changes", target=article)
        notify(
            _who_can_see([article.author], article.category),
            kind="forum.article_changes",
            text=Message(
                gettext_noop("Changes were requested to “%(title)s”: %(comment)s"),
                title=article.title,
                comment=comment,
            ),
            url=article.get_absolute_url(),
            actor=by,
        )
    return article


def publish_article(*, article: KnowledgeArticle, by: User) -> KnowledgeArticle:
    """Publishing opens the article's discussion thread in its category and indexes it for search."""
    _require_review(by, article)
    with transaction.atomic():
        article.status = KnowledgeArticle.Status.PUBLISHED
        article.reviewer = by
        article.review_comment = ""
        article.published_at = timezone.now()
        if article.discussion is None:
            thread = Thread.objects.create(
                category=article.category,
                title=Truncator(_("Discussion: %(title)s") % {"title": article.title}).chars(
                    TITLE_MAX_LENGTH
                ),
                author=article.author,
                author_organisation=article.author.organisation,
                last_post_at=timezone.now(),
            )
            _index(
                SearchDocument.Kind.THREAD,
                thread.pk,
                category_id=thread.category_id,
                thread_id=thread.pk,
                title=thread.title,
                body="",
            )
            link_text = _("Read the article")
            _add_post(
                thread=thread,
                by=article.author,
                body=f"{article.summary}\n\n[{link_text}]({article.get_absolute_url()})",
            )
            article.discussion = thread
        article.save()
        _index(
            SearchDocument.Kind.ARTICLE,
            article.pk,
            category_id=article.category_id,
            thread_id=article.discussion_id,
            title=article.title,
            body=f"{article.summary}\n{plain_text(article.body_raw)}",
        )
        _log(
            actor=by,
            action=ModerationAction.Action.PUBLISH_ARTICLE,
            category=article.category,
            article=article,
        )
        audit.record(actor=by, action="forum.article.publish", target=article)
        notify(
            _who_can_see([article.author], article.category),
            kind="forum.article_published",
            text=Message(
                gettext_noop("“%(title)s” was published in the knowledge bank"), title=article.title
            ),
            url=article.get_absolute_url(),
            actor=by,
        )
    return article


def archive_article(*, article: KnowledgeArticle, by: User, reason: str = "") -> KnowledgeArticle:
    actions = permissions.article_actions(by, article)
    if not actions.can_moderate:
        raise PermissionDenied
    if not actions.can_archive:
        raise ValidationError(_("Only a published article can be archived."))
    with transaction.atomic():
        article.status = KnowledgeArticle.Status.ARCHIVED
        article.save(update_fields=["status", "updated_at"])
        _unindex(SearchDocument.Kind.ARTICLE, [article.pk])
        _log(
            actor=by,
            action=ModerationAction.Action.ARCHIVE_ARTICLE,
            category=article.category,
            article=article,
            reason=reason.strip()[:500],
        )
        audit.record(actor=by, action="forum.article.archive", target=article)
    return article
