"""Stand-ins for what reports asks of agreements and escalations (reports.hooks), so these tests do
not depend on those parts."""

ESCALATIONS: list[dict] = []


def no_response_target(category, at=None):
    return None


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
