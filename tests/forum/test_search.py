"""Search: hostile and vague queries never raise, highlights are escaped, results are ranked and the
index follows create, edit, hide, restore and move. The same tests run against PostgreSQL."""

import contextlib

import pytest
from django.urls import reverse

from forum import search, services
from forum.search import QueryTooVague, highlight, terms_of


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"unbalanced',
        "*",
        "klotter*",
        "NEAR",
        "NEAR(klotter stationen, 2)",
        "klotter OR",
        "AND NOT",
        "title:klotter",
        "^klotter",
        "klotter)",
        "(((",
        "-klotter",
        "{klotter}",
        "klotter + stationen",
        "'; DROP TABLE x; --",
        "\x00klotter",
        "k" * 500,
    ],
)
def test_operator_laden_queries_never_raise(query, db, member, thread):
    with contextlib.suppress(QueryTooVague):
        search.search(member, query)


@pytest.mark.parametrize("query", ["och att det", "the and or", "NEAR AND OR NOT", '"*"', "   ", "a b c"])
def test_stop_words_or_operators_only_are_too_vague(query):
    with pytest.raises(QueryTooVague):
        terms_of(query)


def test_terms_drop_operators_and_duplicates():
    assert terms_of('"Klotter" NEAR klotter* OR stationen') == ["klotter", "stationen"]


def test_highlight_escapes_everything_but_its_own_marks():
    html = highlight("<script>\x01x\x02</script> & \x01<b>\x02")
    assert html == "&lt;script&gt;<mark>x</mark>&lt;/script&gt; &amp; <mark>&lt;b&gt;</mark>"


def test_highlight_closes_an_unclosed_mark():
    assert highlight("\x01open") == "<mark>open</mark>"


def test_mark_terms_matches_prefixes_without_diacritics_and_ignores_planted_markers():
    marked = search.mark_terms("Övergången vid \x01<b>\x02 skolan", ["overgang"])
    assert highlight(marked) == "<mark>Övergången</mark> vid &lt;b&gt; skolan"


def test_snippet_is_cut_around_the_first_match():
    text = " ".join(["ord"] * 100 + ["klotter"] + ["ord"] * 100)
    snippet = search.snippet_of(text, ["klotter"], words=10)
    assert snippet.startswith("… ") and snippet.endswith(" …") and "\x01klotter\x02" in snippet


def search_behaviour(member, outsider, category, chair):
    thread = services.create_thread(
        category=category,
        by=member,
        title="Belysning vid busstorget",
        body="Lampan är trasig <script>x</script>",
    )
    other = services.create_thread(
        category=category, by=member, title="Annat", body="Här nämns belysning en gång"
    )
    results = search.search(outsider, "belysning")
    # A match in the title outranks a match in the body only.
    assert results[0].thread_id == thread.pk and results[-1].thread_id == other.pk
    assert "<mark>Belysning</mark>" in results[0].title
    post_hits = [r for r in search.search(outsider, "lampan") if r.kind == "post"]
    # SQLite returns the tag as text, escaped; PostgreSQL's ts_headline drops tags. Neither lets it through.
    assert post_hits and "<script>" not in post_hits[0].snippet
    assert "&lt;script&gt;" in post_hits[0].snippet or "script" not in post_hits[0].snippet
    # prefix matching
    assert search.search(outsider, "belys")
    # edit
    post = thread.posts.get()
    services.edit_post(post=post, by=member, body="Ny glödlampa monterad")
    assert not [r for r in search.search(outsider, "trasig") if r.kind == "post"]
    assert search.search(outsider, "glödlampa")
    # hide and restore
    services.hide_post(post=post, by=chair, reason="test")
    assert not search.search(outsider, "glödlampa")
    services.restore_post(post=post, by=chair)
    assert search.search(outsider, "glödlampa")
    assert other


@pytest.mark.django_db
def test_search_ranks_highlights_and_follows_the_index(member, outsider, category, chair):
    search_behaviour(member, outsider, category, chair)


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_search_ranks_highlights_and_follows_the_index(member, outsider, category, chair):
    from django.db import connection

    assert connection.vendor == "postgresql"
    search_behaviour(member, outsider, category, chair)


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', "NEAR(", "klotter:*", "a & | !", "och att", "x' OR 1=1 --"])
def test_postgres_hostile_queries_never_raise(query, member, thread):
    with contextlib.suppress(QueryTooVague):
        search.search(member, query)


