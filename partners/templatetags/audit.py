from typing import Any

from django import template

from partners import audit_labels

register = template.Library()


@register.filter
def audit_action(action: str) -> str:
    return audit_labels.action_label(action)


@register.filter
def audit_details(data: Any) -> list[tuple[str, str]]:
    return audit_labels.details(data if isinstance(data, dict) else {})
