"""Issued documents' numbering: one counter row per document kind and calendar year.

French invoices carry "a unique number based on a chronological and continuous sequence", which
may be split into several series when the business justifies it (CGI annex II, art. 242 nonies A).
We keep one series per kind (invoice, receipt, credit note) and per calendar year of the issue
date, the year being part of the number (``F-2026-000042``): the numbers stay unique across years,
an accountant can see at once how many invoices a year had, and a missing number is visible
within its year. Receipts and credit notes have their own series so that an invoice's number
never jumps because a receipt was issued.

The counter is a row locked for the length of the issuing transaction, never a PostgreSQL
sequence: a sequence hands out values outside transactions and a rollback would leave a gap.
Rows live in each tenant's schema, so every tenant numbers from 1. See ``numbering.py``.
"""

from django.db import models
from django.db.models import Q


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    RECEIPT = "receipt", "Receipt"
    CREDIT_NOTE = "credit_note", "Credit note"


# The letter that opens a number: "F" for facture, "R" for reçu, "A" for avoir.
NUMBER_PREFIXES: dict[str, str] = {
    DocumentKind.INVOICE: "F",
    DocumentKind.RECEIPT: "R",
    DocumentKind.CREDIT_NOTE: "A",
}


class DocumentSequence(models.Model):
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)
    # The issue date of the last number: a later number may not carry an earlier date.
    last_issued_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="documents_sequence_kind_year"),
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values),
                                   name="documents_sequence_kind_known"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=9999),
                                   name="documents_sequence_year_range"),
            models.CheckConstraint(
                condition=Q(last_number=0) | Q(last_issued_on__isnull=False),
                name="documents_sequence_dated_once_used"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"
