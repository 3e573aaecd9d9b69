"""Loads the demo municipality: partners first, then whatever each installed app's demo.py adds."""

from importlib import import_module
from importlib.util import find_spec
from io import StringIO

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.demo import DEMO_PASSWORD, README_LOGINS


class Command(BaseCommand):
    help = "Load idempotent demo data (refused outside the demo or development: HUB_DEMO or DJANGO_DEBUG)."

    def handle(self, *args: object, **options: object) -> None:
        if not (settings.DEBUG or settings.HUB_DEMO):
            raise CommandError("Demo data needs HUB_DEMO=1 or DJANGO_DEBUG=1; never in production.")
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name.startswith("django") or find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(self.stdout)
        call_command("analyze_database", stdout=StringIO())  # the planner's statistics, after loading
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Logins (password {DEMO_PASSWORD}):"))
        for email, role in README_LOGINS:
            self.stdout.write(f"  {email:<26} {role}")
