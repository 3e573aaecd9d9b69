"""manage.py restore_hub /var/backups/samverkan/samverkan-20261123-120000 (into a fresh, migrated DB)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.backup import RestoreError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by backup_hub into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if not (folder / "manifest.json").exists():
            raise CommandError(f"{folder} is not a backup made by backup_hub (no manifest.json).")
        try:
            counts = restore_backup(folder)
        except RestoreError as error:
            raise CommandError(str(error))
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows and the files."))
