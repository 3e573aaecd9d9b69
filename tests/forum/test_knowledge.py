"""The knowledge bank: draft, review by a chair of the category, publish with a discussion thread."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from forum import selectors, services
from forum.models import KnowledgeArticle, ModerationAction, SearchDocument
from realtime.models import Notification

pytestmark = pytest.mark.django_db


def draft(category, author, **overrides):
    fields = {
        "category": category,
        "title": "Snabb klottersanering",
        "summary": "Sanering inom ett dygn minskar nytt klotter.",
        "body": "## Resultat\n\nMindre klotter.",
        "evidence_level": KnowledgeArticle.EvidenceLevel.EFFECT_SHOWN,
        "sources": [("Brå 2019:5", "https://bra.se/rapport")],
    }
    fields.update(overrides)
    return services.save_article(by=author, **fields)


def test_member_drafts_an_article_with_sources(category, member):
    article = draft(category, member)
    assert article.status == "draft"
    assert list(article.sources.values_list("publication", "url")) == [
        ("Brå 2019:5", "https://bra.se/rapport")
    ]


def test_source_with_javascript_link_is_refused(category, member):
    with pytest.raises(ValidationError):
        draft(category, member, sources=[("Ond", "javascript:alert(1)")])
    assert not KnowledgeArticle.objects.exists()


def test_unknown_evidence_level_is_refused(category, member):
    with pytest.raises(ValidationError):
        draft(category, member, evidence_level="proven-by-vibes")


def test_draft_is_visible_only_to_its_author(category, member, outsider, chair):
    article = draft(category, member)
    assert selectors.get_article_for(member, article.pk) == article
    for other in (outsider, chair):
        with pytest.raises(Http404):
            selectors.get_article_for(other, article.pk)


def test_chair_publishes_and_a_discussion_thread_opens(category, member, chair):
    article = draft(category, member)
    services.submit_article(article=article, by=member)
    assert Notification.objects.filter(recipient=chair, kind="forum.article_review").exists()
    services.publish_article(article=article, by=chair)
    article.refresh_from_db()
    assert article.status == "published" and article.discussion is not None
    assert article.discussion.category == category
    assert Notification.objects.filter(recipient=member, kind="forum.article_published").exists()
    assert SearchDocument.objects.filter(kind="article", object_id=article.pk).exists()
    assert ModerationAction.objects.filter(action="publish_article", article=article).exists()


def test_chair_asks_for_changes_and_author_is_told(category, member, chair):
    article = draft(category, member)
    services.submit_article(article=article, by=member)
    services.request_changes(article=article, by=chair, comment="Lägg till källor")
    article.refresh_from_db()
    assert article.status == "draft" and article.review_comment == "Lägg till källor"
    assert Notification.objects.filter(recipient=member, kind="forum.article_changes").exists()


def test_asking_for_changes_lands_the_chair_on_a_page_they_can_see_with_the_message(
    category, member, chair, client_for
):
    article = draft(category, member)
    services.submit_article(article=article, by=member)
    response = client_for(chair).post(
        f"/forum/knowledge/{article.pk}/review/",
        {"decision": "changes", "comment": "Lägg till källor"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/forum/knowledge/"
    assert "Författaren har ombetts göra ändringar." in response.content.decode()


def test_member_cannot_publish(category, member, outsider):
    article = draft(category, member)
    services.submit_article(article=article, by=member)
    with pytest.raises(PermissionDenied):
        services.publish_article(article=article, by=outsider)


def test_chair_of_other_category_cannot_publish(other_category, member, chair):
    article = draft(other_category, member)
    services.submit_article(article=article, by=member)
    with pytest.raises(PermissionDenied):
        services.publish_article(article=article, by=chair)


def test_draft_cannot_be_published_before_review(category, member, chair):
    article = draft(category, member)
    with pytest.raises(ValidationError):
        services.publish_article(article=article, by=chair)


def test_published_articles_filter_by_category_and_evidence(category, other_category, member, coordinator):
    first = draft(category, member)
    second = draft(other_category, member, title="Föräldravandring", evidence_level="promising")
    for article in (first, second):
        services.submit_article(article=article, by=member)
        services.publish_article(article=article, by=coordinator)
    assert list(selectors.articles_for(member, evidence="promising")) == [second]
    assert list(selectors.articles_for(member, category=category.slug)) == [first]


def test_archiving_removes_article_from_search(category, member, chair):
    article = draft(category, member)
    services.submit_article(article=article, by=member)
    services.publish_article(article=article, by=chair)
    services.archive_article(article=article, by=chair)
    assert not SearchDocument.objects.filter(kind="article", object_id=article.pk).exists()
