"""Every change to a payment or a refund, and what it does to the order.

Each action is one transaction that locks the order, then the payment (always in that order, so
two webhooks, or a webhook and the customer's return, cannot both confirm or refund the same
money), re-checks under the lock and writes the history row with the change. Provider calls
happen between transactions: a hosted page or a refund is asked for only after the row holding
its idempotency key is committed.

"Paid" and "refunded" are derived: when the confirmed payments minus refunds cover the order's
total, the order becomes paid and ``order_paid`` is sent; every succeeded refund sends
``order_refunded``, and once refunds reach what was captured the order becomes refunded. The
signals go out inside the transaction, so what receivers write commits with the change.
"""

import logging
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from tenant_apps.commerce.models import Order
from tenant_apps.commerce.order_actions import transition_order
from tenant_apps.commerce.order_state import OrderStatus
from tenant_apps.commerce.order_state import can_transition as order_can_transition
from tenant_apps.commerce.signals import order_paid, order_refunded
from tenant_apps.pricing.money import quantize

from .errors import (
    InvalidPaymentTransition,
    NotRefundable,
    OrderNotPayable,
    PaymentError,
    ProviderFailed,
    RefundTooLarge,
)
from .models import Payment, PaymentEvent, Refund
from .providers import get_provider, provider_for_refunds
from .selectors import (
    captured_total,
    order_balance,
    outstanding_amount,
    payment_refunded,
    refundable_amount,
    refunded_total,
)
from .state import (
    CAPTURED_STATUSES,
    OPEN_STATUSES,
    PaymentStatus,
    RefundStatus,
    can_transition,
    can_transition_refund,
)

# Who moves an order when money moves (the order history shows it).
PAYMENTS_ACTOR = "payments"
logger = logging.getLogger(__name__)
MAX_AMOUNT = Decimal("9999999999.99")


def _lock_order(order_id: int) -> Order:
    return Order.objects.select_for_update().get(pk=order_id)


def _lock_payment(payment_id: int) -> Payment:
    return Payment.objects.select_for_update().get(pk=payment_id)


def _move(payment: Payment, target: str, *, source: str, actor_email: str = "",
          fields: tuple[str, ...] = ()) -> None:
    """Move a payment already locked by the caller, with its history row."""
    if not can_transition(payment.status, target):
        raise InvalidPaymentTransition(payment.status, target)
    PaymentEvent.objects.create(payment=payment, from_status=payment.status, to_status=target,
                                source=source[:120], actor_email=actor_email)
    payment.status = target
    payment.save(update_fields=["status", "updated_at", *fields])


def transition_payment(payment: Payment, target: str, *, source: str,
                       actor_email: str = "") -> Payment:
    """Move ``payment`` to ``target`` if the transition table allows it from its status now."""
    with transaction.atomic():
        locked = _lock_payment(payment.pk)
        _move(locked, target, source=source, actor_email=actor_email)
    payment.status = locked.status
    return payment


# --- Starting a payment --------------------------------------------------------------------

def _open_payments(order: Order) -> list[Payment]:
    return list(Payment.objects.filter(order=order, status__in=OPEN_STATUSES).order_by("pk"))


def _close_stale_payments(order: Order, provider_code: str) -> None:
    """Close the order's open payments that a new one would not reuse (another method, an
    amount since changed): their pages must no longer take money, or the order is paid twice.

    The provider closes each page first; one it cannot close (being paid right now) refuses
    the new payment.
    """
    due = outstanding_amount(order)
    for payment in _open_payments(order):
        if payment.provider == provider_code and payment.amount == due:
            continue
        try:
            provider_for_refunds(payment.provider).close(payment)
        except ProviderFailed:
            raise OrderNotPayable("A payment already started for this order may be going "
                                  "through: reload this page in a moment.") from None
        fail_payment(payment, source="replaced by a new payment",
                     target=PaymentStatus.CANCELLED)


def close_open_payments(order: Order, *, source: str) -> int:
    """Close every payment page still open for the order (it was cancelled): the provider
    closes each page, then the payment is cancelled. A page the provider cannot close (being
    paid at this very moment) is left open and logged: if it succeeds, staff see the payment on
    a cancelled order and refund it. Returns how many were closed."""
    closed = 0
    for payment in _open_payments(order):
        try:
            provider_for_refunds(payment.provider).close(payment)
        except ProviderFailed:
            logger.warning("Payment %s of cancelled order %s could not be closed.",
                           payment.pk, order.reference)
            continue
        fail_payment(payment, source=source, target=PaymentStatus.CANCELLED)
        closed += 1
    return closed


