"""Daily: remind organisations that have not signed the renewal at 30, 14 and 3 days left (idempotent)."""

from datetime import date

from django.core.management.base import BaseCommand

from agreements import services


class Command(BaseCommand):
    help = "Send the due signing reminders once each (run daily)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD, for testing")

    def handle(self, *args: object, **options: object) -> None:
        sent = services.send_due_reminders(today=options["today"])  # type: ignore[arg-type]
        self.stdout.write(f"agreement_reminders sent={sent}")
