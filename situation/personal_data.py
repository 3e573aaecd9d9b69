"""What the situation picture holds about a person, registered with partners.privacy; a walk
finding's responses lose their text when the finding's report is anonymised."""

from collections.abc import Iterable

from django.db import models

from partners import privacy
from reports.models import Report
from situation.models import (
    AreaFollow,
    AreaRating,
    FindingResponse,
    ReportingDuty,
    Walk,
    WalkFinding,
    WalkSignup,
    WeeklyCheckIn,
)


def _forget_finding_responses(obj: models.Model) -> Iterable[models.Model]:
    if not isinstance(obj, Report):
        return []
    responses = FindingResponse.objects.filter(finding__report_id=obj.pk)
    responses.update(commitment=privacy.ANONYMISED_TEXT)
    return []


def register() -> None:
    privacy.register(ReportingDuty, "user", section="reporter_for", fields=["organisation"])
    privacy.register(ReportingDuty, "assigned_by", section="reporters_named", fields=["organisation", "user"])
    privacy.register(
        WeeklyCheckIn,
        "reported_by",
        section="weekly_answers",
        fields=["organisation", "year", "week", "kind"],
    )
    privacy.register(AreaFollow, "user", section="areas_followed", fields=["area"])
    privacy.register(
        AreaRating,
        "rated_by",
        section="area_ratings",
        fields=["organisation", "area", "year", "week", "level"],
    )
    privacy.register(
        Walk, "organiser", section="walks_organised", fields=["kind", "area", "starts_at", "status"]
    )
    privacy.register(WalkSignup, "user", section="walk_signups", fields=["walk_id", "created_at"])
    privacy.register(
        WalkFinding, "added_by", section="findings_added", fields=["walk_id", "report_id", "created_at"]
    )
    privacy.register(
        FindingResponse, "by", section="finding_commitments", fields=["finding_id", "commitment", "at"]
    )
    privacy.forgets(FindingResponse, _forget_finding_responses)
