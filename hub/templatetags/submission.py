"""{% csrf_token %} that also stamps the form with a one-time submission id.

Registered as a template builtin (settings.TEMPLATES), so every POST form in every app carries the
id without each template having to remember it; hub.middleware.DuplicateSubmissionMiddleware uses
it to turn a double click or a back-and-resubmit into one object.
"""

import uuid

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

register = template.Library()


class CsrfAndSubmissionNode(template.Node):
    def render(self, context: template.Context) -> str:
        csrf = CsrfTokenNode().render(context)
        if not csrf:
            return csrf
        return csrf + format_html('<input type="hidden" name="_submission" value="{}">', uuid.uuid4().hex)


@register.tag("csrf_token")
def csrf_token(parser: template.base.Parser, token: template.base.Token) -> CsrfAndSubmissionNode:
    return CsrfAndSubmissionNode()
