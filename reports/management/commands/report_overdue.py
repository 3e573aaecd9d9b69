"""Climb the overdue ladder for open reports past their due time."""

from django.core.management.base import BaseCommand

from reports.services import run_overdue_ladder


class Command(BaseCommand):
    help = (
        "Tell the responsible organisation's admins about reports past their due time, the coordinators "
        "after REPORTS_GRACE_HOURS more, and raise high-severity reports still open "
        "REPORTS_LEADERSHIP_HOURS after the due time to leadership. Each step happens once per report "
        "and assignment, so the command is safe to run as often as you like: schedule it every 15 "
        "minutes (cron: */15 * * * * manage.py report_overdue, or a systemd timer)."
    )

    def handle(self, *args: object, **options: object) -> None:
        counts = run_overdue_ladder()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
