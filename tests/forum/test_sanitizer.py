"""The stored HTML of a post against hostile input: nothing script-capable survives, however it is
encoded, and the allowed markup does survive. Checked with an HTML parser, not by string search."""

import re
from html.parser import HTMLParser

import pytest

from partners.markup import render_markdown

FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "svg",
    "object",
    "embed",
    "img",
    "math",
    "form",
    "input",
    "button",
    "link",
    "meta",
    "base",
    "frame",
    "frameset",
    "applet",
    "video",
    "audio",
    "source",
    "template",
    "noscript",
    "textarea",
    "select",
    "marquee",
    "xml",
    "image",
    "animate",
    "set",
    "use",
    "foreignobject",
}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")  # the URL standard's scheme grammar


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def parse(html):
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_harmless(html):
    for tag, attrs in parse(html):
        assert tag not in FORBIDDEN_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name not in {"style", "srcdoc", "formaction", "xlink:href", "src", "background"}, (
                name,
                html,
            )
            if name == "href":
                # The parser has already decoded entities; strip what browsers ignore before the scheme.
                normalised = "".join(ch for ch in (value or "") if ch > " " and ch != "\x7f").lower()
                scheme = SCHEME.match(normalised)
                # No scheme at all is a relative link (harmless); any scheme must be http(s) or mailto.
                assert scheme is None or normalised.startswith(SAFE_SCHEMES), (value, html)


VECTORS = [
    # plain tags
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<script/xss src=//evil.example></script>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<img src=`javascript:alert(1)`>",
    "<img/src/onerror=alert(1)>",
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><use href=data:image/svg+xml;base64,PHN2ZyBpZD0neCc+PC9zdmc+#x></use></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><foreignObject><iframe src=javascript:alert(1)>",
    # attribute tricks
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java&#09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',  # noqa: E501
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="http://ok.example" onclick="alert(1)">x</a>',
    '<a href="http://ok.example" onmouseover=alert(1) style="position:fixed;inset:0">x</a>',
    "<p onclick=alert(1)>x</p>",
    "<p style=\"background:url('javascript:alert(1)')\">x</p>",
    '<div onmouseover="alert(1)">x</div>',
    "<a href='x' title='\"><script>alert(1)</script>'>x</a>",
    "<table background=javascript:alert(1)><tr><td>x</td></tr></table>",
    "<td onclick=alert(1)>x</td>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "<base href=javascript:alert(1)//>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    # markdown link and image tricks
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](javascript&#58;alert(1))",
    "[click](&#x6a;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:alert(1))",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '![x](https://ok.example/i.png "title" onerror="alert(1)")',
    '[x](https://ok.example "a" onmouseover="alert(1)")',
    "<javascript:alert(1)>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "### <svg onload=alert(1)>",
    "* <a href=javascript:alert(1)>x</a>",
    '%3Cscript%3Ealert(1)%3C/script%3E <a href="%6A%61%76%61script:alert(1)">x</a>',
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    '<a href="jav\u0000ascript:alert(1)">x</a>',
    '<a href="\u2028javascript:alert(1)">x</a>',
]


def test_there_are_at_least_fifty_vectors():
    assert len(VECTORS) >= 50


@pytest.mark.parametrize("vector", VECTORS)
def test_hostile_input_leaves_nothing_script_capable(vector):
    assert_harmless(render_markdown(vector))


@pytest.mark.parametrize("vector", VECTORS)
def test_hostile_input_nested_in_markup_leaves_nothing_script_capable(vector):
    assert_harmless(render_markdown(f"> **quote** {vector}\n\n- item {vector}"))


def test_every_link_gets_nofollow_noopener():
    tags = parse(render_markdown("[Brå](https://bra.se/) och https://polisen.se"))
    links = [attrs for tag, attrs in tags if tag == "a"]
    assert len(links) == 2
    assert all(attrs["rel"] == "nofollow noopener" for attrs in links)


@pytest.mark.parametrize(
    ("source", "tag"),
    [
        ("| a | b |\n|---|---|\n| 1 | 2 |", "table"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "td"),
        ("### Rubrik", "h3"),
        ("###### Liten rubrik", "h6"),
        ("`kod`", "code"),
        ("```\nkod\n```", "pre"),
        ("> citat", "blockquote"),
        ("- ett\n- två", "ul"),
        ("1. ett\n2. två", "ol"),
        ("**fet**", "strong"),
        ("*kursiv*", "em"),
        ("[länk](mailto:a@example.test)", "a"),
    ],
)
def test_allowed_markup_survives(source, tag):
    assert tag in [found for found, _attrs in parse(render_markdown(source))]


def test_headings_above_h3_are_not_allowed():
    tags = [tag for tag, _attrs in parse(render_markdown("# Stor\n\n## Mellan"))]
    assert "h1" not in tags and "h2" not in tags
