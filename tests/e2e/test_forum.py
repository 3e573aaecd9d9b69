"""In a real browser: a member posts, a chair hides the post with a reason, the member sees why;
a second member's open thread page receives a new post live over the socket."""

import time

from tests.e2e.conftest import log_in


def test_member_posts_chair_hides_member_sees_reason(new_page):
    title = f"Klotter på skolan {time.time_ns()}"
    member = new_page()
    log_in(member, "forening@demo.test")
    member.goto("/forum/c/skadegorelse-och-klotter/new/")
    member.fill("input[name=title]", title)
    member.fill("textarea[name=body]", "Någon har **klottrat** på gaveln vid Jordbroskolan.")
    member.click("form.stacked-form button[type=submit].primary")
    member.wait_for_selector("article.post")
    thread_url = member.url.split("#")[0]
    assert "klottrat" in member.locator("article.post .post-body").inner_text()

    chair = new_page()
    log_in(chair, "ordforande@demo.test")
    chair.goto(thread_url)
    chair.click("article.post a[href$='/hide/']")
    chair.fill("textarea[name=reason]", "Anmäl skadegörelsen via felanmälan i stället.")
    chair.click("form.stacked-form button[type=submit].danger")
    chair.wait_for_selector("article.post.post-hidden")

    member.goto(thread_url)
    assert member.locator("article.post.post-hidden .hidden-reason").inner_text() == (
        "Anmäl skadegörelsen via felanmälan i stället."
    )
    assert member.locator("article.post .post-body").count() == 0


def test_new_post_appears_live_on_an_open_thread_page(new_page):
    title = f"Belysning {time.time_ns()}"
    author = new_page()
    log_in(author, "forening@demo.test")
    author.goto("/forum/c/trygghet-i-offentlig-miljo/new/")
    author.fill("input[name=title]", title)
    author.fill("textarea[name=body]", "Lampan vid gångtunneln är trasig.")
    author.click("form.stacked-form button[type=submit].primary")
    author.wait_for_selector("article.post")
    thread_url = author.url.split("#")[0]

    reader = new_page()
    log_in(reader, "bostad@demo.test")
    reader.goto(thread_url)
    reader.wait_for_timeout(500)  # let the socket connect
    author.fill("textarea[name=body]", "Nu är den lagad.")
    author.click("#reply button[type=submit].primary")
    reader.wait_for_selector("article.post:has-text('Nu är den lagad.')", timeout=10000)
    assert reader.locator("article.post").count() == 2


def test_a_thread_page_that_lost_its_socket_reconnects_and_shows_what_it_missed(new_page):
    """The one socket client (static/js/socket.js): the connection drops while a reply is written,
    the page reconnects with backoff, resumes after its last post and shows the reply once."""
    author = new_page()
    log_in(author, "forening@demo.test")
    author.goto("/forum/c/trygghet-i-offentlig-miljo/new/")
    author.fill("input[name=title]", f"Tunneln {time.time_ns()}")
    author.fill("textarea[name=body]", "Det är mörkt i tunneln.")
    author.click("form.stacked-form button[type=submit].primary")
    author.wait_for_selector("article.post")
    thread_url = author.url.split("#")[0]

    reader = new_page()
    log_in(reader, "bostad@demo.test")
    state = {"connections": [], "away": False, "resumes": []}

    def route(socket):
        server = socket.connect_to_server()
        state["connections"].append(socket)

        def to_page(message):
            if not state["away"]:
                socket.send(message)

        def to_server(message):
            if '"resume"' in message:
                state["resumes"].append(message)
            server.send(message)

        server.on_message(to_page)
        socket.on_message(to_server)

    reader.route_web_socket("**/ws/threads/**", route)
    reader.goto(thread_url)
    reader.wait_for_timeout(500)
    assert len(state["connections"]) == 1

    state["away"] = True  # what the server sends now is lost on the way
    author.fill("textarea[name=body]", "Lampan är utbytt.")
    author.click("#reply button[type=submit].primary")
    author.wait_for_selector("article.post:has-text('Lampan är utbytt.')")
    reader.wait_for_timeout(500)
    assert reader.locator("article.post:has-text('Lampan är utbytt.')").count() == 0
    state["connections"][0].close(code=1011, reason="server restarted")
    state["away"] = False

    reader.wait_for_selector("article.post:has-text('Lampan är utbytt.')", timeout=15000)
    assert len(state["connections"]) == 2
    assert len(state["resumes"]) == 2, "each connection resumes after the last post on the page"
    assert reader.locator("article.post").count() == 2
