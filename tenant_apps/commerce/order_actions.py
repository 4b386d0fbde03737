"""Every change to an order: placing it from a cart, moving its status, notes, line edits.

Each action is one transaction that locks the row it changes and writes the history row with it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from tenant_apps.accounts.models import normalise_email
from tenant_apps.catalog.actions import adjust_stock
from tenant_apps.catalog.errors import InsufficientStock
from tenant_apps.catalog.models import ItemKind, SellableItem
from tenant_apps.customers.actions import create_guest
from tenant_apps.customers.countries import HOME_COUNTRY
from tenant_apps.customers.models import Customer
from tenant_apps.pricing.money import Money, quantize
from tenant_apps.pricing.tax import TaxedPrice

from .checkout_pricing import DeliveryFee, charged_fee, with_delivery
from .errors import InvalidOrderTransition, OrderError, OrderFrozen, TransitionFollowsPayments
from .models import Cart, CartLine
from .order_models import (
    DeliveryKind,
    Order,
    OrderCounter,
    OrderEvent,
    OrderLine,
    OrderNote,
    format_reference,
)
from .order_state import (
    EDITABLE_STATUSES,
    PAYMENT_DRIVEN_TARGETS,
    OrderStatus,
    can_transition,
)
from .pricing import PricedLine, PriceSummary, PricingPolicy, price_lines, pricing_policy
from .selectors import SHOP_KINDS
from .signals import order_cancelled

MAX_NOTE_LENGTH = 2000


def _clean_email(email: str) -> str:
    email = normalise_email(email or "")
    try:
        validate_email(email)
    except ValidationError:
        raise OrderError("Enter a valid e-mail address.", code="invalid_email",
                         field="email") from None
    return email


def _take_reference() -> str:
    """The next order number of this tenant; the counter row stays locked until commit."""
    OrderCounter.objects.bulk_create([OrderCounter(pk=1)], ignore_conflicts=True)
    counter = OrderCounter.objects.select_for_update().get(pk=1)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(counter.last_number)


def _check_sellable(lines: list[CartLine]) -> None:
    if not lines:
        raise OrderError("The cart is empty.", code="empty_cart", field="cart")
    for line in lines:
        item = line.item
        if not item.is_active or item.kind not in SHOP_KINDS:
            raise OrderError(f"{item.name} is no longer for sale.", code="item_unavailable",
                             field="item", status=409)
        if item.kind == ItemKind.PRODUCT and line.quantity > (item.stock or 0):
            raise OrderError(f"Only {item.stock or 0} of {item.name} in stock.",
                             code="insufficient_stock", field="quantity", status=409)


def _take_stock(lines: list[CartLine], *, actor_email: str) -> None:
    for line in lines:
        if line.item.kind != ItemKind.PRODUCT:
            continue
        try:
            adjust_stock(line.item, -line.quantity, actor_email=actor_email)
        except InsufficientStock:
            raise OrderError(f"{line.item.name} just ran out of stock.",
                             code="insufficient_stock", field="quantity", status=409) from None


def _line_from(order: Order, position: int, priced: PricedLine) -> OrderLine:
    return OrderLine(
        order=order, position=position, item=priced.item, description=priced.description[:200],
        kind=priced.item.kind, quantity=priced.quantity,
        unit_net=priced.unit_price.net.amount, unit_gross=priced.unit_price.gross.amount,
        vat_rate=priced.total.rate, line_net=priced.total.net.amount,
        line_tax=priced.total.tax.amount, line_gross=priced.total.gross.amount,
    )


def _order_from(summary: PriceSummary, customer: Customer, email: str) -> Order:
    policy = summary.policy
    return Order(
        reference=_take_reference(), customer=customer, email=email,
        customer_name=(customer.company_name or customer.name)[:200],
        vat_status=customer.vat_status, vat_treatment=policy.treatment,
        vat_mention=policy.mention, shows_vat_included=policy.shows_vat_included,
        currency=summary.currency, total_net=summary.total_net.amount,
        total_tax=summary.total_tax.amount, total_gross=summary.total_gross.amount,
        placed_at=timezone.now(),
    )


@dataclass(frozen=True)
class CheckoutDetails:
    """What a checkout adds to an order, snapshotted as given (validated by the checkout).

    Every field but ``delivery_fee`` is the Order field of the same name; the fee becomes one
    more order line (kind "fee", no catalogue item).
    """

    billing_name: str = ""
    billing_company: str = ""
    billing_street: str = ""
    billing_postal_code: str = ""
    billing_city: str = ""
    billing_country: str = HOME_COUNTRY
    buyer_vat_number: str = ""
    buyer_siret: str = ""
    delivery_kind: str = DeliveryKind.NONE
    delivery_method: str = ""
    delivery_label: str = ""
    delivery_name: str = ""
    delivery_phone: str = ""
    delivery_street: str = ""
    delivery_postal_code: str = ""
    delivery_city: str = ""
    delivery_country: str = HOME_COUNTRY
    post_office_id: str = ""
    post_office_name: str = ""
    terms_version: str = ""
    terms_accepted_at: datetime | None = None
    payment_provider: str = ""
    delivery_fee: DeliveryFee | None = None

    def order_fields(self) -> dict[str, object]:
        return {field.name: getattr(self, field.name) for field in fields(self)
                if field.name != "delivery_fee"}


def _fee_line(order: Order, position: int, summary: PriceSummary, fee: DeliveryFee) -> OrderLine:
    charged = charged_fee(summary, fee)
    return OrderLine(
        order=order, position=position, item=None, description=fee.label[:200],
        kind=ItemKind.FEE, quantity=1, unit_net=charged.net.amount,
        unit_gross=charged.gross.amount, vat_rate=charged.rate, line_net=charged.net.amount,
        line_tax=charged.tax.amount, line_gross=charged.gross.amount,
    )


def _check_expected_total(summary: PriceSummary, expected: Decimal | None) -> None:
    # A non-finite total (NaN, Infinity) matches nothing; comparing sNaN would raise.
    if expected is not None and (not expected.is_finite()
                                 or summary.total_gross.quantized().amount != expected):
        raise OrderError("Prices changed since you reviewed your order: check the new total.",
                         code="prices_changed", field="total", status=409)


def place_order_from_cart(cart: Cart, *, customer_email: str, customer: Customer | None = None,
                          guest_name: str = "", actor_email: str = "",
                          details: CheckoutDetails | None = None,
                          expected_total_gross: Decimal | None = None,
                          checkout_key: str = "") -> Order:
    """Turn the cart into an order: prices snapshotted, stock taken, the cart emptied.

    The customer is ``customer``, else the cart's, else a new guest (``customer_email`` and
    ``guest_name``). Refused, with nothing changed, when the cart is empty, when an item was
    withdrawn, when a product lacks stock, or when the total (delivery fee included) is not
    ``expected_total_gross`` (the total the customer reviewed). ``details`` are the checkout's
    billing, delivery, terms and payment choices. A ``checkout_key`` already used for this cart
    returns the order it made: a repeated "place order" never makes a second one.
    """
    email = _clean_email(customer_email)
    details = details or CheckoutDetails()
    key = f"{cart.pk}:{checkout_key}" if checkout_key else None
    with transaction.atomic():
        Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())  # locks the cart
        if key is not None:
            existing = Order.objects.filter(checkout_key=key).first()
            if existing is not None:
                return existing
        lines = list(CartLine.objects.filter(cart=cart).select_related("item"))
        _check_sellable(lines)
        customer = customer or cart.customer or create_guest(email, guest_name)
        goods = price_lines(lines, pricing_policy(customer))
        summary = with_delivery(goods, details.delivery_fee)
        _check_expected_total(summary, expected_total_gross)
        order = _order_from(summary, customer, email)
        for name, value in details.order_fields().items():
            setattr(order, name, value)
        order.checkout_key = key
        order.save()
        order_lines = [_line_from(order, position, priced)
                       for position, priced in enumerate(goods.lines, 1)]
        if details.delivery_fee is not None:
            order_lines.append(_fee_line(order, len(order_lines) + 1, goods,
                                         details.delivery_fee))
        OrderLine.objects.bulk_create(order_lines)
        OrderEvent.objects.create(order=order, to_status=OrderStatus.PLACED,
                                  actor_email=actor_email or email)
        _take_stock(lines, actor_email=actor_email or email)
        CartLine.objects.filter(cart=cart).delete()
    return order


def transition_order(order: Order, target: str, *, actor_email: str,
                     by_payments: bool = False) -> Order:
    """Move the order to ``target`` if the transition table allows it from its current status.

    The row is locked and its status re-read first, so two staff members clicking at once
    cannot both move it from the same status. "Paid" and "refunded" are reached only by
    tenant_apps.payments (``by_payments=True``); staff asking for them are refused.
    """
    if target not in OrderStatus.values:
        raise OrderError("Choose a known status.", code="invalid_status", field="status")
    if target in PAYMENT_DRIVEN_TARGETS and not by_payments:
        raise TransitionFollowsPayments(target)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if not can_transition(locked.status, target):
            raise InvalidOrderTransition(locked.status, target)
        OrderEvent.objects.create(order=locked, from_status=locked.status, to_status=target,
                                  actor_email=actor_email)
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        if target == OrderStatus.CANCELLED:
            order_cancelled.send(sender=Order, order=locked)
    order.status, order.updated_at = locked.status, locked.updated_at
    return order


def add_note(order: Order, text: str, *, author_email: str) -> OrderNote:
    text = (text or "").strip()
    if not text:
        raise OrderError("Write the note.", code="required", field="text")
    if len(text) > MAX_NOTE_LENGTH:
        raise OrderError(f"A note holds at most {MAX_NOTE_LENGTH} characters.",
                         code="too_long", field="text")
    return OrderNote.objects.create(order=order, text=text, author_email=author_email)


def _retotal(order: Order) -> None:
    sums = order.lines.aggregate(net=Sum("line_net"), tax=Sum("line_tax"),
                                 gross=Sum("line_gross"))
    order.total_net, order.total_tax, order.total_gross = (
        quantize(sums[key] or Decimal("0")) for key in ("net", "tax", "gross"))
    order.save(update_fields=["total_net", "total_tax", "total_gross", "updated_at"])


def change_line_quantity(order: Order, line_id: int, quantity: int, *,
                         actor_email: str) -> OrderLine:
    """Change a line's quantity at its snapshotted unit price; only an unpaid, placed order.

    A paid order is frozen (``OrderFrozen``): only refunds and credit notes change it.
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 99:
        raise OrderError("Enter a whole number from 1 to 99.", code="invalid_quantity",
                         field="quantity")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise OrderFrozen(locked.status)
        line = locked.lines.filter(pk=line_id).first()
        if line is None:
            raise OrderError("No such line in this order.", code="line_not_found",
                             field="line", status=404)
        unit = TaxedPrice(Money(line.unit_net, locked.currency),
                          Money(line.unit_gross, locked.currency), line.vat_rate,
                          is_gross_entered=True)
        total = unit * quantity
        line.quantity = quantity
        line.line_net, line.line_gross = total.net.amount, total.gross.amount
        line.line_tax = total.tax.amount
        line.save(update_fields=["quantity", "line_net", "line_tax", "line_gross"])
        _retotal(locked)
    order.total_net, order.total_tax = locked.total_net, locked.total_tax
    order.total_gross = locked.total_gross
    return line


