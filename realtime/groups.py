"""Channels group names, in one place so senders and consumers agree."""


def user_group(user_id: int) -> str:
    """Every socket of one user: notifications, and closing them all on deactivation."""
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    """The sockets opened under one login session: closed when that session logs out."""
    return f"session.{session_key}"
