"""Markdown to safe HTML, once, when text is written. The stored HTML is the only thing templates
mark safe. sanitize() is the single place the allow-list lives; swapping bleach for nh3 is a change
here alone."""

from __future__ import annotations

from functools import partial

import markdown
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.nl2br import Nl2BrExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "b",
        "i",
        "del",
        "s",
        "blockquote",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Instances rather than names: a name is looked up among the installed packages' entry points on
# every call, which cost ~30 ms on the first answer or post after a server start.
MARKDOWN_EXTENSIONS = [TableExtension(), FencedCodeExtension(), SaneListExtension(), Nl2BrExtension()]


def _link_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


# Linkifying inside the same pass as cleaning (a filter, not a second parse) keeps text in <code>
# escaped exactly once.
_cleaner = Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_rel], skip_tags={"pre", "code"}, parse_email=False)],
)


def sanitize(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes; every link gets rel=nofollow."""
    return _cleaner.clean(html)


def render_markdown(text: str) -> str:
    """Markdown source (kept raw by the caller) to sanitised HTML. Raw HTML in the source is escaped
    by the sanitiser's strip, never passed through."""
    html = markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return sanitize(html)


def plain_text(text: str) -> str:
    """Markdown source as the words a reader sees (for search snippets): no markup, no tags."""
    from html import unescape

    from django.utils.html import strip_tags

    rendered = markdown.markdown(text or "", extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return " ".join(unescape(strip_tags(rendered.replace("<", " <"))).split())
