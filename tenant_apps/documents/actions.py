"""Every change to documents: issuing sale documents and credit notes, the seller's identity.

Issuing runs inside the caller's transaction (the payment's), takes the number last, and
schedules the PDF and the e-mail after commit. Issued documents never change afterwards except
for their PDF and delivery fields (see ``IssuedDocument.save``).
"""

import logging
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tenant_apps.commerce.order_models import Order
from tenant_apps.pricing.money import quantize
from tenants.context import current_tenant
from tenants.scheduling import schedule_on_commit

from .content import DocumentContent, credit_note_content, sale_content, sale_kind
from .errors import DocumentError, InvalidSellerProfile, RefundExceedsDocument
from .models import DocumentKind, IssuedDocument, SellerProfile
from .numbering import take_number
from .seller import clean_identity, seller_profile, seller_snapshot

logger = logging.getLogger(__name__)

SELLER_FIELDS = ("legal_name", "legal_form", "share_capital", "siren", "siret", "vat_number",
                 "rcs_city", "street", "postal_code", "city", "country", "email", "phone",
                 "payment_terms_days", "late_payment_rate", "footer", "vat_on_debits")


def issue_sale_document(order: Order, *, issued_on: date | None = None) -> IssuedDocument:
    """The order's invoice (professional buyer) or receipt (individual, guest); idempotent.

    Called when the order is paid, inside the payment's transaction: the order row is locked,
    an existing sale document is returned as is, otherwise one is numbered and saved, and its
    PDF and e-mail are scheduled for after commit.
    """
    day = issued_on or timezone.localdate()
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        existing = IssuedDocument.objects.sales().filter(order=locked).first()
        if existing is not None:
            return existing
        kind = sale_kind(locked)
        seller = seller_snapshot()
        content = sale_content(locked, kind, day, seller)
        document = _save_document(kind, day, locked, seller, content,
                                  prices_include_vat=locked.shows_vat_included)
    return document


def issue_credit_note(order: Order, amount: Decimal, *, refund_reference: str = "",
                      issued_on: date | None = None,
                      up_to_remaining: bool = False) -> IssuedDocument | None:
    """A credit note for a refund of ``amount`` (gross) on the order's sale document.

    Idempotent per refund (``refund_reference``). An order without a sale document (refunded
    before it was fully paid) gets none: there is nothing to credit. A refund larger than what
    is left on the document is refused, unless ``up_to_remaining``: then only what is left is
    credited (the rest gave back an overpayment, which no sale document carries).
    """
    day = issued_on or timezone.localdate()
    amount = quantize(Decimal(amount))
    if amount <= 0:
        raise DocumentError("A refund amount must be positive.", code="invalid_refund_amount",
                            field="amount")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        credited = IssuedDocument.objects.sales().filter(order=locked).first()
        if credited is None:
            logger.warning("Refund on order %s without a sale document: no credit note.",
                           locked.reference)
            return None
        if refund_reference:
            existing = credited.credit_notes.filter(refund_reference=refund_reference).first()
            if existing is not None:
                return existing
        if up_to_remaining:
            amount = min(amount, _left_to_credit(credited))
            if amount <= 0:
                logger.info("Refund on order %s gives back an overpayment: no credit note.",
                            locked.reference)
                return None
        _check_refundable(credited, amount)
        content = credit_note_content(credited, amount, day)
        return _save_document(DocumentKind.CREDIT_NOTE, day, locked, credited.seller, content,
                              prices_include_vat=credited.prices_include_vat, credits=credited,
                              refund_reference=refund_reference)


def _left_to_credit(credited: IssuedDocument) -> Decimal:
    already = -sum((note.total_gross for note in credited.credit_notes.all()), Decimal("0"))
    return credited.total_gross - already


def _check_refundable(credited: IssuedDocument, amount: Decimal) -> None:
    left = _left_to_credit(credited)
    if amount > left:
        raise RefundExceedsDocument(
            f"Only {left} {credited.currency} of {credited.number} is left to refund.",
            field="amount")


def _save_document(kind: str, day: date, order: Order, seller: dict[str, Any],
                   content: DocumentContent, *, prices_include_vat: bool,
                   credits: IssuedDocument | None = None,
                   refund_reference: str = "") -> IssuedDocument:
    # The number is taken last: its counter stays locked until the payment commits.
    number = take_number(kind, issued_on=day)
    document = IssuedDocument.objects.create(
        kind=kind, number=str(number), year=number.year, sequence=number.sequence,
        issued_on=day, issued_at=timezone.now(), order=order, credits=credits,
        refund_reference=refund_reference, currency=order.currency,
        vat_treatment=order.vat_treatment, prices_include_vat=prices_include_vat,
        seller=seller, buyer=content.buyer, lines=content.lines,
        vat_breakdown=content.vat_breakdown, mentions=content.mentions,
        total_net=content.total_net, total_tax=content.total_tax,
        total_gross=content.total_gross)
    _schedule_delivery(document)
    return document


def _schedule_delivery(document: IssuedDocument) -> None:
    from .tasks import deliver_document

    tenant = current_tenant()
    if tenant is None:
        raise DocumentError("Documents are issued in a tenant's schema.",
                            code="documents_need_tenant")
    schedule_on_commit(deliver_document, tenant.pk, document.pk)


def update_seller_profile(fields: dict[str, Any]) -> SellerProfile:
    """Save the tenant's legal identity; identifiers are checked (``InvalidSellerProfile``).
    Documents already issued keep the identity they were issued with."""
    cleaned = clean_identity({name: fields[name] for name in SELLER_FIELDS if name in fields})
    with transaction.atomic():
        profile = SellerProfile.objects.select_for_update().filter(pk=1).first() \
            or seller_profile()
        for name, value in cleaned.items():
            setattr(profile, name, value)
        try:
            profile.full_clean()
        except ValidationError as invalid:
            field, messages = next(iter(invalid.message_dict.items()))
            raise InvalidSellerProfile(" ".join(messages), field=field) from None
        profile.save()
    return profile


def mark_email_sent(document: IssuedDocument) -> None:
    document.email_sent_at = timezone.now()
    document.save(update_fields=["email_sent_at"])
