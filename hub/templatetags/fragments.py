"""{% fragment "name" %} … {% endfragment %}: the part of a page between the tags, cached by
hub.fragments (per session, language, data version and the page's full path). Views hand the
expensive values as lazy objects, so a cached fragment costs none of their queries."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from hub import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name: FilterExpression, nodelist: NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: Any) -> SafeString:
        request = context.get("request")
        if request is None or not hasattr(request, "session"):
            return self.nodelist.render(context)
        name = f"{self.name.resolve(context)}:{request.get_full_path()}"
        # The nodelist's own escaping already applied; the cache keeps the rendered text.
        return mark_safe(fragments.cached(request, name, lambda: str(self.nodelist.render(context))))  # noqa: S308


@register.tag("fragment")
def do_fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment %} takes one name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), nodelist)
