"""Erase residents' contact details once their reports have been closed for the retention period."""

from django.core.management.base import BaseCommand

from intake import services


class Command(BaseCommand):
    help = "Erase residents' e-mail, name and phone past the retention period (run daily)."

    def handle(self, *args, **options):
        count = services.erase_expired_contact_details()
        self.stdout.write(f"erased {count}")
