"""Template context every page needs: the user's organisation, roles and the navigation."""

from django.http import HttpRequest

from hub.discovery import nav_links
from partners import permissions
from realtime.selectors import unread_count


def hub(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_membership": permissions.membership_of(user),
        "nav_links": nav_links(request),
        "unread_notifications": unread_count(user),
    }
