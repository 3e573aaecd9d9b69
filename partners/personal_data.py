"""What the partner network holds about a person, registered with partners.privacy."""

from typing import Any

from partners import privacy
from partners.models import AuditEvent, Invitation, Membership, Organisation, User


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


def register() -> None:
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
