"""The thread socket: new posts appear live on a thread page.

Group messages carry only a post id; the post is re-read and rendered here, for this user, after a
fresh permission check, so a socket never shows what the thread page would not.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.template.loader import render_to_string

from forum import permissions, selectors
from forum.models import Post, Thread
from forum.services import thread_group
from realtime.consumers import AccountSocket

CLOSE_NOT_FOUND = 4404


def _fresh_user(user_id: int) -> Any:
    from partners.models import User

    return User.objects.select_related("membership__organisation").filter(pk=user_id, is_active=True).first()


def _may_view(user_id: int, thread_id: int) -> bool:
    user = _fresh_user(user_id)
    thread = Thread.objects.filter(pk=thread_id).first()
    return bool(user and thread and permissions.thread_actions(user, thread).can_view)


def _shown(user: Any, post: Post, on_thread: permissions.ThreadActions) -> str | None:
    """The post as the thread page would show it to this user now, or None if it would not."""
    post.actions = permissions.post_actions(user, post, on_thread=on_thread)
    if not post.actions.can_view or (post.is_hidden and not post.actions.sees_hidden_body):
        return None
    return render_to_string("forum/_post.html", {"post": post, "thread": post.thread, "user": user})


def _render_post(user_id: int, thread_id: int, post_id: int) -> str | None:
    user = _fresh_user(user_id)
    post = (
        Post.objects.select_related("thread__category", "author", "organisation")
        .filter(pk=post_id, thread_id=thread_id)
        .first()
    )
    if user is None or post is None:
        return None
    return _shown(user, post, permissions.thread_actions(user, post.thread))


RESUME_LIMIT = 50


def _render_posts_after(user_id: int, thread_id: int, after: int) -> list[tuple[int, str]]:
    """The posts written since `after`, rendered for this user after one check of the thread."""
    user = _fresh_user(user_id)
    thread = Thread.objects.select_related("category").filter(pk=thread_id).first()
    if user is None or thread is None:
        return []
    on_thread = permissions.thread_actions(user, thread)
    if not on_thread.can_view:
        return []
    rendered = []
    for post in selectors.posts_after(thread, after, RESUME_LIMIT):
        post.thread = thread
        html = _shown(user, post, on_thread)
        if html is not None:
            rendered.append((post.pk, html))
    return rendered


class ThreadConsumer(AccountSocket):
    async def admit(self, user: Any) -> list[str] | None:
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        if not await database_sync_to_async(_may_view)(self.user_id, self.thread_id):
            await self.close(code=CLOSE_NOT_FOUND)
            return None
        return [thread_group(self.thread_id)]

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # Posting goes through the form and the service; the only message is "resume" after a
        # reconnect, which sends the posts written since the last one the page shows.
        after = (
            content.get("after") if isinstance(content, dict) and content.get("type") == "resume" else None
        )
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            await self.send_error("this socket accepts only resume with a post id")
            return
        for post_id, html in await database_sync_to_async(_render_posts_after)(
            self.user_id, self.thread_id, after
        ):
            await self.send_json({"type": "post", "id": post_id, "html": html})

    async def thread_post(self, event: dict[str, Any]) -> None:
        post_id = event.get("post_id")
        if not isinstance(post_id, int):
            return
        html = await database_sync_to_async(_render_post)(self.user_id, self.thread_id, post_id)
        if html is None:
            return
        await self.send_json({"type": "post", "id": post_id, "html": html})
