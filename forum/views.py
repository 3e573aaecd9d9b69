"""Views of the forum and the knowledge bank: parse, call a selector or a service, render."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions, search, selectors, services
from forum.forms import ArticleForm, MoveForm, PostForm, ReasonForm, ReviewForm, ThreadForm
from forum.models import Category, KnowledgeArticle, Subscription
from partners.decorators import member_required
from partners.form_errors import error_text, show_on_form


@member_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "forum/index.html",
        {
            "categories": selectors.categories_for(request.user),
            "can_moderate_any": Category.objects.moderated_by(request.user).exists(),
        },
    )


@member_required
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.get_category_for(request.user, slug)
    page = Paginator(selectors.threads_in(request.user, category), settings.FORUM_THREADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "threads": page.object_list,
            "subscription": selectors.subscription_mode(request.user, category=category),
            "can_moderate": permissions.can_moderate(request.user, category),
        },
    )


@member_required
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.get_category_for(request.user, slug)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.create_thread(
                category=category,
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Your thread has been started."))
            return redirect(thread)
    return render(request, "forum/thread_form.html", {"category": category, "form": form})


def _quote(post: Any) -> str:
    lines = post.body_raw.strip().splitlines()
    quoted = "\n".join(f"> {line}" for line in lines)
    return f"> **{post.author.full_name}:**\n{quoted}\n\n"


@member_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for(request.user, pk)
    actions = permissions.thread_actions(request.user, thread)
    last_read = selectors.last_read_post_id(request.user, thread)

    @functools.cache
    def read_page() -> dict[str, Any]:
        """The page of posts, read and marked read. Lazy: the posts' cached fragment (keyed by the
        read marker too) was marked read when it was rendered, so a cached view runs none of this."""
        page = Paginator(selectors.posts_of(thread), settings.FORUM_POSTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        posts = list(page.object_list)
        first_unread = next((post.pk for post in posts if post.pk > last_read), None)
        for post in posts:
            post.thread = thread
            post.actions = permissions.post_actions(request.user, post, on_thread=actions)
            post.is_first_unread = post.pk == first_unread
        if posts and posts[-1].pk > last_read:
            services.mark_read(user=request.user, thread=thread, post_id=posts[-1].pk)
        return {"page": page, "posts": posts}

    initial = ""
    quote_id = request.GET.get("quote")
    if quote_id:
        try:
            quoted = selectors.get_post_for(request.user, quote_id)
        except Http404:
            quoted = None
        if (
            quoted is not None
            and quoted.thread_id == thread.pk
            and permissions.post_actions(request.user, quoted, on_thread=actions).can_reply
        ):
            initial = _quote(quoted)
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "page": SimpleLazyObject(lambda: read_page()["page"]),
            "posts": SimpleLazyObject(lambda: read_page()["posts"]),
            "posts_fragment": f"thread-posts:{last_read}",
            "actions": actions,
            "form": PostForm(initial={"body": initial}),
            "subscription": selectors.subscription_mode(request.user, thread=thread),
        },
    )


@member_required
def thread_unread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for(request.user, pk)
    post_id = selectors.first_unread_post_id(request.user, thread) or thread.latest_post_id
    if not post_id:
        return redirect(thread)
    return redirect(_post_url(thread, post_id))


def _post_url(thread: Any, post_id: int) -> str:
    page = selectors.page_of_post(thread, post_id)
    return f"{reverse('forum:thread', args=[thread.pk])}?page={page}#post-{post_id}"


@member_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.get_post_for(request.user, pk)
    return redirect(_post_url(post.thread, post.pk))


@member_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for(request.user, pk)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            post = services.reply(thread=thread, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            return redirect(_post_url(thread, post.pk))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(thread)


@member_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.get_post_for(request.user, pk)
    if not permissions.post_actions(request.user, post).can_edit:
        raise PermissionDenied
    form = PostForm(request.POST or None, initial={"body": post.body_raw})
    form.fields["body"].label = _("Text")
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(post=post, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Your post has been updated."))
            return redirect(_post_url(post.thread, post.pk))
    return render(request, "forum/post_edit.html", {"post": post, "form": form})


@member_required
def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.get_post_for(request.user, pk)
    if not permissions.post_actions(request.user, post).can_hide:
        raise PermissionDenied
    revisions = post.revisions.select_related("edited_by")
    return render(request, "forum/post_history.html", {"post": post, "revisions": revisions})


@member_required
def post_flag(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.get_post_for(request.user, pk)
    if not permissions.post_actions(request.user, post).can_flag:
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_post(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(_post_url(post.thread, post.pk))
        messages.success(request, _("Thank you. The chairs of the category will look at the post."))
        return redirect(_post_url(post.thread, post.pk))
    return render(request, "forum/reason_form.html", {"post": post, "form": form, "action": "flag"})


@member_required
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.get_post_for(request.user, pk)
    if not permissions.post_actions(request.user, post).can_hide:
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_post(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("The post is hidden and its author has been told why."))
            return redirect(_post_url(post.thread, post.pk))
    return render(request, "forum/reason_form.html", {"post": post, "form": form, "action": "hide"})


@member_required
@require_POST
def post_restore(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.get_post_for(request.user, pk)
    services.restore_post(post=post, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("The post is visible again."))
    return redirect(_post_url(post.thread, post.pk))


@member_required
@require_POST
def post_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.get_post_for(request.user, pk)
    services.dismiss_flags(post=post, by=request.user)
    messages.success(request, _("The flags have been dismissed."))
    return redirect("forum:flag_queue")


@member_required
@require_POST
def thread_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for(request.user, pk)
    try:
        services.moderate_thread(
            thread=thread,
            by=request.user,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Done."))
    return redirect(thread)


@member_required
def thread_move(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for(request.user, pk)
    if not permissions.thread_actions(request.user, thread).can_moderate:
        raise PermissionDenied
    form = MoveForm(
        request.POST or None,
        categories=Category.objects.moderated_by(request.user).exclude(pk=thread.category_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_thread(
                thread=thread,
                by=request.user,
                to=form.cleaned_data["category"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("The thread has been moved."))
            return redirect(thread)
    return render(request, "forum/thread_move.html", {"thread": thread, "form": form})


@member_required
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    mode = request.POST.get("mode") or None
    if mode not in (None, Subscription.Mode.FOLLOW, Subscription.Mode.MUTE):
        raise Http404
    if request.POST.get("thread"):
        thread = selectors.get_thread_for(request.user, request.POST["thread"])
        services.set_subscription(user=request.user, thread=thread, mode=mode)
        target = thread.get_absolute_url()
    else:
        category = selectors.get_category_for(request.user, request.POST.get("category", ""))
        services.set_subscription(user=request.user, category=category, mode=mode)
        target = category.get_absolute_url()
    messages.success(request, _("Your notification settings have been saved."))
    return redirect(target)


@member_required
def flag_queue(request: HttpRequest) -> HttpResponse:
    if not Category.objects.moderated_by(request.user).exists():
        raise PermissionDenied
    page = Paginator(selectors.flag_queue_for(request.user), 25).get_page(request.GET.get("page"))
    posts = list(page.object_list)
    flags = selectors.open_flags_of(posts)
    for post in posts:
        post.open_flag_list = flags.get(post.pk, [])
    return render(request, "forum/flag_queue.html", {"page": page, "posts": posts})


@member_required
def moderation_log(request: HttpRequest) -> HttpResponse:
    if not Category.objects.moderated_by(request.user).exists():
        raise PermissionDenied
    page = Paginator(selectors.moderation_log_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "forum/moderation_log.html", {"page": page, "actions": page.object_list})


@member_required
def search_view(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "")[:200]

    def outcome() -> dict[str, Any]:
        if not query.strip():
            return {"results": [], "message": ""}
        try:
            results = search.search(request.user, query)
        except search.QueryTooVague:
            return {
                "results": [],
                "message": _("Type more specific words: the search ignores very common words and operators."),
            }
        return {"results": results, "message": "" if results else _("No results for your search.")}

    # Lazy: the results' cached fragment (hub.fragments, per session and path) runs no search.
    return render(request, "forum/search.html", {"query": query, "outcome": SimpleLazyObject(outcome)})


# --- knowledge bank -------------------------------------------------------------------------------


@member_required
def knowledge(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    evidence = request.GET.get("evidence", "")
    page = Paginator(selectors.articles_for(request.user, category=category, evidence=evidence), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forum/knowledge.html",
        {
            "page": page,
            "articles": page.object_list,
            "categories": Category.objects.visible_to(request.user),
            "evidence_levels": KnowledgeArticle.EvidenceLevel.choices,
            "category": category,
            "evidence": evidence,
            "mine": selectors.my_articles(request.user),
            "in_review": selectors.articles_in_review_for(request.user),
        },
    )


@member_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.get_article_for(request.user, pk)
    return render(
        request,
        "forum/article.html",
        {
            "article": article,
            "sources": article.sources.all(),
            "actions": permissions.article_actions(request.user, article),
            "review_form": ReviewForm(),
        },
    )


@member_required
def article_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    article = selectors.get_article_for(request.user, pk) if pk is not None else None
    if article is not None and not permissions.article_actions(request.user, article).can_edit:
        raise PermissionDenied
    categories = Category.objects.visible_to(request.user)
    initial = {}
    if article is not None:
        initial = {
            "title": article.title,
            "summary": article.summary,
            "body": article.body_raw,
            "category": article.category,
            "evidence_level": article.evidence_level,
            "sources": "\n".join(f"{s.publication} | {s.url}" for s in article.sources.all()),
        }
    form = ArticleForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.save_article(
                by=request.user,
                article=article,
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                body=form.cleaned_data["body"],
                evidence_level=form.cleaned_data["evidence_level"],
                sources=form.source_pairs(),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(article)
    return render(request, "forum/article_form.html", {"form": form, "article": article})


@member_required
@require_POST
def article_submit(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.get_article_for(request.user, pk)
    services.submit_article(article=article, by=request.user)
    messages.success(request, _("The article has been sent to the category's chairs for review."))
    return redirect(article)


@member_required
@require_POST
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.get_article_for(request.user, pk)
    decision = request.POST.get("decision")
    try:
        if decision == "publish":
            services.publish_article(article=article, by=request.user)
            messages.success(request, _("The article is published."))
        elif decision == "changes":
            services.request_changes(
                article=article, by=request.user, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("The author has been asked for changes."))
            # The article is the author's draft again, which a reviewer does not see.
            return redirect("forum:knowledge")
        elif decision == "archive":
            services.archive_article(article=article, by=request.user)
            messages.success(request, _("The article is archived."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(article)
