"""The repair journey's money: the commerce orders a repair is paid with, and what a payment moves.

A repair's first payment (the package, the shipping fee to the repair centre or the technician's
travel fee) and an accepted quote are each one commerce order, placed with the customer's pricing
policy and the terms of sale they accepted, then paid on the pay page (``payments:pay``). When
payments report the order paid (``commerce.signals.order_paid``, see ``receivers``), the repair
moves on: the device is awaited (with its return label), the visit is scheduled, or the repair
starts. Every function here is one transaction.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.db import transaction
from django.utils import timezone

from tenant_apps.catalog.models import FeeKind, ItemKind, SellableItem
from tenant_apps.commerce.checkout_choices import check_terms
from tenant_apps.commerce.checkout_models import CheckoutSettings
from tenant_apps.commerce.order_actions import (
    CheckoutDetails,
    ItemLine,
    ServiceLine,
    place_order_for_items,
)
from tenant_apps.commerce.order_models import Order
from tenant_apps.customers.models import Customer
from tenant_apps.pricing.money import Money
from tenant_apps.pricing.tax import TaxedPrice

from .actions import VisitRequest, add_repair_photo, create_repair_order, move_locked
from .errors import QuoteError, RepairError
from .inbound import request_inbound_shipment
from .models import Device, Quote, QuoteLineKind, RepairOrder
from .quote_actions import accept_quote
from .state import PAID_TARGET, QuoteStatus, RepairPath, RepairStatus
from .uploads import PHOTO_KINDS, check_upload

logger = logging.getLogger(__name__)

PAYMENTS_ACTOR = "payments"
MAX_FAULT_PHOTOS = 5
# The fee a path's first payment is: shipping to the repair centre, or the technician's travel.
FIRST_FEE: dict[RepairPath, FeeKind] = {
    RepairPath.DIAGNOSIS: FeeKind.SHIPPING,
    RepairPath.ON_SITE: FeeKind.TRAVEL,
}


@dataclass(frozen=True)
class TermsAcceptance:
    """The terms of sale version the customer accepted, and when (recorded on the order)."""

    version: str
    accepted_at: datetime


@dataclass(frozen=True)
class PhotoUpload:
    file: IO[bytes]
    name: str


def accept_terms(*, accepted: bool, version: str) -> TermsAcceptance:
    """The customer's acceptance of the tenant's current terms of sale, as the checkout checks
    it (``terms_accepted`` unticked, or a page showing an older version, is refused)."""
    settings = CheckoutSettings.current()
    check_terms(settings, accepted=accepted, version=version)
    return TermsAcceptance(settings.terms_version, timezone.now())


def fee_item(fee_kind: str) -> SellableItem | None:
    """The catalogue's active fee of ``fee_kind`` (the first one, if a store keeps several)."""
    return (SellableItem.objects.active().of_kind(ItemKind.FEE).filter(fee_kind=fee_kind)
            .order_by("id").first())


def first_payment_item(repair: RepairOrder) -> SellableItem:
    """What the repair's first payment buys: its package, or its path's fee."""
    if repair.path == RepairPath.PACKAGE and repair.package is not None:
        return repair.package
    item = fee_item(FIRST_FEE[RepairPath(repair.path)])
    if item is None:
        raise RepairError("This store does not take this kind of repair online for now.",
                          code="fee_unavailable", field="path", status=409)
    return item


def _details(customer: Customer, terms: TermsAcceptance) -> CheckoutDetails:
    address = customer.addresses.filter(is_default_billing=True).first()
    values: dict[str, object] = {}
    if address is not None:
        values = {"billing_street": address.street, "billing_postal_code": address.postal_code,
                  "billing_city": address.city, "billing_country": address.country}
    professional = customer.is_professional
    return CheckoutDetails(
        billing_name=customer.name[:200],
        billing_company=customer.company_name if professional else "",
        buyer_vat_number=customer.vat_number if professional else "",
        buyer_siret=customer.siret if professional else "",
        terms_version=terms.version, terms_accepted_at=terms.accepted_at,
        **values,  # type: ignore[arg-type]
    )


