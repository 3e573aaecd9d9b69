"""The door for partner systems: authenticate the API key, check its scope, limit its rate, act as
its service identity, audit the use. Views under /open311/ are wrapped in api_view()."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from integrations import open311, selectors, services
from integrations.models import ApiKey

View = Callable[..., HttpResponse]


def key_secret(request: HttpRequest) -> str:
    """GeoReport v2 sends api_key as a parameter; a header keeps it out of server logs."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return (
        request.headers.get("X-Api-Key", "")
        or request.POST.get("api_key", "")
        or request.GET.get("api_key", "")
    ).strip()


def _within_rate(key: ApiKey) -> tuple[bool, int]:
    limit, seconds = settings.INTEGRATIONS_API_RATE_LIMIT
    window = int(time.time()) // seconds
    cache_key = f"ratelimit:apikey:{key.key_hash[:16]}:{window}"
    cache.add(cache_key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=seconds + 1)
        count = 1
    return count <= limit, seconds - int(time.time()) % seconds


def api_view(scope: str | None, methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """scope None: public (discovery). Otherwise a usable key with that scope (write for a POST) is
    required; the view runs with request.user the key's service identity and request.api_key the key.
    A refused scope is audited like any use; a request over the rate limit is not (it did nothing)."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> HttpResponse:
            if fmt not in open311.FORMATS:
                return open311.errors("json", 404, _("Use the .json or .xml format."))
            if request.method not in methods:
                response = open311.errors(fmt, 405, _("This method is not allowed here."))
                response["Allow"] = ", ".join(methods)
                return response
            if scope is None:
                return view(request, *args, fmt=fmt, **kwargs)
            key = selectors.api_key_for_secret(key_secret(request))
            if key is None or not key.is_usable:
                response = open311.errors(fmt, 401, _("A valid api_key is required."))
                response["WWW-Authenticate"] = 'Bearer realm="open311"'
                return response
            # Every write is a POST: a POST needs the write scope, whatever the resource reads.
            needed = "write" if request.method == "POST" else scope
            if not key.allows(needed):
                response = open311.errors(
                    fmt, 403, _("This key does not have the %(scope)s scope.") % {"scope": needed}
                )
            else:
                allowed, retry_after = _within_rate(key)
                if not allowed:
                    response = open311.errors(
                        fmt,
                        429,
                        _("Too many requests with this key; try again in %(seconds)s seconds.")
                        % {"seconds": retry_after},
                    )
                    response["Retry-After"] = str(retry_after)
                    return response
                request.user = key.service_user
                request.api_key = key  # type: ignore[attr-defined]
                response = view(request, *args, fmt=fmt, **kwargs)
            services.record_api_key_use(
                key=key, method=request.method or "", path=request.path, status=response.status_code
            )
            return response

        return wrapped

    return decorate
