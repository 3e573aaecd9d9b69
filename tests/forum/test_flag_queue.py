"""The chair's flag queue: only posts that still have an unresolved flag, in the chair's categories."""

from forum import selectors, services


def test_flag_queue_leaves_out_posts_that_were_never_flagged(post, chair):
    assert list(selectors.flag_queue_for(chair)) == []


def test_flag_queue_leaves_out_posts_whose_flags_are_all_resolved(post, chair, outsider):
    services.flag_post(post=post, by=outsider, reason="Stötande språk")
    services.dismiss_flags(post=post, by=chair, reason="Inget fel")
    assert list(selectors.flag_queue_for(chair)) == []


def test_flag_queue_lists_a_post_with_an_open_flag_once_with_its_count(post, thread, chair, outsider, member):
    services.flag_post(post=post, by=outsider, reason="Stötande språk")
    other = services.reply(thread=thread, by=member, body="Ett svar utan flaggor.")
    queue = list(selectors.flag_queue_for(chair))
    assert [item.pk for item in queue] == [post.pk]
    assert queue[0].open_flags == 1
    assert other.pk not in [item.pk for item in queue]


def test_flag_queue_page_does_not_show_unflagged_posts(post, chair, client_for):
    page = client_for(chair).get("/forum/queue/").content.decode()
    assert "Nytt klotter vid stationen." not in page
