"""Loading the post-office reference data: the only writer of PostOffice rows."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django_tenants.utils import schema_context

from .models import PostOffice
from .rows import PostOfficeRow, read_post_office_rows

SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "post_offices_sample.csv"
# Two imports at once would race on "which ids exist"; this key serialises them.
_IMPORT_LOCK_KEY = 0x504F5354  # "POST"
_BATCH_SIZE = 1000
_COMPARED_FIELDS = ("name", "street", "postal_code", "city", "city_search", "country", "phone",
                    "email", "latitude", "longitude", "opening_hours", "is_active")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    deactivated: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _as_office(row: PostOfficeRow) -> PostOffice:
    return PostOffice(is_active=True, **row.as_fields())


def _stored_values(office: PostOffice) -> tuple:
    return tuple(getattr(office, field) for field in _COMPARED_FIELDS)


def _deactivate_missing(kept_ids: set[str]) -> int:
    missing = [office_id for office_id in
               PostOffice.objects.filter(is_active=True).values_list("id", flat=True)
               if office_id not in kept_ids]
    return PostOffice.objects.filter(id__in=missing).update(is_active=False)


def import_post_offices(lines: Iterable[str], *, deactivate_missing: bool = False) -> ImportResult:
    """Upsert the offices of a CSV file (columns in rows.COLUMNS), keyed by their id.

    Every row is checked before anything is written; one bad row raises InvalidImportFile
    naming its line and column, and nothing changes. Known offices are updated (and
    reactivated), identical ones are left alone, so importing the same file twice changes
    nothing. With ``deactivate_missing``, active offices absent from the file are deactivated,
    never deleted: orders may point at them.
    """
    rows = read_post_office_rows(lines)
    offices = [_as_office(row) for row in rows]
    with schema_context("public"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_KEY])
        stored = {office.id: _stored_values(office) for office in
                  PostOffice.objects.filter(id__in=[office.id for office in offices])}
        changed = [office for office in offices
                   if stored.get(office.id) != _stored_values(office)]
        PostOffice.objects.bulk_create(
            changed, batch_size=_BATCH_SIZE, update_conflicts=True, unique_fields=["id"],
            update_fields=list(_COMPARED_FIELDS),
        )
        deactivated = _deactivate_missing({row.id for row in rows}) if deactivate_missing else 0
    created = sum(1 for office in changed if office.id not in stored)
    return ImportResult(created=created, updated=len(changed) - created,
                        unchanged=len(offices) - len(changed), deactivated=deactivated)


def import_post_offices_file(path: Path, *, deactivate_missing: bool = False) -> ImportResult:
    """import_post_offices on a UTF-8 file (a byte-order mark is accepted)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return import_post_offices(handle, deactivate_missing=deactivate_missing)


def import_sample() -> ImportResult:
    """Load the sample offices shipped in data/ (for the demo); safe to call on every seed."""
    return import_post_offices_file(SAMPLE_FILE)
