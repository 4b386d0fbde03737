"""The life of an order: its statuses and the moves staff and payments may make between them.

Once an order is paid its lines and totals are frozen: only refunds and credit notes change what
it is worth, so only a placed order is in ``EDITABLE_STATUSES``.
"""

from django.db import models


class OrderStatus(models.TextChoices):
    PLACED = "placed", "Placed"
    PAID = "paid", "Paid"
    PROCESSING = "processing", "Processing"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"


ORDER_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PLACED: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.PROCESSING, OrderStatus.REFUNDED}),
    OrderStatus.PROCESSING: frozenset({OrderStatus.SHIPPED, OrderStatus.REFUNDED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.COMPLETED, OrderStatus.REFUNDED}),
    OrderStatus.COMPLETED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}

# Lines and totals may change only while the order is placed and unpaid: from "paid" on (and once
# cancelled) they are frozen.
EDITABLE_STATUSES = frozenset({OrderStatus.PLACED})

# "Paid" and "refunded" follow the money: tenant_apps.payments moves an order there when its
# confirmed payments cover the total or its refunds reach it. Staff never choose them by hand.
PAYMENT_DRIVEN_TARGETS = frozenset({OrderStatus.PAID, OrderStatus.REFUNDED})


def allowed_targets(status: str, *, by_payments: bool = False) -> list[OrderStatus]:
    """The statuses an order in ``status`` may move to, in the order of the enum.

    Staff (``by_payments=False``) are not offered the payment-driven ones.
    """
    targets = ORDER_TRANSITIONS.get(OrderStatus(status), frozenset())
    if not by_payments:
        targets = targets - PAYMENT_DRIVEN_TARGETS
    return [target for target in OrderStatus if target in targets]


def can_transition(source: str, target: str) -> bool:
    if source not in OrderStatus.values or target not in OrderStatus.values:
        return False
    return OrderStatus(target) in ORDER_TRANSITIONS[OrderStatus(source)]
