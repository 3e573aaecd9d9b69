"""The sanitiser under random hostile input: whatever goes in, nothing script-capable comes out."""

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown, sanitize

TAGS = [
    "script",
    "style",
    "iframe",
    "svg",
    "math",
    "img",
    "a",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "link",
    "meta",
    "base",
    "video",
    "audio",
    "source",
    "details",
    "p",
    "b",
    "table",
    "td",
    "h3",
    "blockquote",
    "code",
    "pre",
    "noscript",
    "template",
    "xmp",
    "plaintext",
    "foreignObject",
]
ATTRIBUTES = [
    "href",
    "src",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "style",
    "srcdoc",
    "formaction",
    "xlink:href",
    "action",
    "data",
    "title",
    "rel",
    "align",
    "background",
    "poster",
]
SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "java&#x09;script:",
    "&#106;avascript:",
    "jav&#x61;script:",
    "vbscript:",
    "data:text/html,",
    "data:image/svg+xml,",
    "livescript:",
    " javascript:",
    "\x01javascript:",
    "http://",
    "https://",
    "mailto:",
    "//",
    "",
    "file:",
]
PAYLOADS = [
    "alert(1)",
    "<script>alert(1)</script>",
    "x",
    "%0a",
    "&lt;svg/onload=alert(1)&gt;",
    '"',
    "'",
    "`",
    "-->",
    "]]>",
]

text = st.sampled_from(PAYLOADS) | st.text(alphabet="<>\"'=/&#;:abcjsvrxipt() \n`", max_size=12)


@st.composite
def hostile_element(draw, depth=0):
    tag = draw(st.sampled_from(TAGS))
    attrs = []
    for name in draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3)):
        value = draw(st.sampled_from(SCHEMES)) + draw(text)
        quote = draw(st.sampled_from(['"', "'", ""]))
        attrs.append(f"{name}={quote}{value}{quote}")
    inner = draw(text)
    if depth < 2 and draw(st.booleans()):
        inner += draw(hostile_element(depth=depth + 1))
    close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "<!--"]))
    return f"<{tag} {' '.join(attrs)}>{inner}{close}"


@st.composite
def hostile_markdown(draw):
    parts = draw(
        st.lists(
            hostile_element()
            | st.builds(lambda s, t: f"[link]({s}{t})", st.sampled_from(SCHEMES), text)
            | st.builds(lambda s, t: f"![img]({s}{t})", st.sampled_from(SCHEMES), text)
            | st.builds(lambda s: f"<{s}alert(1)>", st.sampled_from(SCHEMES))
            | text,
            min_size=1,
            max_size=6,
        )
    )
    return draw(st.sampled_from(["", "\n\n", " "])).join(parts)


def scheme_of(url: str) -> str:
    try:
        return urlparse(url.strip()).scheme.lower()
    except ValueError:  # e.g. "http://)" is no valid netloc for Python, but a browser reads the scheme
        match = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
        return match.group(1).lower() if match else ""


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag {tag}")
        allowed = ALLOWED_ATTRIBUTES.get(tag, [])
        for name, value in attrs:
            if name.startswith("on") or name not in allowed:
                self.problems.append(f"attribute {name} on {tag}")
            if name == "href" and value is not None:
                scheme = scheme_of(value)
                # A relative link resolves to the hub itself (http or https).
                if scheme not in {"", "http", "https", "mailto"}:
                    self.problems.append(f"href {value!r}")

    handle_startendtag = handle_starttag


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markdown())
def test_rendered_markdown_never_carries_script_capable_markup(source):
    assert problems_in(render_markdown(source)) == []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markdown())
def test_sanitize_of_raw_html_never_carries_script_capable_markup(source):
    assert problems_in(sanitize(source)) == []


@settings(max_examples=100, deadline=None)
@given(hostile_markdown())
def test_sanitize_is_idempotent(source):
    once = sanitize(source)
    assert sanitize(once) == once
