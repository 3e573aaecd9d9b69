from partners.markup import render_markdown


def test_code_text_is_escaped_exactly_once():
    assert render_markdown("`a < b`") == "<p><code>a &lt; b</code></p>"


def test_bare_and_markdown_links_get_nofollow_noopener():
    html = render_markdown("See https://bra.se and [the report](https://bra.se/rapport)")
    assert html.count('rel="nofollow noopener"') == 2


def test_links_in_code_are_not_linkified():
    assert "<a" not in render_markdown("`https://bra.se`")
