"""Load or refresh the post offices from a CSV file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shared_apps.postoffices.actions import import_post_offices_file
from shared_apps.postoffices.errors import PostOfficeError
from shared_apps.postoffices.rows import COLUMNS


class Command(BaseCommand):
    help = (
        f"Import post offices from a UTF-8 CSV file with the header {','.join(COLUMNS)}. "
        "id: 6 letters or digits, the office's stable identifier (rows are upserted by id). "
        "country: two letters, FR when empty; a French postal_code is 5 digits. "
        "phone, email, latitude, longitude and hours may be empty; latitude and longitude go "
        "together. hours: day groups separated by ';', each days then times, e.g. "
        "\"mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00\" (days mon..sun, single or as a "
        "range; an unlisted day is closed). Every row is checked first: one bad row, reported "
        "with its line and column, rejects the whole file. Importing the same file again "
        "changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_path", type=Path)
        parser.add_argument(
            "--deactivate-missing", action="store_true",
            help="Deactivate active offices that are not in the file (they are kept, not "
            "deleted, because orders may point at them).")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path: Path = options["csv_path"]
        try:
            result = import_post_offices_file(
                path, deactivate_missing=options["deactivate_missing"])
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text; nothing imported.") from None
        except PostOfficeError as error:
            raise CommandError(f"{path}: {error.detail}; nothing imported.") from None
        self.stdout.write(self.style.SUCCESS(
            f"{result.total} post offices read from {path}: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged, "
            f"{result.deactivated} deactivated."))
