"""Audit of logins and logouts, which Django and allauth report only as signals."""

from typing import Any

from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from partners import audit
from realtime.services import disconnect_session


@receiver(user_logged_in)
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(actor=user, action="auth.login", target=user, request=request)
    # Every way in (allauth's form, an accepted invitation) registers the session once, so that
    # deactivation can end it and the user can see it; tracking each request would write on every GET.
    if request is not None and hasattr(request, "session") and hasattr(request, "user"):
        UserSession.objects.create_from_request(request)


@receiver(user_login_failed)
def record_failed_login(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit.record(
        actor=None,
        actor_label=attempted,
        action="auth.login_failed",
        request=request,
        data={"email": attempted},
    )


@receiver(user_logged_out)
def record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit.record(actor=user, action="auth.logout", target=user, request=request)
    # An open socket outlives the HTTP session unless it is told to close; only this session's.
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    disconnect_session(session_key, reason="logged_out")
