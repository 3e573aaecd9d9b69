"""Daily: bring versions into force on their start date, supersede the previous, expire the ended."""

from datetime import date

from django.core.management.base import BaseCommand

from agreements import services


class Command(BaseCommand):
    help = "Bring agreement versions into force and expire ended ones (run daily)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD, for testing")

    def handle(self, *args: object, **options: object) -> None:
        for change in services.activate_versions(today=options["today"]):  # type: ignore[arg-type]
            self.stdout.write(change)
