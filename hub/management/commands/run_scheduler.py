"""Run the hub's scheduled jobs on their schedule, in the foreground (a process of its own)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hub import scheduler


class Command(BaseCommand):
    help = (
        "Run each scheduled job (hub/scheduler.py) for its latest slot that has not run, then keep "
        "checking. Safe beside other schedulers and hub processes: each slot runs once. --once runs "
        "one round and exits (for cron every few minutes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")
        parser.add_argument("--interval", type=float, default=30, help="Seconds between rounds.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for name in scheduler.run_due():
                self.stdout.write(f"ran {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
