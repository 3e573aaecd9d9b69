"""{% fragment "name" %} … {% endfragment %}: the part of a page between the tags, cached by
hub.fragments (per session, language, data version and the page's full path). Views hand the
expensive values as lazy objects, so a cached fragment costs none of their queries.

{% shared_fragment "name" value … %} … {% endshared_fragment %}: the part between the tags, one text
for everyone it shows the same values to (hub.fragments.shared). The values must be all it shows and
all the reader may do to it (a post's text, author and actions): two people with the same values
read the same text. A part that shows nothing of the person or the request (an empty form) names
no values. Either tag takes reads="app other_app": the apps whose data it shows beyond
those values (a fragment: none means any change renders it afresh; a shared one: none means its
values say it all).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from hub import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name: FilterExpression, nodelist: NodeList, reads: tuple[str, ...] | None) -> None:
        self.name = name
        self.nodelist = nodelist
        self.reads = reads

    def render(self, context: Any) -> SafeString:
        request = context.get("request")
        if request is None or not hasattr(request, "session"):
            return self.nodelist.render(context)
        name = f"{self.name.resolve(context)}:{request.get_full_path()}"
        # The nodelist's own escaping already applied; the cache keeps the rendered text.
        return mark_safe(  # noqa: S308
            fragments.cached(request, name, lambda: str(self.nodelist.render(context)), reads=self.reads)
        )


class SharedFragmentNode(template.Node):
    def __init__(
        self,
        name: FilterExpression,
        values: list[FilterExpression],
        nodelist: NodeList,
        reads: tuple[str, ...] | None,
    ) -> None:
        self.name = name
        self.values = values
        self.nodelist = nodelist
        self.reads = () if reads is None else reads

    def render(self, context: Any) -> SafeString:
        return mark_safe(  # noqa: S308
            fragments.shared(
                str(self.name.resolve(context)),
                [value.resolve(context) for value in self.values],
                lambda: str(self.nodelist.render(context)),
                reads=self.reads,
            )
        )


def _reads(parser: Parser, bits: list[str]) -> tuple[list[str], tuple[str, ...] | None]:
    if bits and bits[-1].startswith("reads="):
        apps = parser.compile_filter(bits[-1][len("reads=") :]).resolve({})
        return bits[:-1], tuple(str(apps).split())
    return bits, None


@register.tag("fragment")
def do_fragment(parser: Parser, token: Token) -> FragmentNode:
    bits, reads = _reads(parser, token.split_contents()[1:])
    if len(bits) != 1:
        raise template.TemplateSyntaxError('{% fragment %} takes one name and, optionally, reads="apps"')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[0]), nodelist, reads)


@register.tag("shared_fragment")
def do_shared_fragment(parser: Parser, token: Token) -> SharedFragmentNode:
    bits, reads = _reads(parser, token.split_contents()[1:])
    if not bits:
        raise template.TemplateSyntaxError("{% shared_fragment %} takes a name and the values it shows")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(
        parser.compile_filter(bits[0]), [parser.compile_filter(bit) for bit in bits[1:]], nodelist, reads
    )
