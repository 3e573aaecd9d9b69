"""Refresh the database's statistics, which its query planner reads to choose between indexes."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

# Rows SQLite reads per index; enough for the planner, and a few milliseconds on a large hub.
SQLITE_ANALYSIS_LIMIT = 1000


class Command(BaseCommand):
    help = (
        "ANALYZE the database so the planner knows its tables' sizes. Without statistics SQLite "
        "sorts every visible report to show the newest 25 rather than read them in the order of "
        "their index (docs/PERFORMANCE.md). Daily, and after loading data."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        self.stdout.write("analyzed")
