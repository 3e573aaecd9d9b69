"""Create an API key for an organisation from the command line; the key is printed once."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from integrations import services
from partners.models import Organisation


class Command(BaseCommand):
    help = "Create an API key for an organisation and print it once (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", type=int, help="The organisation's id.")
        parser.add_argument("--scope", default="read", help="read, write or read,write")
        parser.add_argument("--name", default="", help="What the key is for (default: command line).")
        parser.add_argument("--days", type=int, default=365, help="Days until it expires (0: never).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(pk=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with id {options['organisation']}.")
        days = options["days"]
        try:
            issued = services.create_api_key(
                organisation=organisation,
                by=None,
                name=options["name"] or "command line",
                scopes=[scope.strip() for scope in options["scope"].split(",") if scope.strip()],
                expires_at=timezone.now() + timedelta(days=days) if days > 0 else None,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages))
        self.stdout.write(issued.secret)
