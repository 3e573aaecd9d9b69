"""Sends leadership, coordinators and chairs without an authenticator to two-factor set-up.

allauth offers MFA but does not require it for anyone; HUB_MFA_REQUIRED_FOR_PRIVILEGED does.
"""

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from partners import permissions

_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class RequireMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up_mfa(self, request: HttpRequest) -> bool:
        if not settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED:
            return False
        if request.path.startswith(_ALLOWED_PREFIXES):
            return False
        return must_set_up_mfa(request.user)


def must_set_up_mfa(user: Any) -> bool:
    """A privileged person without an authenticator, where two-factor login is required: held at
    the set-up page over HTTP, and refused on every socket."""
    if not settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED:
        return False
    if not user.is_authenticated or not permissions.is_privileged(user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
