"""What the situation picture holds about a person, for their own data export."""

from typing import Any

from partners.models import User
from situation.models import AreaFollow, FindingResponse, ReportingDuty, Walk, WalkSignup, WeeklyCheckIn


def export(user: User) -> dict[str, Any]:
    return {
        "reporter_for": [
            duty.organisation.name
            for duty in ReportingDuty.objects.filter(user=user).select_related("organisation")
        ],
        "weekly_answers": [
            {
                "organisation": answer.organisation.name,
                "week": f"{answer.year}-W{answer.week:02d}",
                "kind": answer.kind,
            }
            for answer in WeeklyCheckIn.objects.filter(reported_by=user).select_related("organisation")
        ],
        "areas_followed": [
            follow.area.name for follow in AreaFollow.objects.filter(user=user).select_related("area")
        ],
        "walks_organised": [
            {
                "kind": walk.kind,
                "area": walk.area.name,
                "starts_at": walk.starts_at.isoformat(),
                "status": walk.status,
            }
            for walk in Walk.objects.filter(organiser=user).select_related("area")
        ],
        "walk_signups": [
            {"walk": signup.walk_id, "signed_up": signup.created_at.isoformat()}
            for signup in WalkSignup.objects.filter(user=user)
        ],
        "finding_commitments": [
            {"finding": response.finding_id, "commitment": response.commitment, "at": response.at.isoformat()}
            for response in FindingResponse.objects.filter(by=user)
        ],
    }
