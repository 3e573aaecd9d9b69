"""Remind the reporters of every organisation that has not answered this week's round; run it on a
schedule (e.g. Thursdays and Fridays). Idempotent: each organisation is reminded once per week."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from situation.services import send_reminders
from situation.weeks import IsoWeek


class Command(BaseCommand):
    help = "Remind organisations that have not reported for the week (once per organisation and week)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--week", type=int)

    def handle(self, *args: object, **options: object) -> None:
        week = _week_from(options)
        sent = send_reminders(week=week)
        self.stdout.write(f"Reminders sent for {week}: {len(sent)}")


def _week_from(options: dict) -> IsoWeek:
    if options.get("year") is None and options.get("week") is None:
        return IsoWeek.current()
    try:
        week = IsoWeek.parse(int(options["year"] or 0), int(options["week"] or 0))
    except (TypeError, ValueError):
        raise CommandError("Give both --year and --week of an existing ISO week.")
    if week.is_future():
        raise CommandError(f"{week} has not started yet.")
    return week
