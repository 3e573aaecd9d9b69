"""The one signal receiver of the intake: a report's new step is relayed to the residents linked to
it (reports knows nothing of the intake). It runs inside the step's transaction; mail goes on commit."""

from typing import Any

from intake import services


def report_event_saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        services.relay_report_event(event=instance)
