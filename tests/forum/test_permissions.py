"""Permission matrix: every role against every forum page."""

import pytest

from forum import services

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "org_admin",
    "signatory",
    "chair",
    "leader",
    "coordinator",
    "deactivated",
    "outsider",
]
MODERATORS = {"chair", "coordinator"}


@pytest.fixture
def setup(category, thread, post, member, chair):
    article = services.save_article(
        by=member,
        category=category,
        title="Artikel",
        summary="Kort",
        body="Text",
        evidence_level="promising",
        sources=[],
    )
    services.submit_article(article=article, by=member)
    services.publish_article(article=article, by=chair)
    return {"category": category, "thread": thread, "post": post, "article": article}


PAGES = {
    "index": ("/forum/", "read"),
    "category": ("/forum/c/{category.slug}/", "read"),
    "new_thread": ("/forum/c/{category.slug}/new/", "read"),
    "thread": ("/forum/t/{thread.pk}/", "read"),
    "flag": ("/forum/p/{post.pk}/flag/", "read"),
    "search": ("/forum/search/?q=klotter", "read"),
    "knowledge": ("/forum/knowledge/", "read"),
    "article": ("/forum/knowledge/{article.pk}/", "read"),
    "new_article": ("/forum/knowledge/new/", "read"),
    "hide": ("/forum/p/{post.pk}/hide/", "moderate"),
    "move": ("/forum/t/{thread.pk}/move/", "moderate"),
    "history": ("/forum/p/{post.pk}/history/", "moderate"),
    "queue": ("/forum/queue/", "moderate"),
    "log": ("/forum/log/", "moderate"),
}


def expected(role, kind):
    if role in {"anonymous", "deactivated"}:
        return 302
    if kind == "moderate" and role not in MODERATORS:
        return 403
    return 200


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, page, setup, request, client_for):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    url, kind = PAGES[page]
    response = client_for(user).get(url.format(**setup))
    assert response.status_code == expected(role, kind)


@pytest.mark.parametrize("role", ["member", "outsider", "leader", "org_admin"])
def test_writes_of_moderators_are_forbidden_to_others(role, setup, request, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.post(f"/forum/t/{setup['thread'].pk}/moderate/", {"action": "lock"}).status_code == 403
    assert (
        client.post(f"/forum/knowledge/{setup['article'].pk}/review/", {"decision": "archive"}).status_code
        == 403
    )
