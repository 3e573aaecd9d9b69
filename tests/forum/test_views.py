"""Forum pages: bad input gives a message (never a 500), unread markers, quoting, moderation pages,
and a constant number of queries whatever the number of posts."""

import pytest
from django.utils import timezone

from forum import services
from forum.models import Flag, ModerationAction, Post, Thread
from partners.markup import render_markdown
from tests.forum.factories import CategoryFactory
from tests.partners.factories import make_member

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_member_starts_a_thread(category, member, client_for):
    response = client_for(member).post(f"/forum/c/{category.slug}/new/", {"title": "Hej", "body": "Första"})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/forum/t/{thread.pk}/"


def test_oversized_title_gives_a_form_error(category, member, client_for):
    response = client_for(member).post(f"/forum/c/{category.slug}/new/", {"title": "t" * 201, "body": "x"})
    assert response.status_code == 200 and response.context["form"].errors["title"]
    assert not Thread.objects.exists()


@pytest.mark.parametrize("body", ["", "x" * 50_000])
def test_empty_or_huge_reply_gives_a_message(thread, member, client_for, body):
    response = client_for(member).post(f"/forum/t/{thread.pk}/reply/", {"body": body}, follow=True)
    assert response.status_code == 200 and messages_of(response)
    assert thread.posts.count() == 1


def test_reply_to_locked_thread_gives_a_message(thread, chair, outsider, client_for):
    services.moderate_thread(thread=thread, by=chair, action="lock")
    response = client_for(outsider).post(f"/forum/t/{thread.pk}/reply/", {"body": "Hej"}, follow=True)
    assert response.status_code == 200 and messages_of(response)
    assert thread.posts.count() == 1


def test_second_flag_gives_a_message(post, outsider, client_for):
    client = client_for(outsider)
    client.post(f"/forum/p/{post.pk}/flag/", {"reason": "Fel"})
    response = client.post(f"/forum/p/{post.pk}/flag/", {"reason": "Fel igen"}, follow=True)
    assert response.status_code == 200 and messages_of(response)
    assert Flag.objects.count() == 1


def test_moderation_by_non_chair_is_forbidden(post, thread, outsider, client_for):
    client = client_for(outsider)
    assert client.post(f"/forum/p/{post.pk}/hide/", {"reason": "x"}).status_code == 403
    assert client.post(f"/forum/t/{thread.pk}/moderate/", {"action": "pin"}).status_code == 403
    assert client.post(f"/forum/p/{post.pk}/restore/").status_code == 403
    assert not ModerationAction.objects.exists()


def test_chair_hides_and_the_author_sees_the_reason(post, thread, chair, member, outsider, client_for):
    response = client_for(chair).post(f"/forum/p/{post.pk}/hide/", {"reason": "Innehåller personuppgifter"})
    assert response.status_code == 302
    author_page = client_for(member).get(f"/forum/t/{thread.pk}/").content.decode()
    assert "Innehåller personuppgifter" in author_page and "Nytt klotter vid stationen" not in author_page
    other_page = client_for(outsider).get(f"/forum/t/{thread.pk}/").content.decode()
    assert "Innehåller personuppgifter" not in other_page and "Nytt klotter vid stationen" not in other_page


def test_quote_prefills_the_reply(post, thread, outsider, client_for):
    response = client_for(outsider).get(f"/forum/t/{thread.pk}/", {"quote": post.pk})
    assert response.context["form"].initial["body"].startswith("> **Maja Medlem:**\n> Nytt klotter")


def test_thread_page_marks_the_first_unread_post_and_then_reads_it(thread, member, outsider, client_for):
    client = client_for(outsider)
    client.get(f"/forum/t/{thread.pk}/")
    reply = services.reply(thread=thread, by=member, body="Nyhet")
    category_page = client.get(f"/forum/c/{thread.category.slug}/").content.decode()
    assert "unread-marker" in category_page
    response = client.get(f"/forum/t/{thread.pk}/unread/")
    assert response["Location"].endswith(f"#post-{reply.pk}")
    page = client.get(f"/forum/t/{thread.pk}/").content.decode()
    marked = page.split('id="first-unread"')[0].rsplit("<article", 1)[1]
    assert f'id="post-{reply.pk}"' in marked and page.count('id="first-unread"') == 1
    assert "unread-marker" not in client.get(f"/forum/c/{thread.category.slug}/").content.decode()


def test_edit_history_is_visible_to_chairs_not_members(post, member, chair, outsider, client_for):
    services.edit_post(post=post, by=member, body="Ändrad")
    assert client_for(chair).get(f"/forum/p/{post.pk}/history/").status_code == 200
    assert (
        "Nytt klotter vid stationen" in client_for(chair).get(f"/forum/p/{post.pk}/history/").content.decode()
    )
    assert client_for(outsider).get(f"/forum/p/{post.pk}/history/").status_code == 403


def test_moderation_log_shows_only_the_chairs_categories(
    thread, chair, other_category, member, coordinator, client_for
):
    services.moderate_thread(thread=thread, by=chair, action="pin", reason="Viktig")
    other_thread = services.create_thread(category=other_category, by=member, title="Annan", body="x")
    services.moderate_thread(thread=other_thread, by=coordinator, action="lock", reason="Stängd")
    chair_log = client_for(chair).get("/forum/log/").content.decode()
    assert "Viktig" in chair_log and "Stängd" not in chair_log
    coordinator_log = client_for(coordinator).get("/forum/log/").content.decode()
    assert "Viktig" in coordinator_log and "Stängd" in coordinator_log