def open_paid_repair(device: Device, *, path: str, email: str, terms: TermsAcceptance,
                     fault_description: str = "", package: SellableItem | None = None,
                     visit: VisitRequest | None = None, photos: Sequence[PhotoUpload] = (),
                     actor_email: str = "") -> RepairOrder:
    """Open the repair (``actions.create_repair_order``) with its photos of the fault and the
    order of its first payment, linked as ``RepairOrder.order``; nothing is kept when any part
    is refused. The customer pays the order on ``payments:pay``."""
    if len(photos) > MAX_FAULT_PHOTOS:
        raise RepairError(f"At most {MAX_FAULT_PHOTOS} photos.", code="too_many_photos",
                          field="photo")
    # Files outlive a rolled-back transaction: every photo is checked, and everything else
    # done, before the first one is stored.
    for photo in photos:
        check_upload(photo.file, name=photo.name, field="photo", kinds=PHOTO_KINDS)
    with transaction.atomic():
        repair = create_repair_order(device, path=path, fault_description=fault_description,
                                     package=package, visit=visit, actor_email=actor_email)
        customer = device.customer
        order = place_order_for_items(
            customer, [ItemLine(first_payment_item(repair))], email=email,
            details=_details(customer, terms), actor_email=actor_email)
        RepairOrder.objects.filter(pk=repair.pk).update(order=order)
        for photo in photos:
            add_repair_photo(repair, photo.file, name=photo.name)
        repair.order = order
    return repair


def _service_lines(quote: Quote) -> list[ServiceLine]:
    labels = dict(QuoteLineKind.choices)
    return [ServiceLine(
        description=f"{labels.get(line.kind, line.kind)}: {line.description}",
        quantity=line.quantity,
        unit_price=TaxedPrice.from_net(Money(line.unit_net, quote.currency), line.vat_percent),
    ) for line in quote.lines.all()]


def accept_and_order_quote(quote: Quote, *, email: str, terms: TermsAcceptance,
                           actor_email: str) -> Order:
    """The customer accepts the sent quote (``quote_actions.accept_quote``) and gets its order
    (``Quote.order``) to pay; a quote already accepted and ordered returns its order, so a
    second click makes nothing more."""
    with transaction.atomic():
        RepairOrder.objects.select_for_update().filter(pk=quote.repair_order_id).first()
        locked = Quote.objects.select_for_update().get(pk=quote.pk)
        if locked.status == QuoteStatus.ACCEPTED and locked.order is not None:
            return locked.order
        accepted = accept_quote(locked, actor_email=actor_email)
        customer = accepted.repair_order.customer
        order = place_order_for_items(customer, [], services=_service_lines(accepted),
                                      email=email, details=_details(customer, terms),
                                      actor_email=actor_email)
        Quote.objects.filter(pk=accepted.pk).update(order=order)
        quote.status, quote.order = accepted.status, order
    return order


def quote_order(quote: Quote) -> Order:
    """The order of an accepted quote, for paying it again after a failed attempt."""
    if quote.status != QuoteStatus.ACCEPTED or quote.order is None:
        raise QuoteError("This quote has nothing to pay.", code="nothing_to_pay",
                         field="quote", status=409)
    return quote.order


def record_order_paid(order: Order) -> RepairOrder | None:
    """Move the repair that ``order`` pays: awaiting its first payment -> the device is awaited
    (and its return label asked for) or the visit scheduled; an accepted quote's payment ->
    repairing. Returns that repair, or None for an order of the shop.

    Idempotent: a repair that already moved (the signal heard twice) or that was cancelled in
    the meantime stays where it is; the payment itself is never refused from here.
    """
    with transaction.atomic():
        repair = RepairOrder.objects.select_for_update().filter(order=order).first()
        if repair is not None:
            if repair.status == RepairStatus.AWAITING_PAYMENT:
                move_locked(repair, PAID_TARGET[RepairPath(repair.path)],
                            actor_email=PAYMENTS_ACTOR)
                request_inbound_shipment(repair, actor_email=PAYMENTS_ACTOR)
            else:
                logger.warning("Repair %s paid while %s", repair.reference, repair.status)
            return repair
        quote = Quote.objects.filter(order=order).first()
        if quote is None:
            return None
        repair = RepairOrder.objects.select_for_update().get(pk=quote.repair_order_id)
        if (repair.status == RepairStatus.AWAITING_QUOTE_PAYMENT
                and quote.status == QuoteStatus.ACCEPTED):
            move_locked(repair, RepairStatus.REPAIRING, actor_email=PAYMENTS_ACTOR)
        else:
            logger.warning("Quote of %s paid while %s", repair.reference, repair.status)
        return repair
