"""What the partner network holds about a person, registered with partners.privacy; also the
notifications realtime keeps (realtime imports no domain app, so the lowest one registers them), and
a forgotten object's notifications lose their text, which quotes it."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from partners import privacy
from partners.models import AuditEvent, Invitation, Membership, Organisation, User
from realtime.kinds import label_for
from realtime.models import Notification, NotificationPreference


def _profile(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.full_name,
        "title": user.title,
        "phone": user.phone,
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "hub_roles": user.roles,
    }


def _forget_notifications(obj: models.Model) -> Iterable[models.Model]:
    if not hasattr(obj, "get_absolute_url"):
        return []
    told = Notification.objects.filter(url=obj.get_absolute_url())
    for kind in set(told.values_list("kind", flat=True)):
        text = _("%(kind)s (anonymised)") % {"kind": label_for(kind)}
        told.filter(kind=kind).update(text=text[:500], message="")
    return []


def register() -> None:
    privacy.register(
        Notification,
        "recipient",
        section="notifications",
        fields=["kind", "text", "url", "created_at", "read_at"],
    )
    privacy.register(Notification, "actor", section="notifications_caused", fields=["kind", "created_at"])
    privacy.register(NotificationPreference, "user", section="email_preferences", fields=["kind", "delivery"])
    privacy.forgets(Notification, _forget_notifications)
    privacy.register(User, "pk", section="profile", row=_profile)
    privacy.register(
        Membership,
        "user",
        section="membership",
        related=["organisation"],
        row=lambda m: {"organisation": m.organisation.name, "role": m.role, "is_signatory": m.is_signatory},
    )
    privacy.register(Organisation, "contact_person", section="contact_person_of", fields=["name"])
    privacy.register(
        Invitation,
        "invited_by",
        section="invitations_sent",
        related=["organisation"],
        row=lambda i: {
            "email": i.email,
            "organisation": i.organisation.name,
            "created": i.created_at.isoformat(),
        },
    )
    privacy.register(
        Invitation,
        "accepted_by",
        section="invitation_accepted",
        related=["organisation"],
        row=lambda i: {"organisation": i.organisation.name, "accepted": privacy.plain(i.accepted_at)},
    )
    privacy.register(
        AuditEvent,
        "actor",
        section="audit_events",
        row=lambda e: {
            "action": e.action,
            "target": e.target_label,
            "ip": e.ip,
            "time": e.created_at.isoformat(),
        },
    )