def test_flag_queue_lists_flagged_posts_of_own_categories(post, chair, outsider, client_for):
    services.flag_post(post=post, by=outsider, reason="Stötande språk")
    assert "Stötande språk" in client_for(chair).get("/forum/queue/").content.decode()


def test_editing_someone_elses_post_is_forbidden(post, outsider, client_for):
    assert client_for(outsider).get(f"/forum/p/{post.pk}/edit/").status_code == 403


def test_subscribe_form_follows_and_mutes(thread, outsider, client_for):
    client = client_for(outsider)
    client.post("/forum/subscribe/", {"thread": thread.pk, "mode": "mute"})
    assert client.get(f"/forum/t/{thread.pk}/").context["subscription"] == "mute"
    assert client.post("/forum/subscribe/", {"thread": thread.pk, "mode": "bogus"}).status_code == 404


def test_non_numeric_ids_are_404(member, client_for):
    assert (
        client_for(member).post("/forum/subscribe/", {"thread": "abc", "mode": "follow"}).status_code == 404
    )


def _bulk_posts(thread, authors, count):
    now = timezone.now()
    html = render_markdown("Ett inlägg med **lite** text")
    Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                author=authors[i % len(authors)],
                body_raw="Ett inlägg",
                body_html=html,
                created_at=now,
            )
            for i in range(count)
        ]
    )
    thread.post_count = count
    thread.latest_post_id = thread.posts.order_by("-pk").values_list("pk", flat=True).first()
    thread.save()


def test_thread_page_with_1000_posts_runs_constant_queries(
    thread, member, chair, client_for, django_assert_max_num_queries
):
    authors = [make_member(email=f"author{i}@example.test") for i in range(20)]
    _bulk_posts(thread, authors, 1000)
    client = client_for(chair)
    client.get(f"/forum/t/{thread.pk}/")  # warm the session
    with django_assert_max_num_queries(25):
        response = client.get(f"/forum/t/{thread.pk}/", {"page": 17})
    assert response.status_code == 200 and len(response.context["posts"]) == 30


def test_category_list_and_page_run_constant_queries(
    member, chair, client_for, django_assert_max_num_queries
):
    for index in range(20):
        category = CategoryFactory(chairs=[chair])
        thread = services.create_thread(category=category, by=member, title=f"Tråd {index}", body="x")
        _bulk_posts(thread, [member], 50)
    client = client_for(member)
    client.get("/forum/")
    with django_assert_max_num_queries(15):
        assert client.get("/forum/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"/forum/c/{category.slug}/").status_code == 200


def test_thread_page_queries_do_not_grow_with_the_number_of_posts(thread, member, chair, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(chair)
    client.get(f"/forum/t/{thread.pk}/")
    _bulk_posts(thread, [member], 40)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/forum/t/{thread.pk}/", {"page": 2})
    authors = [make_member(email=f"many{i}@example.test") for i in range(30)]
    _bulk_posts(thread, authors, 1000)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/forum/t/{thread.pk}/", {"page": 20})
    assert len(small.captured_queries) == len(large.captured_queries)


def test_viewing_a_thread_again_writes_nothing_and_reads_the_thread_once(thread, member, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _bulk_posts(thread, [member], 30)  # the member's own posts: each is checked for editing
    client = client_for(member)
    client.get(f"/forum/t/{thread.pk}/")
    with CaptureQueriesContext(connection) as again:
        assert client.get(f"/forum/t/{thread.pk}/").status_code == 200
    statements = [query["sql"].split()[0] for query in again.captured_queries]
    assert not {"UPDATE", "INSERT", "DELETE"} & set(statements), statements
    assert sum('FROM "forum_thread"' in query["sql"] for query in again.captured_queries) == 1
    assert len(again.captured_queries) <= 12


def test_a_thread_viewed_again_comes_from_the_cached_posts_without_the_unread_marker(
    thread, member, outsider, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(outsider)
    client.get(f"/forum/t/{thread.pk}/")
    services.reply(thread=thread, by=member, body="Nyhet")
    assert 'id="first-unread"' in client.get(f"/forum/t/{thread.pk}/").content.decode()
    assert 'id="first-unread"' not in client.get(f"/forum/t/{thread.pk}/").content.decode()  # read now
    with CaptureQueriesContext(connection) as again:
        body = client.get(f"/forum/t/{thread.pk}/").content.decode()
    assert 'id="first-unread"' not in body and "Nyhet" in body
    assert not any('FROM "forum_post"' in query["sql"] for query in again.captured_queries)


def test_a_new_reply_shows_on_the_next_load_of_a_cached_thread(thread, member, outsider, client_for):
    client = client_for(outsider)
    client.get(f"/forum/t/{thread.pk}/")
    client.get(f"/forum/t/{thread.pk}/")
    services.reply(thread=thread, by=member, body="Helt ny rapport från Jordbro")
    assert "Helt ny rapport från Jordbro" in client.get(f"/forum/t/{thread.pk}/").content.decode()


def test_search_results_viewed_again_run_no_search(post, member, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(member)
    first = client.get("/forum/search/", {"q": "klotter"}).content.decode()
    with CaptureQueriesContext(connection) as again:
        second = client.get("/forum/search/", {"q": "klotter"}).content.decode()
    assert first.count("<li>") == second.count("<li>") >= 1
    assert not any("forum_search" in query["sql"] for query in again.captured_queries)
