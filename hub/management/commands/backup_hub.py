"""manage.py backup_hub --to /var/backups/samverkan"""

from pathlib import Path

from django.core.management.base import BaseCommand

from hub.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database (as portable JSON) and the uploaded files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="Folder to create the backup in.")

    def handle(self, *args, **options):
        folder = create_backup(Path(options["to"]))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
