"""allauth adapters: a closed network (nobody signs up; invitations create accounts), and ending a
session also closes the sockets opened under it."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from partners import audit, permissions
from realtime.services import disconnect_session, disconnect_users


@dataclass(frozen=True)
class HubSite:
    """What allauth's mails call the site: the hub's name and the address it is served at, never
    whatever host a request happened to name."""

    name: str
    domain: str


def hub_site() -> HubSite:
    return HubSite(name=_("Samverkan"), domain=urlsplit(settings.HUB_SITE_URL).netloc)


class ClosedNetworkAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def set_password(self, user: Any, password: str) -> None:
        """A new password (changed, reset or set) logs out every other session, and their sockets
        with them; the page that changed it opens a new socket on its next load."""
        super().set_password(user, password)
        disconnect_users([user.pk], reason="password_changed")

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": hub_site()})

    def format_email_subject(self, subject: str) -> str:
        return f"[{hub_site().name}] {subject}"

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins count per account *and* address: wrong passwords typed from one address
        lock that address out of that account, never the owner at their usual address. Each
        address also has its own limit over all accounts (the "ip" part of login_failed)."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{audit.client_ip(request)}"

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        """A member of a deactivated organisation is turned away as an inactive account is."""
        if permissions.is_shut_out(user):
            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)


class SocketClosingUserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions: Iterable[UserSession]) -> None:
        for session in sessions:
            audit.record(
                actor=session.user,
                action="auth.session_end",
                target=session.user,
                data={"ip": session.ip, "user_agent": session.user_agent[:120]},
            )
            session.end()
            disconnect_session(session.session_key, reason="session_ended")