def _create_payment(order: Order, provider: str) -> tuple[Payment, bool]:
    """The payment to send the customer to, and whether it is new: an open one of the same
    method and amount is reused (its page again), so two tabs or a second click never open a
    second way to pay the same amount."""
    with transaction.atomic():
        locked = _lock_order(order.pk)
        if locked.status != OrderStatus.PLACED:
            raise OrderNotPayable(f"An order that is {locked.get_status_display().lower()} "
                                  "cannot be paid.")
        amount = outstanding_amount(locked)
        if amount <= 0:
            raise OrderNotPayable("This order is already paid.")
        reusable = (Payment.objects.filter(order=locked, provider=provider, amount=amount,
                                           status__in=OPEN_STATUSES).order_by("-pk").first())
        if reusable is not None:
            return reusable, False
        payment = Payment.objects.create(order=locked, provider=provider, amount=amount,
                                         currency=locked.currency)
        PaymentEvent.objects.create(payment=payment, to_status=PaymentStatus.CREATED,
                                    source="started")
    return payment, True


def start_payment(order: Order, provider_code: str) -> tuple[Payment, str]:
    """Create a payment for what the order still owes and ask the provider for its page.

    Returns the payment and the URL to send the customer to. An open payment of the same
    method and amount is reused (the provider is asked again with its idempotency key, so it
    answers with the same page); other open payments are closed first. Refused when the
    provider is not offered here, when the order is not awaiting payment, when an earlier page
    cannot be closed, or when the provider refuses (a new payment is then failed).
    """
    provider = get_provider(provider_code)
    _close_stale_payments(order, provider.code)
    payment, is_new = _create_payment(order, provider.code)
    try:
        started = provider.start(payment)
    except ProviderFailed:
        if is_new:
            transition_payment(payment, PaymentStatus.FAILED, source="provider refused")
        raise
    with transaction.atomic():
        locked = _lock_payment(payment.pk)
        locked.provider_reference = started.reference[:255]
        locked.save(update_fields=["provider_reference", "updated_at"])
        # A webhook may have confirmed it already: then it stays where it is.
        if locked.status == PaymentStatus.CREATED:
            _move(locked, PaymentStatus.PENDING, source=f"{provider.code} page opened")
    return locked, started.redirect_url


# --- The provider's answer -----------------------------------------------------------------

def _settle_paid(order: Order, payment: Payment) -> None:
    if order.status == OrderStatus.PLACED and order_balance(order) >= order.total_gross:
        transition_order(order, OrderStatus.PAID, actor_email=PAYMENTS_ACTOR, by_payments=True)
        order_paid.send(sender=Order, order=order, payment=payment)


def confirm_payment(payment: Payment, *, source: str, captured: Decimal | None = None,
                    payment_intent_id: str = "") -> tuple[Payment, bool]:
    """The provider took the money. Returns the payment and whether this call confirmed it.

    Confirming twice (a replayed webhook, the return page and the webhook) changes nothing the
    second time. The order becomes paid when its payments now cover it.
    """
    with transaction.atomic():
        order = _lock_order(payment.order_id)
        locked = _lock_payment(payment.pk)
        if locked.status in CAPTURED_STATUSES:
            return locked, False
        locked.captured_amount = quantize(captured if captured is not None else locked.amount)
        locked.captured_at = timezone.now()
        if payment_intent_id:
            locked.payment_intent_id = payment_intent_id[:255]
        _move(locked, PaymentStatus.SUCCEEDED, source=source,
              fields=("captured_amount", "captured_at", "payment_intent_id"))
        _settle_paid(order, locked)
    return locked, True


def fail_payment(payment: Payment, *, source: str, target: str = PaymentStatus.FAILED,
                 payment_intent_id: str = "") -> tuple[Payment, bool]:
    """The payment failed or its page expired. A late failure after success changes nothing."""
    with transaction.atomic():
        locked = _lock_payment(payment.pk)
        if payment_intent_id and not locked.payment_intent_id:
            locked.payment_intent_id = payment_intent_id[:255]
            locked.save(update_fields=["payment_intent_id", "updated_at"])
        if not can_transition(locked.status, target):
            return locked, False
        _move(locked, target, source=source)
    return locked, True


# --- Refunds -------------------------------------------------------------------------------

