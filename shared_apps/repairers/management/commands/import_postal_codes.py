"""Load postal-code centroids from a CSV file: postal_code,city,latitude,longitude."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shared_apps.repairers.actions import import_postal_codes
from shared_apps.repairers.errors import RepairerError


class Command(BaseCommand):
    help = ("Import postal-code locations from a CSV file (postal_code,city,latitude,longitude). "
            "A bad row rejects the whole file.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_path", type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path: Path = options["csv_path"]
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                count = import_postal_codes(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text.") from None
        except RepairerError as error:
            raise CommandError(f"{path}: {error.detail}; nothing imported.") from None
        self.stdout.write(self.style.SUCCESS(f"{count} postal codes imported from {path}."))
