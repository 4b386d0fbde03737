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

from typing import Any

from django.db import models
from django.db.models import Q

from .errors import DocumentImmutable


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


DEFAULT_PAYMENT_TERMS_DAYS = 30
DEFAULT_LATE_PAYMENT_RATE = "trois fois le taux d'intérêt légal"


class SellerProfile(models.Model):
    """The tenant's legal identity as printed on its documents: one row per tenant schema.

    Blank fields fall back to the tenant's brand (legal name, address, SIRET, VAT number) when a
    document is issued; a document is issued even when the identity is incomplete (the payment
    has happened), and the back office warns until it is complete.
    """

    legal_name = models.CharField(max_length=160, blank=True)
    legal_form = models.CharField(max_length=60, blank=True, help_text="e.g. SAS, SARL, EI.")
    share_capital = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    siren = models.CharField(max_length=9, blank=True)
    siret = models.CharField(max_length=14, blank=True)
    vat_number = models.CharField(max_length=20, blank=True)
    rcs_city = models.CharField(max_length=100, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=12, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, default="FR")
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(default=DEFAULT_PAYMENT_TERMS_DAYS)
    late_payment_rate = models.CharField(max_length=200, default=DEFAULT_LATE_PAYMENT_RATE)
    footer = models.CharField(max_length=300, blank=True)
    # The seller opted to pay VAT on debits (CGI art. 269-2-c): invoices charging VAT say so.
    vat_on_debits = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="documents_seller_profile_one"),
            models.CheckConstraint(condition=Q(payment_terms_days__lte=60),
                                   name="documents_seller_terms_at_most_60"),
        ]

    def __str__(self) -> str:
        return self.legal_name or "Seller profile"


class IssuedDocumentQuerySet(models.QuerySet["IssuedDocument"]):
    def sales(self) -> "IssuedDocumentQuerySet":
        return self.filter(kind__in=[DocumentKind.INVOICE, DocumentKind.RECEIPT])

    def credit_notes(self) -> "IssuedDocumentQuerySet":
        return self.filter(kind=DocumentKind.CREDIT_NOTE)


def document_pdf_key(document: "IssuedDocument", filename: str) -> str:
    """``documents/2026/F-2026-000001.pdf``; the tenant storage puts it under the schema."""
    return f"documents/{document.year}/{document.number}.pdf"


def _amount(**options: object) -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=2, **options)  # type: ignore[arg-type]


# What may still change on an issued document: its rendering and its delivery, nothing it says.
MUTABLE_FIELDS = frozenset({"pdf", "pdf_rendered_at", "email_sent_at"})


class IssuedDocument(models.Model):
    """An invoice, a receipt or a credit note: a snapshot that is never changed once issued.

    Amounts of a credit note are negative (it takes back what the document it credits charged).
    ``lines`` holds dicts with description, quantity, unit_net, unit_gross, vat_rate, line_net,
    line_tax and line_gross; ``vat_breakdown`` dicts with rate, net, tax and gross; amounts are
    strings of Decimals. ``seller`` and ``buyer`` are the identities printed on the document.
    """

    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    number = models.CharField(max_length=30, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    issued_on = models.DateField()
    issued_at = models.DateTimeField()
    order = models.ForeignKey("commerce.Order", on_delete=models.PROTECT, related_name="documents")
    credits = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="credit_notes")
    # The refund a credit note records (the payments Refund id), so it is issued once; "" if none.
    refund_reference = models.CharField(max_length=64, blank=True)
    currency = models.CharField(max_length=3)
    vat_treatment = models.CharField(max_length=20)
    prices_include_vat = models.BooleanField()
    seller = models.JSONField()
    buyer = models.JSONField()
    lines = models.JSONField()
    vat_breakdown = models.JSONField()
    mentions = models.JSONField()
    total_net = _amount()
    total_tax = _amount()
    total_gross = _amount()
    pdf = models.FileField(upload_to=document_pdf_key, blank=True, max_length=200)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["kind", "-issued_on"], name="documents_kind_issued")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"],
                                    name="documents_issued_kind_year_sequence"),
            # One sale document per order: order_paid may be heard twice.
            models.UniqueConstraint(fields=["order"], condition=~Q(kind="credit_note"),
                                    name="documents_one_sale_document_per_order"),
            models.UniqueConstraint(fields=["credits", "refund_reference"],
                                    condition=~Q(refund_reference=""),
                                    name="documents_one_credit_note_per_refund"),
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values),
                                   name="documents_issued_kind_known"),
            models.CheckConstraint(condition=Q(total_gross=models.F("total_net")
                                               + models.F("total_tax")),
                                   name="documents_issued_totals_add_up"),
            models.CheckConstraint(
                condition=Q(kind="credit_note", credits__isnull=False)
                | (~Q(kind="credit_note") & Q(credits__isnull=True)),
                name="documents_credit_note_credits_a_sale"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Issued documents are immutable: an update may only touch the PDF and delivery
        fields, and must say so with ``update_fields``. Corrections are credit notes."""
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= MUTABLE_FIELDS:
                raise DocumentImmutable(
                    f"Document {self.number} is issued and cannot be changed; issue a credit "
                    "note instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise DocumentImmutable(f"Document {self.number} is issued and cannot be deleted.")

    @property
    def is_credit_note(self) -> bool:
        return self.kind == DocumentKind.CREDIT_NOTE

    @property
    def title(self) -> str:
        """The title printed on the document, in French as the law reads it."""
        return DOCUMENT_TITLES[self.kind]

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"


DOCUMENT_TITLES: dict[str, str] = {
    DocumentKind.INVOICE: "Facture",
    DocumentKind.RECEIPT: "Reçu",
    DocumentKind.CREDIT_NOTE: "Avoir",
}