@pytest.mark.django_db
def test_search_page_explains_vague_queries(member, client_for):
    response = client_for(member).get("/forum/search/", {"q": '"NEAR och'})
    assert response.status_code == 200
    assert "search-message" in response.content.decode()


@pytest.mark.django_db
def test_search_page_says_no_results(member, client_for):
    response = client_for(member).get("/forum/search/", {"q": "zyxwvu"})
    assert response.status_code == 200 and "search-message" in response.content.decode()


@pytest.mark.both_databases
@pytest.mark.django_db
def test_title_match_finds_the_thread_once_not_each_post(category, member, outsider):
    thread = services.create_thread(
        category=category, by=member, title="Cykelstölder i Handen", body="Första"
    )
    for number in range(3):
        services.reply(thread=thread, by=member, body=f"Svar {number}")
    results = search.search(outsider, "cykelstölder")
    assert [(r.kind, r.object_id) for r in results] == [("thread", thread.pk)]


@pytest.mark.both_databases
@pytest.mark.django_db
def test_post_results_show_their_thread_title(category, member, outsider):
    services.create_thread(category=category, by=member, title="Belysning", body="Trasig armatur vid skolan")
    (result,) = search.search(outsider, "armatur")
    assert result.kind == "post" and result.title == "Belysning"


@pytest.mark.both_databases
@pytest.mark.django_db
def test_snippets_are_the_text_a_reader_sees_not_its_markdown(category, member, outsider):
    services.create_thread(
        category=category,
        by=member,
        title="Belysning",
        body="Vi har bytt **tre gatlyktor** vid [skolan](https://x.se).",
    )
    (result,) = search.search(outsider, "gatlyktor")
    assert "**" not in result.snippet and "](" not in result.snippet
    assert "<mark>gatlyktor</mark>" in result.snippet


@pytest.mark.django_db
def test_a_result_points_at_its_post_and_the_post_is_marked_when_followed(
    category, member, outsider, client_for
):
    from django.conf import settings

    thread = services.create_thread(category=category, by=member, title="Belysning", body="Första")
    post = services.reply(thread=thread, by=member, body="Armaturen vid tunneln är trasig")
    (result,) = search.search(outsider, "armaturen")
    followed = client_for(outsider).get(result.url, follow=True)
    assert followed.redirect_chain[-1][0].endswith(f"#post-{post.pk}")
    assert f'id="post-{post.pk}"' in followed.content.decode()
    css = (settings.BASE_DIR / "static" / "css" / "hub.css").read_text()
    assert ".post:target" in css


def _hidden_thread(category, member, chair):
    thread = services.create_thread(
        category=category, by=member, title="Klotter vid Handenterminalen", body="Namn och adress här"
    )
    services.reply(thread=thread, by=member, body="Mer klotter på väggen")
    services.moderate_thread(thread=thread, by=chair, action="hide", reason="Personuppgifter")
    services.reply(thread=thread, by=chair, body="Klotter: tråden är dold, adress borttagen")
    return thread


@pytest.mark.both_databases
@pytest.mark.django_db
def test_a_hidden_thread_and_its_replies_never_appear_in_a_members_search(category, member, outsider, chair):
    _hidden_thread(category, member, chair)
    assert search.search(outsider, "klotter") == []
    assert search.search(outsider, "adress") == []


@pytest.mark.both_databases
@pytest.mark.django_db
def test_a_hidden_post_never_appears_in_a_members_search(category, member, outsider, chair):
    thread = services.create_thread(category=category, by=member, title="Belysning", body="Trasig lampa")
    post = services.reply(thread=thread, by=member, body="Personnummer 19800101-1234 står här")
    services.hide_post(post=post, by=chair, reason="Personuppgifter")
    assert search.search(outsider, "personnummer") == []


@pytest.mark.django_db
def test_the_search_page_does_not_list_a_hidden_threads_title(category, member, outsider, chair, client_for):
    _hidden_thread(category, member, chair)
    body = client_for(outsider).get(reverse("forum:search"), {"q": "klotter"}).content.decode()
    assert "Handenterminalen" not in body
