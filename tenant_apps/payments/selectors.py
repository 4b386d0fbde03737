"""Read models of payments: what an order's payments add up to, one payment by id or token."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404

from tenant_apps.commerce.models import Order
from tenant_apps.commerce.order_models import is_token_shaped
from tenants.lookups import is_database_id

from .models import Payment, Refund
from .state import CAPTURED_STATUSES, HOLDING_REFUND_STATUSES, REFUNDABLE_STATUSES, RefundStatus

ZERO = Decimal("0.00")


def _sum(queryset: QuerySet, field: str) -> Decimal:  # type: ignore[type-arg]
    return queryset.aggregate(total=Sum(field))["total"] or ZERO


def captured_total(order: Order) -> Decimal:
    return _sum(Payment.objects.filter(order=order, status__in=CAPTURED_STATUSES),
                "captured_amount")


def refunded_total(order: Order) -> Decimal:
    return _sum(Refund.objects.filter(payment__order=order, status=RefundStatus.SUCCEEDED),
                "amount")


def order_balance(order: Order) -> Decimal:
    """What the order's confirmed payments hold now: captured minus refunded."""
    return captured_total(order) - refunded_total(order)


def outstanding_amount(order: Order) -> Decimal:
    """What is still to pay for the order to be paid (never negative)."""
    return max(order.total_gross - order_balance(order), ZERO)


def payment_refunded(payment: Payment) -> Decimal:
    return _sum(payment.refunds.filter(status=RefundStatus.SUCCEEDED), "amount")


def refundable_amount(payment: Payment) -> Decimal:
    """Captured minus refunded and minus refunds still pending (they hold their amount)."""
    if payment.status not in REFUNDABLE_STATUSES:
        return ZERO
    held = _sum(payment.refunds.filter(status__in=HOLDING_REFUND_STATUSES), "amount")
    return max(payment.captured_amount - held, ZERO)


def payments_of(order: Order) -> list[Payment]:
    """The order's payments, oldest first, each with its refunds: two queries."""
    return list(Payment.objects.filter(order=order)
                .prefetch_related(Prefetch("refunds", queryset=Refund.objects.order_by("id"))))


def order_for_token(token: str) -> Order:
    """The order a payment link names; unknown tokens are a 404."""
    order = Order.objects.filter(public_token=token).first() if is_token_shaped(token) \
        else None
    if order is None:
        raise Http404("No such order.")
    return order


def access_payment(payment_id: int) -> Payment:
    """One payment of the current tenant; unknown ids (and other tenants' ids) are a 404."""
    if not is_database_id(payment_id):
        raise Http404("No such payment.")
    payment = Payment.objects.select_related("order").filter(pk=payment_id).first()
    if payment is None:
        raise Http404("No such payment.")
    return payment


def payment_for_token(token: str) -> Payment:
    payment = Payment.objects.select_related("order").filter(token=token).first() \
        if is_token_shaped(token) else None
    if payment is None:
        raise Http404("No such payment.")
    return payment


@dataclass(frozen=True)
class PaymentRow:
    payment: Payment
    refunds: list[Refund]
    refunded: Decimal
    refundable: Decimal
    dashboard_url: str


@dataclass(frozen=True)
class OrderPayments:
    """What the order pages show about the money: payments, refunds, balance, what is due."""

    order: Order
    rows: list[PaymentRow]
    captured: Decimal
    refunded: Decimal
    balance: Decimal
    outstanding: Decimal

    @property
    def is_covered(self) -> bool:
        return self.balance >= self.order.total_gross and self.captured > ZERO


def order_payments(order: Order, *, dashboard_url=None) -> OrderPayments:  # type: ignore[no-untyped-def]
    """The order's payments summed in Python from one prefetched read (no query per row)."""
    rows = []
    captured = refunded = ZERO
    for payment in payments_of(order):
        refunds = list(payment.refunds.all())
        done = sum((r.amount for r in refunds if r.status == RefundStatus.SUCCEEDED), ZERO)
        held = sum((r.amount for r in refunds if r.status in HOLDING_REFUND_STATUSES), ZERO)
        refundable = (max(payment.captured_amount - held, ZERO)
                      if payment.status in REFUNDABLE_STATUSES else ZERO)
        if payment.status in CAPTURED_STATUSES:
            captured += payment.captured_amount
        refunded += done
        rows.append(PaymentRow(payment, refunds, done, refundable,
                               dashboard_url(payment) if dashboard_url else ""))
    balance = captured - refunded
    return OrderPayments(order, rows, captured, refunded, balance,
                         max(order.total_gross - balance, ZERO))
