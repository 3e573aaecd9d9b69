"""Authentication backends that load a signed-in person with their membership and organisation in
the one query every request makes anyway (the permission checks read both on every page), and load
many people at once for sockets connecting together (realtime.middleware)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from partners.models import User


def _people() -> Any:
    return User.objects.select_related("membership__organisation")


def _load(backend: Any, user_id: Any) -> User | None:
    user = _people().filter(pk=user_id).first()
    return user if user is not None and backend.user_can_authenticate(user) else None


def _load_many(backend: Any, user_ids: Iterable[Any]) -> dict[Any, User]:
    """{id as given: user} for the ids of people who may sign in; the others are left out."""
    by_pk: dict[Any, Any] = {}
    for user_id in user_ids:
        try:
            by_pk[User._meta.pk.to_python(user_id)] = user_id
        except ValidationError:
            continue
    return {
        by_pk[user.pk]: user
        for user in _people().filter(pk__in=list(by_pk))
        if backend.user_can_authenticate(user)
    }


class _LoadsPeopleWithTheirOrganisation:
    """get_user and get_users for a backend that has user_can_authenticate."""

    def get_user(self, user_id: Any) -> User | None:
        return _load(self, user_id)

    def get_users(self, user_ids: Iterable[Any]) -> dict[Any, User]:
        return _load_many(self, user_ids)


class HubModelBackend(_LoadsPeopleWithTheirOrganisation, ModelBackend):
    pass


class HubAuthenticationBackend(_LoadsPeopleWithTheirOrganisation, AuthenticationBackend):
    """allauth's backend (login by e-mail), loading the user the same way."""