@dataclass(frozen=True)
class ItemLine:
    """A catalogue item bought outside the cart (a repair package, a fee)."""

    item: SellableItem
    quantity: int = 1


@dataclass(frozen=True)
class ServiceLine:
    """A priced line without a catalogue item (a quote's part or labour): its unit price as
    it was agreed, before the customer's pricing policy."""

    description: str
    quantity: int
    unit_price: TaxedPrice
    kind: str = ItemKind.FEE


def _service_line(order: Order, position: int, line: ServiceLine,
                  policy: PricingPolicy) -> OrderLine:
    unit, total = policy.charged(line.unit_price), policy.charged(line.unit_price * line.quantity)
    return OrderLine(
        order=order, position=position, item=None, description=line.description[:200],
        kind=line.kind, quantity=line.quantity, unit_net=unit.net.amount,
        unit_gross=unit.gross.amount, vat_rate=total.rate, line_net=total.net.amount,
        line_tax=total.tax.amount, line_gross=total.gross.amount,
    )


def _with_services(summary: PriceSummary, services: Sequence[ServiceLine]) -> PriceSummary:
    for service in services:
        total = service.unit_price * service.quantity
        summary = with_delivery(summary, DeliveryFee("", service.description, total))
    return summary


def place_order_for_items(customer: Customer, items: Sequence[ItemLine], *, email: str,
                          services: Sequence[ServiceLine] = (),
                          details: CheckoutDetails | None = None,
                          actor_email: str = "") -> Order:
    """An order placed without a cart, to be paid on the pay page: a repair's package or fee,
    an accepted quote's lines.

    Lines are snapshotted with ``customer``'s pricing policy as a checkout does (``price_lines``
    for catalogue items; service lines through the same policy); the reference comes from the
    order counter, in the caller's transaction when there is one. Only active repair packages
    and fees are sold this way (no stock to take); ``details`` carry the terms, billing and
    payment choices (no delivery fee).
    """
    email = _clean_email(email)
    details = details or CheckoutDetails()
    if not items and not services:
        raise OrderError("Nothing to order.", code="empty_order", field="items")
    for line in items:
        if not line.item.is_active or line.item.kind not in (ItemKind.REPAIR_PACKAGE,
                                                             ItemKind.FEE):
            raise OrderError(f"{line.item.name} is no longer for sale.",
                             code="item_unavailable", field="item", status=409)
    policy = pricing_policy(customer)
    with transaction.atomic():
        goods = price_lines(items, policy)
        order = _order_from(_with_services(goods, services), customer, email)
        for name, value in details.order_fields().items():
            setattr(order, name, value)
        order.save()
        order_lines = [_line_from(order, position, priced)
                       for position, priced in enumerate(goods.lines, 1)]
        order_lines += [_service_line(order, position, service, policy)
                        for position, service in enumerate(services, len(order_lines) + 1)]
        OrderLine.objects.bulk_create(order_lines)
        OrderEvent.objects.create(order=order, to_status=OrderStatus.PLACED,
                                  actor_email=actor_email or email)
    return order
