"""The dashboard panels, the navigation links and the demo data."""

import pytest

from forum import demo, services
from forum.models import Category, KnowledgeArticle, Thread
from partners import demo as partners_demo
from partners.models import User

pytestmark = pytest.mark.django_db


def test_dashboard_lists_only_threads_the_user_may_see(
    restricted_category, category, police_member, member, client_for
):
    services.create_thread(category=restricted_category, by=police_member, title="Hemlig lägesbild", body="x")
    services.create_thread(category=category, by=member, title="Öppen tråd", body="x")
    page = client_for(member).get("/").content.decode()
    assert "Öppen tråd" in page and "Hemlig lägesbild" not in page
    assert "Hemlig lägesbild" in client_for(police_member).get("/").content.decode()


def test_chair_panel_counts_the_pending_queue(post, chair, outsider, member, client_for, rf):
    from forum import dashboard

    services.flag_post(post=post, by=outsider, reason="x")
    request = rf.get("/")
    request.user = chair
    panel = dashboard.chair_panel(request)
    assert panel["flagged"] == 1 and panel["in_review"] == 0
    assert 'id="panel-forum-chair"' in client_for(chair).get("/").content.decode()
    assert 'id="panel-forum-chair"' not in client_for(member).get("/").content.decode()


def test_navigation_links_to_forum_and_knowledge_bank(member, client_for):
    page = client_for(member).get("/").content.decode()
    assert 'href="/forum/"' in page and 'href="/forum/knowledge/"' in page


def test_demo_seed_is_idempotent_and_restricts_drug_prevention():
    partners_demo.seed()
    demo.seed()
    counts = (Category.objects.count(), Thread.objects.count(), KnowledgeArticle.objects.count())
    demo.seed()
    assert counts == (Category.objects.count(), Thread.objects.count(), KnowledgeArticle.objects.count())
    assert KnowledgeArticle.objects.filter(status="published").count() == 2
    assert KnowledgeArticle.objects.filter(status="in_review").count() == 1
    drugs = Category.objects.get(slug="narkotikaprevention")
    assert Category.objects.visible_to(User.objects.get(email="polis@demo.test")).filter(pk=drugs.pk).exists()
    assert (
        not Category.objects.visible_to(User.objects.get(email="forening@demo.test"))
        .filter(pk=drugs.pk)
        .exists()
    )
