"""Send the webhook outbox: every due delivery gets one try; --loop keeps sending (a worker process)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from integrations import delivery


class Command(BaseCommand):
    help = (
        "Send due webhook deliveries (signed, logged, retried with backoff). Without --loop, rounds "
        "run until nothing is due or --budget seconds have passed (the scheduler runs it every minute)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep sending; check every --interval.")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--budget", type=float, default=50.0)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        total_sent = total_failed = 0
        while True:
            sent, failed = delivery.send_due()
            total_sent += sent
            total_failed += failed
            if not options["loop"] and (sent + failed == 0 or time.monotonic() - started > options["budget"]):
                break
            if sent + failed == 0:
                time.sleep(options["interval"])
        self.stdout.write(f"webhooks sent={total_sent} failed={total_failed}")
