"""Who a rule or a read path is asked about: a signed-in user, or nobody (the anonymous visitor)."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from partners.models import User

Viewer: TypeAlias = User | AnonymousUser
