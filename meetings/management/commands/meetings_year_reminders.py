"""Daily: remind coordinators and chairs ahead of the årshjul's events (run by hub/scheduler.py)."""

from django.core.management.base import BaseCommand

from meetings.services import send_year_reminders


class Command(BaseCommand):
    help = "Remind coordinators and chairs 14 and 3 days ahead of each event of the forum's year."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"{send_year_reminders()} reminders sent")
