"""Leadership's live dashboard socket: join the leadership group, re-check and render on every event.

Group messages carry only an id and a kind of change; the consumer checks again that this user may
still watch the dashboard and see the escalation, then renders the row from the database.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from escalations import permissions
from escalations.models import Escalation
from escalations.services import LEADERSHIP_GROUP
from realtime.consumers import CLOSE_SESSION_ENDED, AccountSocket


def _fresh_user(user_id: int) -> Any:
    return get_user_model().objects.select_related("membership__organisation").filter(pk=user_id).first()


def _may_watch(user_id: int) -> bool:
    user = _fresh_user(user_id)
    return user is not None and permissions.can_watch_dashboard(user)


def _render_row(user_id: int, escalation_id: int) -> dict[str, Any] | None:
    user = _fresh_user(user_id)
    if user is None or not permissions.can_watch_dashboard(user):
        return None
    escalation = (
        Escalation.objects.visible_to(user).select_related("organisation").filter(pk=escalation_id).first()
    )
    if escalation is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("escalations/_row.html", {"escalation": escalation})
    return {"id": escalation.pk, "urgency": escalation.urgency, "status": escalation.status, "html": html}


class EscalationDashboardConsumer(AccountSocket):
    async def admit(self, user: Any) -> list[str] | None:
        if not await database_sync_to_async(_may_watch)(user.pk):
            await self.close(code=CLOSE_SESSION_ENDED)
            return None
        return [LEADERSHIP_GROUP]

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        await self.send_error("unknown message type")

    async def escalation_changed(self, event: dict[str, Any]) -> None:
        if not isinstance(event.get("id"), int):
            return
        row = await database_sync_to_async(_render_row)(self.user_id, event["id"])
        if row is None:
            # Lost access since joining: leave the group and close.
            if not await database_sync_to_async(_may_watch)(self.user_id):
                await self.close(code=CLOSE_SESSION_ENDED)
            return
        await self.send_json({"type": "escalation", "change": str(event.get("change", "")), **row})
