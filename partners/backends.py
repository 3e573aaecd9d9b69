"""Authentication backends that load a signed-in person with their membership and organisation in
the one query every request makes anyway (the permission checks read both on every page)."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from partners.models import User


def _load(backend: ModelBackend, user_id: Any) -> User | None:
    user = User.objects.select_related("membership__organisation").filter(pk=user_id).first()
    return user if user is not None and backend.user_can_authenticate(user) else None


class HubModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        return _load(self, user_id)


class HubAuthenticationBackend(AuthenticationBackend):
    """allauth's backend (login by e-mail), loading the user the same way."""

    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        return _load(self, user_id)
