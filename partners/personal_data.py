"""What the partner network holds about a person, for their own data export."""

from typing import Any

from partners.models import AuditEvent, Invitation, User


def export(user: User) -> dict[str, Any]:
    membership = getattr(user, "membership", None)
    return {
        "profile": {
            "email": user.email,
            "name": user.full_name,
            "title": user.title,
            "phone": user.phone,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "hub_roles": user.roles,
        },
        "membership": {
            "organisation": membership.organisation.name,
            "role": membership.role,
            "is_signatory": membership.is_signatory,
        }
        if membership
        else None,
        "invitations_sent": [
            {
                "email": invitation.email,
                "organisation": invitation.organisation.name,
                "created": invitation.created_at.isoformat(),
            }
            for invitation in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "audit_events": [
            {
                "action": event.action,
                "target": event.target_label,
                "ip": event.ip,
                "time": event.created_at.isoformat(),
            }
            for event in AuditEvent.objects.filter(actor=user).order_by("created_at")
        ],
    }