def clean_refund_amount(amount: object) -> Decimal:
    try:
        value = Decimal(str(amount).strip())
    except (InvalidOperation, ValueError):
        raise PaymentError("Enter an amount such as 12.50.", code="invalid_amount",
                           field="amount") from None
    if not value.is_finite() or value <= 0 or value > MAX_AMOUNT or value != quantize(value):
        raise PaymentError("Enter a positive amount with at most two decimals.",
                           code="invalid_amount", field="amount")
    return value


def _reserve_refund(payment: Payment, amount: Decimal, *, reason: str,
                    actor_email: str) -> Refund:
    with transaction.atomic():
        _lock_order(payment.order_id)
        locked = _lock_payment(payment.pk)
        if locked.status not in (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED):
            raise NotRefundable(locked.get_status_display().lower())
        refundable = refundable_amount(locked)
        if amount > refundable:
            raise RefundTooLarge(refundable, locked.currency)
        return Refund.objects.create(payment=locked, amount=amount, reason=reason[:200],
                                     actor_email=actor_email)


def refund_payment(payment: Payment, amount: object, *, reason: str = "",
                   actor_email: str) -> Refund:
    """Refund ``amount`` of a succeeded payment, never more than captured minus refunded.

    The refund row, with its idempotency key, is committed (holding its amount against other
    refunds) before the provider is called; the provider's answer is recorded after.
    """
    value = clean_refund_amount(amount)
    refund = _reserve_refund(payment, value, reason=(reason or "").strip(),
                             actor_email=actor_email)
    provider = provider_for_refunds(payment.provider)
    try:
        result = provider.refund(refund)
    except ProviderFailed:
        record_refund_outcome(refund, RefundStatus.FAILED, source="provider refused")
        raise
    return record_refund_outcome(refund, result.status, reference=result.reference,
                                 source=f"{payment.provider} refund")


def _after_refund(order: Order, payment: Payment, refund: Refund, *, source: str) -> None:
    target = (PaymentStatus.REFUNDED if payment_refunded(payment) >= payment.captured_amount
              else PaymentStatus.PARTIALLY_REFUNDED)
    if target != payment.status and can_transition(payment.status, target):
        _move(payment, target, source=source, actor_email=refund.actor_email)
    captured = captured_total(order)
    if (captured > 0 and refunded_total(order) >= captured
            and order_can_transition(order.status, OrderStatus.REFUNDED)):
        transition_order(order, OrderStatus.REFUNDED, actor_email=PAYMENTS_ACTOR,
                         by_payments=True)
    order_refunded.send(sender=Order, order=order, refund=refund, amount=refund.amount)


def record_refund_outcome(refund: Refund, status: str, *, reference: str = "",
                          source: str = "") -> Refund:
    """The provider's word on a refund; a repeated or out-of-date word changes nothing."""
    with transaction.atomic():
        order = _lock_order(refund.payment.order_id)
        payment = _lock_payment(refund.payment_id)
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if reference and not locked.provider_reference:
            locked.provider_reference = reference[:255]
            locked.save(update_fields=["provider_reference", "updated_at"])
        if not can_transition_refund(locked.status, status):
            return locked
        locked.status = status
        locked.completed_at = timezone.now()
        locked.save(update_fields=["status", "completed_at", "updated_at"])
        if status == RefundStatus.SUCCEEDED:
            _after_refund(order, payment, locked, source=source)
    return locked


def record_provider_refund(payment: Payment, *, reference: str, amount: Decimal, status: str,
                           source: str, idempotency_key: str = "",
                           payment_intent_id: str = "") -> Refund:
    """A refund the provider reports: ours (found by key or reference) or one made at the
    provider (its dashboard), recorded as it is. A refund proves the money was captured, so a
    payment still waiting is confirmed first (the refund's event came before the payment's)."""
    if payment.status not in CAPTURED_STATUSES:
        payment, _ = confirm_payment(payment, source=source,
                                     payment_intent_id=payment_intent_id)
    with transaction.atomic():
        _lock_order(payment.order_id)
        refunds = Refund.objects.filter(payment=payment)
        refund = (refunds.filter(provider_reference=reference).first()
                  or (refunds.filter(idempotency_key=idempotency_key).first()
                      if idempotency_key else None))
        if refund is None:
            refund = Refund.objects.create(payment=payment, amount=amount,
                                           provider_reference=reference[:255],
                                           reason="Refunded at the payment provider",
                                           actor_email="")
    return record_refund_outcome(refund, status, reference=reference, source=source)
