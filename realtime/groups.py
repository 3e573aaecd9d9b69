"""Channels group names, in one place so senders and consumers agree."""


def user_group(user_id: int) -> str:
    return f"user.{user_id}"
