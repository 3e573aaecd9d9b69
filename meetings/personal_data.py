"""What meetings hold about a person, registered with partners.privacy."""

from meetings.models import (
    Action,
    ActionPlan,
    AnnualPicture,
    Approval,
    Invitation,
    Meeting,
    PlanActionFollowUp,
    YearDate,
)
from partners import privacy


def register() -> None:
    privacy.register(Meeting, "planned_by", section="planned", fields=["title", "starts_at", "place"])
    privacy.register(Meeting, "chair", section="chaired", fields=["title", "starts_at"])
    privacy.register(Meeting, "adjuster", section="adjusted", fields=["title", "starts_at"])
    privacy.register(
        Invitation, "user", section="invitations", fields=["meeting_id", "response", "responded_at"]
    )
    privacy.register(
        Action, "done_by", section="actions_done", fields=["description", "done_at", "done_comment"]
    )
    privacy.register(
        Approval, "approved_by", section="approvals", fields=["meeting_id", "role", "approved_at"]
    )
    privacy.register(
        AnnualPicture, "created_by", section="annual_pictures", fields=["year", "number", "created_at"]
    )
    privacy.register(ActionPlan, "created_by", section="action_plans", fields=["year", "created_at"])
    privacy.register(
        PlanActionFollowUp,
        "recorded_by",
        section="plan_follow_ups",
        fields=["action_id", "term", "status", "updated_at"],
    )
    privacy.register(
        YearDate, "created_by", section="year_dates", fields=["title", "starts_on", "created_at"]
    )
