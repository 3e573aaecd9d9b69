"""Formatting for the agreements pages."""

from django import template

register = template.Library()


@register.filter
def sek(value: object) -> str:
    """Whole kronor with Swedish thousands grouping (a no-break space): 2200000 -> "2 200 000"."""
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return f"{number:,}".replace(",", "\u00a0")
