"""Template context every page needs: the user's organisation, roles and the navigation."""

import time

from django.conf import settings
from django.http import HttpRequest

from hub import fragments
from hub.discovery import nav_links
from hub.middleware import session_expiry
from partners import permissions
from realtime.selectors import badge


def hub(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread, last_id = badge(user)
    return {
        "session_expires_at": session_expiry(request),
        "session_warning_seconds": settings.HUB_SESSION_WARNING_SECONDS,
        "server_now": int(time.time()),
        "current_membership": permissions.membership_of(user),
        # Who may go where follows from roles and memberships, which are the partners app's data.
        "nav_links": fragments.cached(
            request, "nav", lambda: nav_links(request), reads=("partners",), seconds=fragments.KEPT_SECONDS
        ),
        "unread_notifications": unread,
        # live.js resumes from here, so a fresh tab does not toast notifications the page already counts.
        "last_notification_id": last_id,
    }


def maps(request: HttpRequest) -> dict[str, object]:
    """What every map on a page needs: the tile server (empty: none), its attribution, where a map
    opens, and where the areas' outlines are."""
    from django.urls import reverse

    return {
        "map_tiles": settings.HUB_MAP_TILE_URL,
        "map_attribution": settings.HUB_MAP_TILE_ATTRIBUTION,
        "map_centre": f"{settings.HUB_MAP_CENTRE[0]},{settings.HUB_MAP_CENTRE[1]}",
        "map_areas_url": reverse("intake:areas_geojson"),
    }
