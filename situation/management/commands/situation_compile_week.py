"""Compile a week's picture and raise its hotspot signals (default: the current week); run it on a
schedule, e.g. hourly. Idempotent: a signal is raised, and its people told, once."""

from django.core.management.base import BaseCommand, CommandParser

from situation.management.commands.situation_remind_reporters import _week_from
from situation.services import compile_week


class Command(BaseCommand):
    help = "Raise the hotspot signals of an ISO week (the current one by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--week", type=int)

    def handle(self, *args: object, **options: object) -> None:
        week = _week_from(options)
        raised = compile_week(week=week)
        self.stdout.write(f"Hotspot signals raised for {week}: {len(raised)}")
        for signal in raised:
            label = signal.get_category_display()
            self.stdout.write(f"  {signal.area.name} {label}: {signal.count} (mean {signal.mean:.1f})")
