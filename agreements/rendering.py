"""An agreement's Markdown as a reader sees it, outside a web page: readable lines for the version
diff, and reportlab flowables for the PDF. Both start from partners.markup.render_markdown, so they
show what the version page shows; the signed hash stays over the Markdown source (models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from xml.sax.saxutils import escape, quoteattr

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = HEADINGS | {"p", "ul", "ol", "li", "blockquote", "pre", "table", "thead", "tbody", "tr", "hr"}
VOID = {"br", "hr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """The sanitised HTML of render_markdown (an allow-list of simple tags) as a small tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def tree(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _is_block(item: Node | str) -> bool:
    return isinstance(item, Node) and item.tag in BLOCKS


def _runs(node: Node) -> list[Node | list[Node | str]]:
    """The children of a node with consecutive inline content grouped into one run."""
    runs: list[Node | list[Node | str]] = []
    for child in node.children:
        if _is_block(child):
            runs.append(child)  # type: ignore[arg-type]
        elif runs and isinstance(runs[-1], list):
            runs[-1].append(child)
        else:
            runs.append([child])
    return runs


def _raw(items: list[Node | str]) -> str:
    return "".join(item if isinstance(item, str) else _raw(item.children) for item in items)


# --- readable lines (the version diff) ---------------------------------------------------------------


def _text(items: list[Node | str]) -> list[str]:
    """Inline content as its words, one line per <br>."""
    lines = [""]
    for item in items:
        if isinstance(item, str):
            lines[-1] += item
        elif item.tag == "br":
            lines.append("")
        else:
            inner = _text(item.children)
            lines[-1] += inner[0]
            lines.extend(inner[1:])
    return [" ".join(line.split()) for line in lines]


def readable_lines(html: str) -> list[tuple[str, str]]:
    """(style, text) per line a reader sees: style is "heading", "item", "quote" or "paragraph"."""
    lines: list[tuple[str, str]] = []

    def walk(node: Node, style: str) -> None:
        for run in _runs(node):
            if isinstance(run, list):
                lines.extend((style, text) for text in _text(run) if text)
            elif run.tag in HEADINGS:
                lines.extend(("heading", text) for text in _text(run.children) if text)
            elif run.tag == "li":
                walk(run, "item")
            elif run.tag == "blockquote":
                walk(run, "quote")
            elif run.tag == "tr":
                cells = [" ".join(_text(cell.children)) for cell in run.children if isinstance(cell, Node)]
                lines.append((style, " | ".join(cells)))
            elif run.tag == "pre":
                lines.extend((style, text) for text in _raw(run.children).splitlines() if text.strip())
            elif run.tag != "hr":
                walk(run, style)

    walk(tree(html), "paragraph")
    return lines


# --- reportlab flowables (the PDF) --------------------------------------------------------------------

INLINE_TAGS = {
    "strong": ("<b>", "</b>"),
    "b": ("<b>", "</b>"),
    "em": ("<i>", "</i>"),
    "i": ("<i>", "</i>"),
    "del": ("<strike>", "</strike>"),
    "s": ("<strike>", "</strike>"),
    "code": ('<font face="Courier">', "</font>"),
}


def _markup(items: list[Node | str]) -> str:
    """Inline content as reportlab paragraph markup; every piece of text is escaped."""
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(escape(" ".join(item.split("\n"))))
        elif item.tag == "br":
            out.append("<br/>")
        elif item.tag == "a" and item.attrs.get("href"):
            out.append(f'<a href={quoteattr(item.attrs["href"])} color="blue">{_markup(item.children)}</a>')
        else:
            start, end = INLINE_TAGS.get(item.tag, ("", ""))
            out.append(f"{start}{_markup(item.children)}{end}")
    return "".join(out).strip()


def flowables(html: str, styles: Any) -> list[Any]:
    """Headings as heading styles, paragraphs, bullet and numbered lists, quotes, code and tables."""
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, ListFlowable, ListItem, Paragraph, Preformatted, Table

    body = styles["BodyText"]
    quote = body.clone("quote", leftIndent=12, textColor=colors.HexColor("#444444"))
    heading = {"h1": "Heading2", "h2": "Heading2", "h3": "Heading3", "h4": "Heading4"}

    def blocks(node: Node, style: Any) -> list[Any]:
        story: list[Any] = []
        for run in _runs(node):
            if isinstance(run, list):
                text = _markup(run)
                if text:
                    story.append(Paragraph(text, style))
            elif run.tag in HEADINGS:
                story.append(Paragraph(_markup(run.children), styles[heading.get(run.tag, "Heading5")]))
            elif run.tag in ("ul", "ol"):
                items = [
                    ListItem(blocks(item, style) or [Paragraph("", style)])
                    for item in run.children
                    if isinstance(item, Node) and item.tag == "li"
                ]
                if run.tag == "ol":
                    story.append(ListFlowable(items, bulletType="1", leftIndent=14))
                else:
                    story.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=14))
            elif run.tag == "blockquote":
                story.extend(blocks(run, quote))
            elif run.tag == "pre":
                story.append(Preformatted(_raw(run.children).rstrip("\n"), styles["Code"]))
            elif run.tag == "hr":
                story.append(HRFlowable(width="100%", thickness=0.5, color=colors.grey))
            elif run.tag == "table":
                rows = [
                    [
                        Paragraph(_markup(cell.children), style)
                        for cell in row.children
                        if isinstance(cell, Node)
                    ]
                    for section in run.children
                    if isinstance(section, Node)
                    for row in (section.children if section.tag in ("thead", "tbody") else [section])
                    if isinstance(row, Node) and row.tag == "tr"
                ]
                if rows:
                    story.append(Table(rows))
            else:
                story.extend(blocks(run, style))
        return story

    return blocks(tree(html), body)
