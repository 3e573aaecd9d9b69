"""Daily: email each user who chose a digest the notifications they have not read or been emailed."""

from django.core.management.base import BaseCommand

from realtime.services import send_digests


class Command(BaseCommand):
    help = "Send the daily notification digest emails (idempotent: marks what it sent)."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_digests()
        self.stdout.write(f"Sent {sent} digest email(s).")
