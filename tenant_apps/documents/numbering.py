"""Gap-free, chronological numbers for issued documents, per tenant, kind and year.

A number is taken inside the transaction that saves the document: the counter row stays locked
until that transaction ends, so numbers are handed out one issuing transaction at a time, in the
order they commit. A rollback (of the transaction or of a savepoint around the call) undoes the
increment: the next document gets the same number, and no number is ever skipped.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection

from tenants.context import current_schema
from tenants.schema_names import PUBLIC_SCHEMA

from .errors import IssueDateBeforeLastIssued, NumberingError
from .models import NUMBER_PREFIXES, DocumentKind, DocumentSequence

SEQUENCE_DIGITS = 6
FIRST_YEAR, LAST_YEAR = 2000, 9999


@dataclass(frozen=True)
class DocumentNumber:
    """A taken number: what a document stores (kind, year, sequence) and what it prints."""

    kind: DocumentKind
    year: int
    sequence: int

    def __str__(self) -> str:
        return format_number(self.kind, self.year, self.sequence)


def format_number(kind: DocumentKind, year: int, sequence: int) -> str:
    """``F-2026-000042``: the kind's letter, the year, the sequence on six digits at least."""
    return f"{NUMBER_PREFIXES[kind]}-{year}-{sequence:0{SEQUENCE_DIGITS}d}"


def next_number(kind: str, *, issued_on: date) -> str:
    """The next number of ``kind`` for a document issued on ``issued_on``, formatted."""
    return str(take_number(kind, issued_on=issued_on))


def take_number(kind: str, *, issued_on: date) -> DocumentNumber:
    """Take the next number of ``kind`` in the current tenant for a document dated ``issued_on``.

    Must run inside the transaction that saves the document (``transaction.atomic``), on a
    tenant's schema. The series is the calendar year of ``issued_on``; a date earlier than the
    series' last issued one is refused (``IssueDateBeforeLastIssued``), as numbers must follow
    the dates. Concurrent callers of the same series wait for each other's transaction, so
    take the number as late as possible in it, once the document is known to be valid.
    """
    document_kind = _checked_kind(kind)
    _check_issue_date(issued_on)
    _check_tenant_transaction()
    sequence = _locked_sequence(document_kind, issued_on.year)
    if sequence.last_issued_on is not None and issued_on < sequence.last_issued_on:
        raise IssueDateBeforeLastIssued(
            f"The last {document_kind.label.lower()} of {issued_on.year} was issued on "
            f"{sequence.last_issued_on.isoformat()}; a later number cannot carry an earlier "
            "date.", field="issued_on")
    sequence.last_number += 1
    sequence.last_issued_on = issued_on
    sequence.save(update_fields=["last_number", "last_issued_on", "updated_at"])
    return DocumentNumber(document_kind, issued_on.year, sequence.last_number)


def _checked_kind(kind: str) -> DocumentKind:
    if kind not in DocumentKind.values:
        raise NumberingError(f"Unknown document kind {kind!r}.", code="unknown_document_kind",
                             field="kind")
    return DocumentKind(kind)


def _check_issue_date(issued_on: date) -> None:
    # A datetime is refused: which day it falls on depends on a time zone the caller chooses.
    if not isinstance(issued_on, date) or isinstance(issued_on, datetime):
        raise NumberingError("The issue date must be a date.", code="invalid_issue_date",
                             field="issued_on")
    if not FIRST_YEAR <= issued_on.year <= LAST_YEAR:
        raise NumberingError(f"The issue date must fall between {FIRST_YEAR} and {LAST_YEAR}.",
                             code="invalid_issue_date", field="issued_on")


def _check_tenant_transaction() -> None:
    if current_schema() == PUBLIC_SCHEMA:
        raise NumberingError("Documents are numbered in a tenant's schema, not the public one.",
                             code="numbering_needs_tenant")
    if not connection.in_atomic_block:
        # In autocommit the lock would end with the statement, and a document saved afterwards
        # could fail and leave its number unused.
        raise NumberingError("A number is taken inside the transaction that issues the document.",
                             code="numbering_needs_transaction")


def _locked_sequence(kind: DocumentKind, year: int) -> DocumentSequence:
    """The series' row, locked until the transaction ends; created on first use.

    Creation is ``INSERT ... ON CONFLICT DO NOTHING``: when two transactions open a series at
    once, the second waits for the first to commit (or roll back) and then finds (or inserts)
    the row; neither fails.
    """
    locked = DocumentSequence.objects.select_for_update()
    try:
        return locked.get(kind=kind, year=year)
    except DocumentSequence.DoesNotExist:
        DocumentSequence.objects.bulk_create([DocumentSequence(kind=kind, year=year)],
                                             ignore_conflicts=True)
        return locked.get(kind=kind, year=year)
