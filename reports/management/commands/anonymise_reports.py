"""Anonymise resolved and rejected reports whose retention has run out."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from reports.services import anonymise_expired_reports, reports_past_retention


class Command(BaseCommand):
    help = (
        "Remove the reporter, place, description, coordinates, photos and history notes of reports "
        "resolved or rejected more than REPORTS_RETENTION_DAYS ago, keeping what the weekly "
        "lägesbild counts (organisation, area, category, severity, status and times). Safe to run "
        "again: schedule it daily (cron: 30 3 * * * manage.py anonymise_reports, or a systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many reports would be anonymised."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.REPORTS_RETENTION_DAYS
        if options["dry_run"]:
            count = reports_past_retention().count()
            self.stdout.write(f"{count} report(s) would be anonymised (retention {days} days).")
            return
        count = anonymise_expired_reports()
        self.stdout.write(f"{count} report(s) anonymised (retention {days} days).")
