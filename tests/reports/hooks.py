"""Stand-ins at the cross-app hook points (settings.HUB_*), so tests do not depend on whether the
agreements and escalations parts are installed."""

ESCALATIONS: list[dict] = []


def response_target_hours(category, at=None):
    return {"vandalism": 6}.get(category)


def escalate_on_behalf_of_system(*, organisation, subject, summary, urgency, source=None):
    ESCALATIONS.append(
        {
            "organisation": organisation,
            "subject": subject,
            "summary": summary,
            "urgency": urgency,
            "source": source,
        }
    )
    return ESCALATIONS[-1]
